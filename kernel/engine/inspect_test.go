package engine

import (
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel"
)

func TestInspect(t *testing.T) {
	s := newTestSession(t)
	for _, c := range []string{
		`import "sync"`,
		"// cube returns x cubed.\nfunc cube(x int) int { return x * x * x }",
		"p := poolkit.NewPool(2)\nvar wg sync.WaitGroup",
		"type Pt struct{ X, Y int }\n\n// Norm is the squared length of p.\nfunc (p Pt) Norm() int { return p.X*p.X + p.Y*p.Y }\npt := Pt{}",
		"type Q struct{ A int }",
		"type Q struct{ B int }",
	} {
		if r := s.run(t, c); r.err != "" {
			t.Fatalf("%q: %s", c, r.err)
		}
	}
	tests := []struct {
		name string
		code string   // "‸" marks the cursor; else it is at the end
		want []string // all in text/plain; none: not found
		not  []string
	}{
		{"std func", "fmt.Println", []string{"func Println(a ...any) (n int, err error)", "Println formats"}, nil},
		{"package not imported", "strings.ToUpper", []string{"func ToUpper(s string) string", "ToUpper returns"}, nil},
		{"poolkit func", "poolkit.Map", []string{"func Map[T, R any](p *Pool, f func(T) R, values []T) []R"}, nil},
		{"inside a call", "poolkit.Map(p, ", []string{"func Map[T, R any](p *Pool, f func(T) R, values []T) []R", "like Python's Pool.map"}, nil},
		{"inside a call, on a literal", `fmt.Println("hi‸", 1)`, []string{"func Println("}, nil},
		{"inside a call, before an argument", "cube(‸3)", []string{"func cube(x int) int", "cube returns x cubed."}, nil},
		{"inside a nested call", "fmt.Println(cube(‸", []string{"func cube(x int) int"}, []string{"Println"}},
		{"poolkit constructor", "poolkit.NewPool", []string{"func NewPool(n int) *Pool", "NewPool returns"}, nil},
		{"poolkit method", "p.Close", []string{"func (p *Pool) Close()", "Close stops p"}, nil},
		{"poolkit type", "poolkit.Pool", []string{"type Pool struct", "Has unexported fields", "Python's multiprocessing.Pool"}, []string{"opts"}},
		{"std method", "wg.Wait", []string{"func (wg *WaitGroup) Wait()", "Wait blocks"}, nil},
		{"std type", "sync.WaitGroup", []string{"type WaitGroup struct", "Has unexported fields"}, []string{"noCopy"}},
		{"std const", "time.Second", []string{"const time.Second time.Duration = 1000000000", "Common durations"}, nil},
		{"std var", "os.Args", []string{"var os.Args []string", "command-line arguments"}, nil},
		{"std package", "fmt", []string{`package fmt // import "fmt"`, "Package fmt implements"}, nil},
		{"display", "display.HTML", []string{"func HTML(s string)", "shows s as HTML"}, nil},
		{"engine's slices", "slices.Sort", []string{"func Sort["}, nil},
		{"builtin", "len", []string{"func len(v Type) int", "The len built-in function"}, nil},
		{"session func", "cube", []string{"func cube(x int) int", "cube returns x cubed."}, nil},
		{"session func at its start", "‸cube(2)", []string{"func cube(x int) int"}, nil},
		{"session var", "pt", []string{"var pt Pt"}, nil},
		{"session method", "pt.Norm", []string{"func (p Pt) Norm() int", "Norm is the squared length of p."}, nil},
		{"session field", "pt.X", []string{"field X int"}, nil},
		{"session type", "Pt", []string{"type Pt struct{ X, Y int }"}, nil},
		{"type declared again", "Q‸{}", []string{"type Q struct{ B int }"}, []string{"A int", "__"}},
		{"var of the code", "nums := []int{1}\nnums", []string{"var nums []int"}, nil},
		{"func of the code", "// helper doubles x.\nfunc helper(x int) int { return 2 * x }\nhelper‸(2)", []string{"func helper(x int) int", "helper doubles x."}, nil},
		{"code points", "olá := 1; fmt.Println(olá‸)", []string{"var olá int"}, nil},
		{"syntax error elsewhere", "x := )\nfmt.Println", []string{"func Println("}, nil},
		{"method through a package not imported", "time.Now().Unix", []string{"func (t Time) Unix() int64", "Unix returns t as a Unix time"}, nil},
		{"std field", "http.Request{}.Method", []string{"field Method string", "Method specifies the HTTP method"}, nil},
		{"without type information", "package lib\nfmt.Println", []string{"func Println("}, nil},
		{"unknown", "xyz", nil, nil},
		{"empty", "", nil, nil},
		{"operator", "1 ‸+ 2", nil, nil},
		{"helper", "__show", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, cur := cursorAt(tc.code)
			r := s.e.Inspect(kernel.InspectRequest{Code: code, CursorPos: cur})
			text, _ := r.Data["text/plain"].(string)
			if tc.want == nil {
				if r.Found || len(r.Data) != 0 {
					t.Errorf("found=%v data=%v, want nothing", r.Found, r.Data)
				}
				return
			}
			if !r.Found {
				t.Fatalf("not found")
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("text/plain %q lacks %q", text, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("text/plain %q has %q", text, n)
				}
			}
			if md, _ := r.Data["text/markdown"].(string); !strings.HasPrefix(md, "```go\n") {
				t.Errorf("text/markdown %q does not start with the declaration", md)
			}
		})
	}
}
