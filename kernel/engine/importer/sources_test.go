package importer

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite poolkit_api.txtar")

// poolkitAPISource builds poolkit_api.txtar from poolkit's files: every
// non-test file with its function bodies (and the comments inside them)
// removed.
func poolkitAPISource(t *testing.T) string {
	names, err := filepath.Glob("../../../poolkit/*.go")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var order []string
	for _, path := range names {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []*ast.BlockStmt
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				bodies = append(bodies, fd.Body)
				fd.Body = nil
			}
		}
		var kept []*ast.CommentGroup
		for _, c := range f.Comments {
			inside := false
			for _, b := range bodies {
				if c.Pos() >= b.Pos() && c.End() <= b.End() {
					inside = true
				}
			}
			if !inside {
				kept = append(kept, c)
			}
		}
		f.Comments = kept
		var buf bytes.Buffer
		if err := printer.Fprint(&buf, fset, f); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		files[name] = buf.String()
		order = append(order, name)
	}
	sort.Strings(order)
	return FormatTxtar(order, files)
}

func TestPoolkitAPIFresh(t *testing.T) {
	want := poolkitAPISource(t)
	if *update {
		if err := os.WriteFile("poolkit_api.txtar", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if poolkitAPI != want {
		t.Error("poolkit_api.txtar is stale: go test ./kernel/engine/importer -run TestPoolkitAPIFresh -update")
	}
}

func TestTxtarRoundTrip(t *testing.T) {
	files := map[string]string{"a.go": "package a\n", "b.go": "-x\n"}
	got := ParseTxtar(FormatTxtar([]string{"a.go", "b.go"}, files))
	if len(got) != 2 || got["a.go"] != files["a.go"] || got["b.go"] != files["b.go"] {
		t.Errorf("round trip: %q", got)
	}
}
