package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	for _, c := range []string{
		"import \"fmt\"",
		"func cubeTwoCellsAgo(x int) int { return x * x * x }",
		"type Point struct{ X, Y int }\nfunc (p Point) Norm1() int { return p.X + p.Y }",
		"pt := Point{1, 2}",
	} {
		if r := s.run(t, c); r.err != "" {
			t.Fatal(r.err)
		}
	}
	tests := []struct {
		code  string
		want  []string // all must be in matches
		start int      // cursor_start, in code points
	}{
		{"fmt.Pri", []string{"Print", "Printf", "Println"}, 4},
		{"x := cubeTwo", []string{"cubeTwoCellsAgo"}, 5},
		{"pt.", []string{"X", "Y", "Norm1"}, 3},
		{"Point.", []string{"X", "Y", "Norm1"}, 6},
		{"poolkit.IMapU", []string{"IMapUnordered"}, 8},
		{"poolkit.New", []string{"NewPool", "NewThread", "NewProcess"}, 8},
		{"strings.ToU", []string{"ToUpper"}, 8}, // not imported yet
		{"olá := 1; ol", []string{"olá"}, 10},   // code points, not bytes
		{"sl", []string{"slices"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			r := s.e.Complete(kernel.CompleteRequest{Code: tc.code, CursorPos: len([]rune(tc.code))})
			for _, w := range tc.want {
				if !slices.Contains(r.Matches, w) {
					t.Errorf("matches %v lack %q", r.Matches, w)
				}
			}
			if r.CursorStart != tc.start || r.CursorEnd != len([]rune(tc.code)) {
				t.Errorf("cursor %d-%d, want %d-%d", r.CursorStart, r.CursorEnd, tc.start, len([]rune(tc.code)))
			}
		})
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	for _, c := range []string{"import \"sync\"", "// cube returns x cubed.\nfunc cube(x int) int { return x * x * x }", "p := poolkit.NewPool(2)\nvar wg sync.WaitGroup"} {
		if r := s.run(t, c); r.err != "" {
			t.Fatal(r.err)
		}
	}
	tests := []struct{ code, want string }{
		{"fmt.Println", "Println formats"},
		{"strings.ToUpper", "func ToUpper(s string) string"},
		{"poolkit.Map", "func Map[T, R any]"},
		{"poolkit.NewPool", "func NewPool(n int) *Pool"},
		{"p.Close", "func (p *Pool) Close()"},
		{"wg.Wait", "Wait blocks"},
		{"cube", "cube returns x cubed"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			r := s.e.Inspect(kernel.InspectRequest{Code: tc.code, CursorPos: len(tc.code)})
			text, _ := r.Data["text/plain"].(string)
			if !r.Found || !strings.Contains(text, tc.want) {
				t.Errorf("found=%v text=%q, want %q", r.Found, text, tc.want)
			}
		})
	}
}
