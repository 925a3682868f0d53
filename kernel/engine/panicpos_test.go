package engine

import (
	"regexp"
	"strings"
	"testing"
)

// frameRE matches the frame lines of a traceback.
var frameRE = regexp.MustCompile(`^cell \[\d+\] lines? .*`)

// frameLinesOf returns the frame lines of a traceback ("cell [N] line L
// col C in f"), without the source lines under them.
func frameLinesOf(tb []string) []string {
	var out []string
	for _, l := range tb {
		if frameRE.MatchString(l) {
			out = append(out, l)
		}
	}
	return out
}

// Every frame of an interpreted panic names the statement that panicked,
// or the call in progress for the outer frames: its line and column.
func TestPanicPositions(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		cell  string
		want  []string // the traceback's frame lines, innermost first
	}{
		{name: "line 3 of a 5-line func",
			setup: []string{"func check(xs []int) int {\n\ttotal := 0\n\tif len(xs) > 2 { panic(\"too many\") }\n\ttotal += len(xs)\n\treturn total\n}"},
			cell:  "n := 1\ncheck([]int{1, 2, 3})",
			want:  []string{"cell [1] line 3 col 19 in check", "cell [2] line 2 col 1"}},
		{name: "index out of range in a nested call",
			setup: []string{"func at(xs []int, i int) int {\n\ty := xs[0]\n\tz := xs[i]\n\treturn y + z\n}\nfunc sum(xs []int) int {\n\ts := 0\n\tfor i := range 3 {\n\t\ts += at(xs, i)\n\t}\n\treturn s\n}"},
			cell:  "fmt := 0\n_ = fmt\nsum([]int{1, 2})",
			want:  []string{"cell [1] line 3 col 2 in at", "cell [1] line 9 col 3 in sum", "cell [2] line 3 col 1"}},
		{name: "a divide after a rewritten range",
			cell: "xs := []int{4, 2, 0}\nfor i := range 3 { q := 8 / xs[i]; _ = q }",
			want: []string{"cell [1] line 2 col 20"}},
		{name: "after min on the line",
			setup: []string{"func f(xs []int) int {\n\tx := 1\n\ty := min(x, 2); z := xs[y+x]\n\treturn z\n}"},
			cell:  "f(nil)",
			want:  []string{"cell [1] line 3 col 18 in f", "cell [2] line 1 col 1"}},
		{name: "recursion names each call in progress",
			setup: []string{"func fact(n int) int {\n\tif n == 0 {\n\t\tpanic(\"zero\")\n\t}\n\tr := n * fact(n-1)\n\treturn r\n}"},
			cell:  "fact(2)",
			want:  []string{"cell [1] line 3 col 3 in fact", "cell [1] line 5 col 2 in fact", "cell [1] line 5 col 2 in fact", "cell [2] line 1 col 1"}},
		{name: "a method",
			setup: []string{"type box struct{ v []int }\nfunc (b *box) get(i int) int {\n\tn := len(b.v)\n\t_ = n\n\treturn b.v[i]\n}"},
			cell:  "b := &box{}\nb.get(4)",
			want:  []string{"cell [1] line 5 col 2 in box.get", "cell [2] line 2 col 1"}},
		{name: "a func literal",
			cell: "f := func(m map[string]int) {\n\tk := \"a\"\n\tm[k] = 1\n}\nf(nil)",
			want: []string{"cell [1] line 3 col 2 in a func literal", "cell [1] line 5 col 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestSession(t)
			for _, c := range tc.setup {
				if r := s.run(t, c); r.err != "" {
					t.Fatal(r.err)
				}
			}
			r := s.run(t, tc.cell)
			if r.err == "" {
				t.Fatal("no error")
			}
			tb := r.rec.errors[0].Traceback
			if got := frameLinesOf(tb); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("frames\n%s\nwant\n%s\n(traceback %q)", strings.Join(got, "\n"), strings.Join(tc.want, "\n"), tb)
			}
		})
	}
}
