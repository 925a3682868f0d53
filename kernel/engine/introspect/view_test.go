package introspect

import (
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
)

// fakeTier is a compiled tier that compiled nothing.
type fakeTier struct{ binds int }

func (t *fakeTier) BindIdle()                   { t.binds++ }
func (t *fakeTier) StatusOf(name string) string { return "interpreted: no plugin (a test)" }

// testView is a View of an empty session, with the standard packages fmt
// and strings as the interpreter's tables would give them: no engine, no
// interpreter.
func testView(t *testing.T) (*View, *fakeTier) {
	t.Helper()
	syms := map[string]map[string]reflect.Value{
		"fmt/fmt":         {"Println": reflect.ValueOf(fmt.Println), "Sprintf": reflect.ValueOf(fmt.Sprintf)},
		"strings/strings": {"ToUpper": reflect.ValueOf(strings.ToUpper)},
	}
	tier := &fakeTier{}
	v := New(Options{Session: cell.NewSession(), Types: importer.New(token.NewFileSet(), []string{"fmt", "strings"}),
		Symbols: syms, Tier: tier, Mu: &sync.Mutex{}, NameEdits: func(*cell.Parsed) []cell.Edit { return nil },
		PoolkitCore: cell.PoolkitPath + "/core", SourcePackages: importer.SourcePackages})
	return v, tier
}

func TestComplete(t *testing.T) {
	v, _ := testView(t)
	tests := []struct {
		code string
		want []string // among the matches
		not  []string // not among them
	}{
		{"import \"fmt\"\nfmt.Pri", []string{"Println"}, []string{"Sprintf"}},
		{"strings.ToU", []string{"ToUpper"}, nil}, // not imported yet: by its name
		{"x := 42\ny := x\nfmt.Println(x", nil, nil},
		{"minhaVariavel := 1\nminha", []string{"minhaVariavel"}, nil},
		{"for i := range 3 {\n\tf", []string{"for", "func"}, nil},
	}
	for _, tt := range tests {
		r := v.Complete(kernel.CompleteRequest{Code: tt.code, CursorPos: len([]rune(tt.code))})
		for _, w := range tt.want {
			if !slices.Contains(r.Matches, w) {
				t.Errorf("%q: no %s in %v", tt.code, w, r.Matches)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(r.Matches, w) {
				t.Errorf("%q: %s in %v", tt.code, w, r.Matches)
			}
		}
		if r.CursorEnd != len([]rune(tt.code)) {
			t.Errorf("%q: cursor_end %d", tt.code, r.CursorEnd)
		}
	}
}

func TestInspect(t *testing.T) {
	v, tier := testView(t)
	tests := []struct {
		code  string
		found bool
		text  string // in the reply's text/plain
	}{
		{"import \"fmt\"\nfmt.Println", true, "func Println"},
		{"import \"strings\"\nstrings.ToUpper", true, "ToUpper returns"},
		{"x := 3\nx", true, "int"},
		{"   ", false, ""},
	}
	for _, tt := range tests {
		r := v.Inspect(kernel.InspectRequest{Code: tt.code, CursorPos: len([]rune(tt.code))})
		if r.Found != tt.found {
			t.Errorf("%q: found %v", tt.code, r.Found)
			continue
		}
		if text, _ := r.Data["text/plain"].(string); !strings.Contains(text, tt.text) {
			t.Errorf("%q: %q lacks %q", tt.code, text, tt.text)
		}
	}
	if tier.binds == 0 {
		t.Error("inspect did not bind what the tier compiled meanwhile")
	}
}

func TestIsComplete(t *testing.T) {
	v, _ := testView(t)
	tests := []struct{ code, status string }{
		{"x := 1", "complete"},
		{"for i := 0; i < 3; i++ {", "incomplete"},
		{"fmt.Println(\"a\",", "incomplete"},
		{"x := )", "invalid"},
	}
	for _, tt := range tests {
		if r := v.IsComplete(kernel.IsCompleteRequest{Code: tt.code}); r.Status != tt.status {
			t.Errorf("%q: %s, want %s", tt.code, r.Status, tt.status)
		}
	}
}
