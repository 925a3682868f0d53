package engine

import (
	"strings"
	"testing"
)

// Errors point at the cell: the error value, the cell line and a caret,
// no interpreter internals.
func TestErrorTracebacks(t *testing.T) {
	tests := []struct {
		name       string
		setup      []string
		cell       string
		goroutines bool
		want       []string // substrings of the joined traceback
	}{
		{name: "compile error", cell: "a := 1\nb := undefinedName + a", want: []string{"2:6: undefined: undefinedName", "   2 | b := undefinedName + a"}},
		{name: "panic in the cell", cell: "x := 1\npanic(\"boom\")", want: []string{"panic", "boom", "cell [1] line 2 col 1\n   2 | panic(\"boom\")"}},
		{name: "panic in a func of an earlier cell", setup: []string{"func explode() {\n\tpanic(\"deep\")\n}"}, cell: "explode()",
			want: []string{"deep", "cell [1] line 2 col 2 in explode\n   2 |     panic(\"deep\")", "cell [2] line 1 col 1\n   1 | explode()"}},
		{name: "symbol newer than the tables", cell: "import \"sync\"\nf := sync.OnceValue(func() int { return 7 })", want: []string{"sync.OnceValue is not in this interpreter's tables", "Go 1.22"}},
		{name: "index out of range", cell: "xs := []int{1}\nxs[5] = 2", want: []string{"index out of range", "cell [1] line 2 col 1\n"}},
		{name: "poolkit task panic names the input", goroutines: true,
			setup: []string{"func bad(x int) int {\n\tif x == 3 {\n\t\tpanic(\"three\")\n\t}\n\treturn x\n}"},
			cell:  "p := poolkit.NewPool(2)\nr := poolkit.Map(p, bad, []int{1, 2, 3, 4})",
			want:  []string{"input 3", "three"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.goroutines && raceBuild {
				t.Skip("runs goroutines in the interpreter: yaegi races on its own under -race")
			}
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
			tb := strings.Join(r.rec.errors[0].Traceback, "\n")
			for _, w := range tc.want {
				if !strings.Contains(tb, w) {
					t.Errorf("traceback %q lacks %q", tb, w)
				}
			}
			if strings.Contains(tb, "github.com/traefik") || strings.Contains(tb, "reflect.") {
				t.Errorf("interpreter internals in %q", tb)
			}
		})
	}
}
