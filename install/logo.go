package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// The logo: two lanes of bars on Go's blue, a picture of a pool of two
// workers, drawn here so that no image file needs to be shipped.
const logoSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" rx="10" fill="#00ADD8"/>
<rect x="8" y="16" width="22" height="12" rx="3" fill="#ffffff"/>
<rect x="34" y="16" width="22" height="12" rx="3" fill="#CE3262"/>
<rect x="8" y="36" width="30" height="12" rx="3" fill="#CE3262"/>
<rect x="42" y="36" width="14" height="12" rx="3" fill="#ffffff"/>
</svg>
`

func writeLogos(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "logo-svg.svg"), []byte(logoSVG), 0o644); err != nil {
		return err
	}
	for _, n := range []int{32, 64} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, logo(n)); err != nil {
			return err
		}
		name := filepath.Join(dir, "logo-"+itoa(n)+"x"+itoa(n)+".png")
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func logo(n int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	blue := color.RGBA{0x00, 0xAD, 0xD8, 0xff}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	pink := color.RGBA{0xCE, 0x32, 0x62, 0xff}
	fill := func(x0, y0, x1, y1 int, c color.Color) {
		s := float64(n) / 64
		for y := int(float64(y0) * s); y < int(float64(y1)*s); y++ {
			for x := int(float64(x0) * s); x < int(float64(x1)*s); x++ {
				img.Set(x, y, c)
			}
		}
	}
	fill(0, 0, 64, 64, blue)
	fill(8, 16, 30, 28, white)
	fill(34, 16, 56, 28, pink)
	fill(8, 36, 38, 48, pink)
	fill(42, 36, 56, 48, white)
	return img
}

func itoa(n int) string {
	if n == 32 {
		return "32"
	}
	return "64"
}
