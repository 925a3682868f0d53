package poolkit

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Layout of the timeline chart, in pixels.
const (
	svgWidth  = 720.0
	svgLeft   = 72.0 // room for the worker labels
	svgRight  = 24.0
	svgTop    = 32.0 // room for the title
	svgRow    = 24.0
	svgBar    = 18.0
	svgBottom = 36.0 // room for the axis
	svgChar   = 6.5  // approximate width of a character of the labels
)

// svgColors are the fill colours of the runs of a busy period, in turn.
var svgColors = []string{"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac"}

// svgFailed is the fill colour of a chunk whose last task panicked.
const svgFailed = "#e15759"

// SVG renders t as a self-contained SVG Gantt chart: a title with the wall
// time, one labelled row per worker, one bar per chunk (labelled with its
// input index or index range when the label fits; hover for details), and
// an x axis in seconds. Bars of different calls have different colours;
// bars whose last task panicked are red.
func (t Timeline) SVG() string {
	rows := t.rows()
	plotW := svgWidth - svgLeft - svgRight
	height := svgTop + float64(rows)*svgRow + svgBottom
	wall := t.Wall.Seconds()
	if wall <= 0 {
		wall = 1e-9
	}
	x := func(s float64) float64 { return svgLeft + plotW*s/wall }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif" font-size="11">`+"\n",
		f(svgWidth), f(height), f(svgWidth), f(height))
	fmt.Fprintf(&b, `<rect class="background" x="0" y="0" width="%s" height="%s" fill="white"/>`+"\n", f(svgWidth), f(height))
	fmt.Fprintf(&b, `<text class="title" x="%s" y="20" font-size="13" font-weight="bold">%s</text>`+"\n", f(svgLeft), html.EscapeString(t.title()))

	for w := 0; w < rows; w++ {
		y := svgTop + float64(w)*svgRow
		if w%2 == 1 {
			fmt.Fprintf(&b, `<rect class="stripe" x="%s" y="%s" width="%s" height="%s" fill="#f4f4f4"/>`+"\n", f(svgLeft), f(y), f(plotW), f(svgRow))
		}
		fmt.Fprintf(&b, `<text class="row-label" x="%s" y="%s" text-anchor="end">worker %d</text>`+"\n", f(svgLeft-6), f(y+svgRow/2+4), w)
	}

	for _, s := range t.Spans {
		x0, x1 := x(s.Start.Seconds()), x(s.End.Seconds())
		w := x1 - x0
		if w < 1 {
			w = 1
		}
		y := svgTop + float64(s.Worker)*svgRow + (svgRow-svgBar)/2
		color := svgColors[s.Run%len(svgColors)]
		if s.Failed {
			color = svgFailed
		}
		label := strconv.Itoa(s.Lo)
		what := "task " + label
		if s.Hi-s.Lo > 1 {
			label += "-" + strconv.Itoa(s.Hi-1)
			what = "tasks " + label
		}
		tip := fmt.Sprintf("%s on worker %d: %.3f s to %.3f s", what, s.Worker, s.Start.Seconds(), s.End.Seconds())
		if s.Failed {
			tip += " (panicked)"
		}
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="white" stroke-width="0.5"><title>%s</title></rect>`+"\n",
			f(x0), f(y), f(w), f(svgBar), color, html.EscapeString(tip))
		if float64(len(label))*svgChar+4 <= w {
			fmt.Fprintf(&b, `<text class="bar-label" x="%s" y="%s" text-anchor="middle" fill="white">%s</text>`+"\n", f(x0+w/2), f(y+svgBar/2+4), label)
		}
	}

	axisY := svgTop + float64(rows)*svgRow
	fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s" stroke="black"/>`+"\n", f(svgLeft), f(axisY), f(svgLeft+plotW), f(axisY))
	step := niceStep(wall / 6)
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	for i := 0; float64(i)*step <= wall*(1+1e-9); i++ {
		v := float64(i) * step
		fmt.Fprintf(&b, `<line class="tick" x1="%s" y1="%s" x2="%s" y2="%s" stroke="black"/>`+"\n", f(x(v)), f(axisY), f(x(v)), f(axisY+4))
		fmt.Fprintf(&b, `<text class="tick-label" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", f(x(v)), f(axisY+16), strconv.FormatFloat(v, 'f', decimals, 64))
	}
	fmt.Fprintf(&b, `<text class="axis-label" x="%s" y="%s" text-anchor="middle">seconds</text>`+"\n", f(svgLeft+plotW/2), f(axisY+31))
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep returns the smallest of 1, 2 and 5 times a power of ten that is
// at least raw.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// MIMEBundle returns t for rich display, as a map from MIME type to
// content: "image/svg+xml" holds [Timeline.SVG] and "text/plain" holds
// [Timeline.String]. Notebook kernels display values that have this method
// as rich output.
func (t Timeline) MIMEBundle() map[string]string {
	return map[string]string{
		"image/svg+xml": t.SVG(),
		"text/plain":    t.String(),
	}
}
