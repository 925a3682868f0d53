package engine

import (
	"strings"
	"testing"
)

func TestDisplay(t *testing.T) {
	tests := []struct {
		name, cell string
		mimes      []string
	}{
		{"html", `display.HTML("<b>hi</b>")`, []string{"text/html"}},
		{"markdown", `display.Markdown("# t")`, []string{"text/markdown"}},
		{"svg", `display.SVG("<svg xmlns='http://www.w3.org/2000/svg'></svg>")`, []string{"image/svg+xml"}},
		{"json", `display.JSON(map[string]int{"a": 1})`, []string{"application/json"}},
		{"timeline", "p := poolkit.NewPool(2)\nr := poolkit.Map(p, func(x int) int { return x }, []int{1, 2, 3})\np.Timeline()", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.mimes == nil && raceBuild {
				t.Skip("runs goroutines in the interpreter: yaegi races on its own under -race")
			}
			s := newTestSession(t)
			r := s.run(t, tc.cell)
			if r.err != "" {
				t.Fatal(r.err)
			}
			if tc.mimes == nil { // a rich result: the timeline's SVG chart
				if len(r.rec.bundles) != 1 || !strings.Contains(r.rec.bundles[0].Data["image/svg+xml"].(string), "<svg") {
					t.Fatalf("result %v", r.rec.bundles)
				}
				return
			}
			if len(r.rec.displays) != 1 {
				t.Fatalf("displays: %v", r.rec.displays)
			}
			for _, m := range tc.mimes {
				if _, ok := r.rec.displays[0].Data[m]; !ok {
					t.Errorf("no %s in %v", m, r.rec.displays[0].Data)
				}
			}
		})
	}
}

// A pool's progress hook shows one bar, updated in place.
func TestProgressBar(t *testing.T) {
	if raceBuild {
		t.Skip("runs goroutines in the interpreter: yaegi races on its own under -race")
	}
	s := newTestSession(t)
	r := s.run(t, "p := poolkit.NewPool(2).With(poolkit.ChunkSize(1))\np.OnProgress(display.Progress(\"Map\"))\nres := poolkit.Map(p, func(x int) int { return x * 2 }, make([]int, 10))\nlen(res)")
	if r.err != "" || r.result != "10" {
		t.Fatalf("%+v", r)
	}
	ds := r.rec.displays
	if len(ds) < 2 {
		t.Fatalf("want a display and updates, got %d", len(ds))
	}
	if ds[0].Update || ds[0].DisplayID == "" {
		t.Errorf("first: %+v", ds[0])
	}
	for _, d := range ds[1:] {
		if !d.Update || d.DisplayID != ds[0].DisplayID {
			t.Errorf("update %+v", d)
		}
	}
	last := ds[len(ds)-1].Data["text/plain"].(string)
	if !strings.Contains(last, "10/10") {
		t.Errorf("last state %q", last)
	}
}
