package rewrite

import (
	"flag"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/passes")

// passes are the named passes of Fix.Edits, each alone.
var passes = map[string]func(*Fix) ([]cell.Edit, error){
	"main":      func(y *Fix) ([]cell.Edit, error) { return y.mainEdits(), nil },
	"loops":     func(y *Fix) ([]cell.Edit, error) { return y.loopEdits(), nil },
	"rangefunc": func(y *Fix) ([]cell.Edit, error) { return y.rangeFuncEdits(), nil },
	"builtins":  func(y *Fix) ([]cell.Edit, error) { return y.builtinEdits() },
	"defer":     func(y *Fix) ([]cell.Edit, error) { return y.deferEdits(), nil },
	"go":        func(y *Fix) ([]cell.Edit, error) { return y.goEdits(), nil },
	"instance":  func(y *Fix) ([]cell.Edit, error) { return y.instanceEdits(), nil },
	"fmtverbs":  func(y *Fix) ([]cell.Edit, error) { return y.fmtEdits(), nil },
	"index":     func(y *Fix) ([]cell.Edit, error) { return y.indexEdits(), nil },
	"stdio":     func(y *Fix) ([]cell.Edit, error) { return y.stdioEdits(), nil },
}

// testStd stands for the standard packages the interpreter has.
var testStd = []string{"bufio", "errors", "fmt", "os", "strings", "sync", "time"}

// TestPassGolden runs each pass alone on the cell of its golden file
// (testdata/passes/<pass>.txtar, sections "cell" and "want"), checked by
// go/types in an empty session without an interpreter, and compares the
// cell's file after the pass's edits with "want" (go test -update
// rewrites them). Every pass has its file, and every file changes its cell.
func TestPassGolden(t *testing.T) {
	for name, pass := range passes {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "passes", name+".txtar")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("the pass %s has no golden file: %v", name, err)
			}
			files := importer.ParseTxtar(string(b))
			y, before := checkedCell(t, files["cell"])
			edits, err := pass(y)
			if err != nil {
				t.Fatal(err)
			}
			got := cell.ApplyEdits(before, edits)
			if got == before {
				t.Errorf("the pass %s changes nothing in its cell", name)
			}
			if *update {
				out := importer.FormatTxtar([]string{"cell", "want"}, map[string]string{"cell": files["cell"], "want": got})
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != files["want"] {
				t.Errorf("%s: the file after the pass differs (go test ./kernel/engine/rewrite -update):\n%s", path, got)
			}
		})
	}
}

// checkedCell parses code as cell 1 of an empty session, checks it with
// go/types and returns the Fix of it and its file's text.
func checkedCell(t *testing.T, code string) (*Fix, string) {
	t.Helper()
	s := cell.NewSession()
	src, err := cell.NewCellSource(1, strings.TrimSpace(code))
	if err != nil {
		t.Fatal(err)
	}
	imps, err := src.ImportNames()
	if err != nil {
		t.Fatal(err)
	}
	p, err := cell.ParseCellText(token.NewFileSet(), 1, src.Text(s.ImportLines(nil, nil), ""))
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Check(importer.New(p.Fset, testStd), p, cell.DeclaredNames(p))
	if err != nil {
		t.Fatal(err)
	}
	if errs := cell.CellErrorsOf(s, c.Errs, nil); len(errs) > 0 {
		t.Fatalf("the cell does not check: %v", errs)
	}
	return &Fix{P: p, Info: c.Info, Sp: cell.NewTypeSpeller(s), Imp: imps, Descs: &TypeDescs{}}, p.Text
}
