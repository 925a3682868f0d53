package cell

import (
	"go/importer"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestCheck parses cells as files of an empty session and type-checks
// them, without an interpreter.
func TestCheck(t *testing.T) {
	tests := []struct {
		name, code string
		vars       []string // hoisted variables
		err        string   // first error of the cell's statements
	}{
		{"define", "x := 1\ny := \"a\"", []string{"x", "y"}, ""},
		{"func and call", "func f() int { return 2 }\nz := f()", []string{"z"}, ""},
		{"type error", "var s string = 1", []string{"s"}, "cannot use 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession()
			src, err := NewCellSource(1, tt.code)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseCellText(token.NewFileSet(), 1, src.Text(s.ImportLines(nil, nil), ""))
			if err != nil {
				t.Fatal(err)
			}
			c, err := s.Check(stdImporter{}, p, DeclaredNames(p))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			top := map[string]bool{}
			for _, v := range HoistVars(p, c.Info) {
				got = append(got, v.Name)
				top[v.Name] = true
			}
			if strings.Join(got, " ") != strings.Join(tt.vars, " ") {
				t.Errorf("hoisted %v, want %v", got, tt.vars)
			}
			var first string
			// As the pipeline reports them: a hoisted variable is used.
			if errs := CellErrorsOf(s, c.Errs, top); len(errs) > 0 {
				first = errs[0].Msg
			}
			if (tt.err == "") != (first == "") || !strings.Contains(first, tt.err) {
				t.Errorf("error %q, want %q", first, tt.err)
			}
		})
	}
}

// stdImporter imports the standard library from the toolchain, and the
// session's own helper package (IterseqPath) as an empty package.
type stdImporter struct{}

func (stdImporter) Import(path string) (*types.Package, error) {
	if path == IterseqPath {
		p := types.NewPackage(path, "iterseq")
		p.MarkComplete()
		return p, nil
	}
	return importer.Default().Import(path)
}
