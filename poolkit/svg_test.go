package poolkit_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

// svgCounts parses svg as XML and counts elements by their class attribute;
// it also returns the texts of the elements of class "row-label" and
// "bar-label".
func svgCounts(t *testing.T, svg string) (classes map[string]int, texts map[string][]string) {
	t.Helper()
	classes, texts = map[string]int{}, map[string][]string{}
	d := xml.NewDecoder(strings.NewReader(svg))
	var cur string
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Space + " " + tok.Name.Local
			}
			cur = ""
			for _, a := range tok.Attr {
				if a.Name.Local == "class" {
					classes[a.Value]++
					cur = a.Value
				}
			}
		case xml.CharData:
			if cur == "row-label" || cur == "bar-label" || cur == "title" {
				texts[cur] = append(texts[cur], string(tok))
			}
		case xml.EndElement:
			cur = ""
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Fatalf("root element %q, want svg in the SVG namespace", root)
	}
	return classes, texts
}

func TestTimelineSVG(t *testing.T) {
	ms := time.Millisecond
	many := poolkit.Timeline{Workers: 3, Wall: time.Second}
	for i := 0; i < 300; i++ {
		many.Spans = append(many.Spans, poolkit.Span{Worker: i % 3, Lo: i, Hi: i + 1, Start: time.Duration(i) * 3 * ms, End: time.Duration(i+1) * 3 * ms})
	}
	tests := []struct {
		name      string
		tl        poolkit.Timeline
		rows      int
		bars      int
		rowLabels []string
		barLabels []string
		title     string
	}{
		{"empty", poolkit.Timeline{Workers: 2}, 2, 0, []string{"worker 0", "worker 1"}, nil, "no tasks recorded on 2 workers"},
		{"no workers", poolkit.Timeline{}, 1, 0, []string{"worker 0"}, nil, "no tasks recorded on 0 workers"},
		{"fixed", fixedTimeline(), 2, 3, []string{"worker 0", "worker 1"}, []string{"0-1", "2-3", "4"},
			"5 tasks in 3 chunks on 2 workers, wall time 0.400 s"},
		{"labels that do not fit", many, 3, 300, []string{"worker 0", "worker 1", "worker 2"}, nil,
			"300 tasks in 300 chunks on 3 workers, wall time 1.000 s"},
		{"zero wall", poolkit.Timeline{Workers: 1, Spans: []poolkit.Span{{Lo: 0, Hi: 1}}}, 1, 1, []string{"worker 0"}, nil,
			"1 tasks in 1 chunks on 1 workers, wall time 0.000 s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			classes, texts := svgCounts(t, tt.tl.SVG())
			if classes["row-label"] != tt.rows || classes["bar"] != tt.bars {
				t.Errorf("%d rows, %d bars; want %d, %d", classes["row-label"], classes["bar"], tt.rows, tt.bars)
			}
			if fmt.Sprint(texts["row-label"]) != fmt.Sprint(tt.rowLabels) {
				t.Errorf("row labels %q, want %q", texts["row-label"], tt.rowLabels)
			}
			if fmt.Sprint(texts["bar-label"]) != fmt.Sprint(tt.barLabels) {
				t.Errorf("bar labels %q, want %q", texts["bar-label"], tt.barLabels)
			}
			if fmt.Sprint(texts["title"]) != fmt.Sprint([]string{tt.title}) {
				t.Errorf("title %q, want %q", texts["title"], tt.title)
			}
			if classes["tick"] < 2 || classes["tick"] != classes["tick-label"] {
				t.Errorf("%d ticks, %d tick labels", classes["tick"], classes["tick-label"])
			}
		})
	}
}

func TestTimelineSVGOfARealRun(t *testing.T) {
	p := poolkit.NewPool(3)
	defer p.Close()
	poolkit.Map(p.With(poolkit.ChunkSize(4)), func(x int) int { time.Sleep(time.Millisecond); return x }, make([]int, 30))
	classes, _ := svgCounts(t, p.Timeline().SVG())
	if classes["row-label"] != 3 || classes["bar"] != 8 {
		t.Errorf("%d rows, %d bars; want 3, 8", classes["row-label"], classes["bar"])
	}
}

func TestTimelineMIMEBundle(t *testing.T) {
	tl := fixedTimeline()
	b := tl.MIMEBundle()
	if len(b) != 2 || b["image/svg+xml"] != tl.SVG() || b["text/plain"] != tl.String() {
		t.Errorf("MIMEBundle() = %v", b)
	}
}

func ExampleTimeline_SVG() {
	ms := time.Millisecond
	tl := poolkit.Timeline{Workers: 2, Wall: 200 * ms, Spans: []poolkit.Span{
		{Worker: 0, Lo: 0, Hi: 2, Start: 0, End: 200 * ms},
		{Worker: 1, Lo: 2, Hi: 4, Start: 0, End: 100 * ms},
	}}
	svg := tl.SVG()
	fmt.Println(strings.HasPrefix(svg, "<svg "), strings.Count(svg, `class="bar"`), strings.Count(svg, `class="row-label"`))
	// Output: true 2 2
}

func ExampleTimeline_MIMEBundle() {
	p := poolkit.NewPool(2)
	defer p.Close()
	poolkit.Map(p, func(x int) int { return x }, make([]int, 10))
	// A notebook kernel shows values with this method as rich output.
	var v any = p.Timeline()
	if r, ok := v.(interface{ MIMEBundle() map[string]string }); ok {
		b := r.MIMEBundle()
		fmt.Println(strings.HasPrefix(b["image/svg+xml"], "<svg"), strings.HasPrefix(b["text/plain"], "timeline: 10 tasks"))
	}
	// Output: true true
}
