package engine

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// cursorAt splits a request's code at the cursor mark "‸" (the end when
// there is none) and returns the code and the cursor in code points.
func cursorAt(marked string) (code string, cursor int) {
	before, after, ok := strings.Cut(marked, "‸")
	if !ok {
		return marked, len([]rune(marked))
	}
	return before + after, len([]rune(before))
}

// completionSession runs the cells the completion tests complete against.
func completionSession(t *testing.T) *testSession {
	t.Helper()
	s := newTestSession(t)
	for _, c := range []string{
		`import "fmt"`,
		"func cubeTwoCellsAgo(x int) int { return x * x * x }",
		"type Point struct{ X, Y int }\nfunc (p Point) Norm1() int { return p.X + p.Y }",
		"type Pt struct{ X, Y int }\nfunc (p Pt) Norm() int { return p.X*p.X + p.Y*p.Y }\npt := Pt{}",
		"type Q struct{ A int }",
		"type Q struct{ B int }",
		"import \"sync\"\nconst answer = 42\nvar wg sync.WaitGroup\np := poolkit.NewPool(2)",
	} {
		if r := s.run(t, c); r.err != "" {
			t.Fatalf("%q: %s", c, r.err)
		}
	}
	return s
}

func TestComplete(t *testing.T) {
	s := completionSession(t)
	tests := []struct {
		name  string
		code  string            // "‸" marks the cursor; else it is at the end
		want  map[string]string // match → its kind ("" = any kind)
		not   []string          // must not be offered
		start int               // cursor_start, in code points
		exact bool              // the matches are exactly want
	}{
		{"package member", "fmt.Pr", map[string]string{"Print": "function", "Printf": "function", "Println": "function"}, nil, 4, true},
		{"one package member", "fmt.Printl", map[string]string{"Println": "function"}, nil, 4, true},
		{"package not imported", "strings.ToU", map[string]string{"ToUpper": "function"}, nil, 8, false},
		{"package members", "strings.", map[string]string{"ToUpper": "function", "Split": "function", "Builder": "class"}, []string{"isSpace"}, 8, false},
		{"poolkit generic", "poolkit.IMapU", map[string]string{"IMapUnordered": "function"}, nil, 8, false},
		{"poolkit constructors", "poolkit.New", map[string]string{"NewPool": "function", "NewThread": "function", "NewProcess": "function"}, nil, 8, false},
		{"session func", "x := cubeTwo", map[string]string{"cubeTwoCellsAgo": "function"}, nil, 5, true},
		{"session var members", "pt.", map[string]string{"X": "field", "Y": "field", "Norm": "method"}, nil, 3, true},
		{"method expression", "Point.", map[string]string{"Norm1": "method"}, []string{"X"}, 6, false},
		{"compiled type members", "p.", map[string]string{"Close": "method", "Workers": "method"}, []string{"opts", "pool"}, 2, false},
		{"std type members", "wg.", map[string]string{"Add": "method", "Done": "method", "Wait": "method"}, []string{"noCopy", "state"}, 3, false},
		{"type declared again", "Q{}.", map[string]string{"B": "field"}, []string{"A"}, 4, true},
		{"inside an open block", "for i := 0; i < 3; i++ {\n\tpt.", map[string]string{"X": "", "Norm": ""}, nil, 29, false},
		{"inside an open call", "fmt.Println(pt.", map[string]string{"X": "", "Y": "", "Norm": ""}, nil, 15, true},
		{"func being written", "func f(q Pt) int {\n\treturn q.", map[string]string{"X": "", "Norm": ""}, nil, 29, false},
		{"var of the code", "nums := []int{1}\nnu", map[string]string{"nums": "variable"}, nil, 17, true},
		{"func of the code", "func helper() {}\nhel", map[string]string{"helper": "function"}, nil, 17, true},
		{"code points", "olá := 1; ol", map[string]string{"olá": "variable"}, nil, 10, true},
		{"cursor inside", "olá := 1; ol‸ + 1", map[string]string{"olá": "variable"}, nil, 10, true},
		{"not the prefix itself", "xyz", nil, []string{"xyz"}, 0, true},
		{"not the prefix itself, other names", "xyzzy := 1\nxyz", map[string]string{"xyzzy": "variable"}, []string{"xyz"}, 11, true},
		{"module", "sl", map[string]string{"slices": "module"}, nil, 0, false},
		{"builtin", "le", map[string]string{"len": "function"}, nil, 0, false},
		{"keyword", "ty", map[string]string{"type": "keyword"}, nil, 0, false},
		{"constant", "answ", map[string]string{"answer": "constant"}, nil, 0, true},
		{"session var", "w", map[string]string{"wg": "variable"}, nil, 0, false},
		{"program cell", "package main\n\nfunc main() {\n\tfmt.Printl", map[string]string{"Println": "function"}, nil, 33, true},
		{"syntax error elsewhere", "x := )\npt.", map[string]string{"X": "", "Y": "", "Norm": ""}, nil, 10, true},
		{"open func literal", "go func() {\n\tpt.", map[string]string{"X": "", "Norm": ""}, nil, 16, false},
		{"chain through a package not imported", "time.Now().", map[string]string{"Unix": "method", "Add": "method"}, nil, 11, false},
		{"embedded field", "type In struct{ Pt; Z int }\nin := &In{}\nin.", map[string]string{"Pt": "field", "X": "field", "Y": "field", "Z": "field", "Norm": "method"}, nil, 43, true},
		{"without type information", "package lib\nfmt.Printl", map[string]string{"Println": "function"}, nil, 16, true},
		{"without type information, names", "package lib\ncubeT", map[string]string{"cubeTwoCellsAgo": "function"}, nil, 12, true},
		{"in a string", `fmt.Println("a.b`, nil, nil, 15, true},
		{"in a comment", "// pt.", nil, nil, 6, true},
		{"after a number", "x := 1.", nil, nil, 7, true},
		{"no helpers", "__", nil, nil, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, cur := cursorAt(tc.code)
			r := s.e.Complete(kernel.CompleteRequest{Code: code, CursorPos: cur})
			checkCompleteReply(t, r)
			kinds := kindsOf(r)
			for w, kind := range tc.want {
				if !slices.Contains(r.Matches, w) {
					t.Errorf("matches %v lack %q", r.Matches, w)
				} else if kind != "" && kinds[w] != kind {
					t.Errorf("%q has type %q, want %q", w, kinds[w], kind)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(r.Matches, n) {
					t.Errorf("matches %v offer %q", r.Matches, n)
				}
			}
			if tc.exact && len(r.Matches) != len(tc.want) {
				t.Errorf("matches %v, want only %v", r.Matches, tc.want)
			}
			if r.CursorStart != tc.start || r.CursorEnd != cur {
				t.Errorf("cursor %d-%d, want %d-%d", r.CursorStart, r.CursorEnd, tc.start, cur)
			}
		})
	}
}

// Completion and inspect answer while a cell runs: they take the
// session's lock only to read it.
func TestCompleteWhileRunning(t *testing.T) {
	s := completionSession(t)
	if r := s.run(t, `import "time"`); r.err != "" {
		t.Fatal(r.err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.e.Execute(context.Background(), kernel.ExecuteRequest{Code: "time.Sleep(700 * time.Millisecond)\nlate := 1", ExecutionCount: 100}, &recorder{})
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	r := s.e.Complete(kernel.CompleteRequest{Code: "pt.", CursorPos: 3})
	i := s.e.Inspect(kernel.InspectRequest{Code: "fmt.Println", CursorPos: 11})
	if took := time.Since(start); took > 400*time.Millisecond {
		t.Errorf("complete and inspect took %v while a cell ran", took)
	}
	if !slices.Contains(r.Matches, "Norm") || !i.Found {
		t.Errorf("complete %v, inspect found=%v", r.Matches, i.Found)
	}
	<-done
	if r := s.e.Complete(kernel.CompleteRequest{Code: "lat", CursorPos: 3}); !slices.Contains(r.Matches, "late") {
		t.Errorf("after the cell: %v", r.Matches)
	}
}

// Completing at an empty prefix offers the names in scope, never the
// engine's own (helpers, internal names of types declared again).
func TestCompleteNoEngineNames(t *testing.T) {
	s := completionSession(t)
	for _, code := range []string{"", "x := ", "fmt.Println(", "func g() {\n\t"} {
		r := s.e.Complete(kernel.CompleteRequest{Code: code, CursorPos: len([]rune(code))})
		checkCompleteReply(t, r)
		for _, w := range []string{"pt", "cubeTwoCellsAgo", "Pt", "Q", "fmt", "poolkit", "display", "len", "true", "for"} {
			if !slices.Contains(r.Matches, w) {
				t.Errorf("%q: matches lack %q", code, w)
			}
		}
		for _, m := range r.Matches {
			if strings.Contains(m, "__") {
				t.Errorf("%q: offers the engine's name %q", code, m)
			}
		}
	}
}

// checkCompleteReply checks what every reply must be: sorted matches,
// each with its entry in _jupyter_types_experimental.
func checkCompleteReply(t *testing.T, r kernel.CompleteReply) {
	t.Helper()
	if !slices.IsSorted(r.Matches) {
		t.Errorf("matches not sorted: %v", r.Matches)
	}
	items, ok := r.Metadata["_jupyter_types_experimental"].([]any)
	if !ok || len(items) != len(r.Matches) {
		t.Fatalf("_jupyter_types_experimental = %v, want one entry per match of %v", r.Metadata["_jupyter_types_experimental"], r.Matches)
	}
	for i, it := range items {
		m := it.(map[string]any)
		if m["text"] != r.Matches[i] || m["start"] != r.CursorStart || m["end"] != r.CursorEnd || m["type"] == "" {
			t.Errorf("entry %v for match %q (cursor %d-%d)", m, r.Matches[i], r.CursorStart, r.CursorEnd)
		}
	}
}

func kindsOf(r kernel.CompleteReply) map[string]string {
	out := map[string]string{}
	items, _ := r.Metadata["_jupyter_types_experimental"].([]any)
	for _, it := range items {
		m := it.(map[string]any)
		out[m["text"].(string)], _ = m["type"].(string)
	}
	return out
}
