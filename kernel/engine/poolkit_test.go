package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"
)

// The generated symbol table follows poolkit: every exported name
// of its compiled part is in the table (else run go generate).
func TestPoolkitSymbolsFresh(t *testing.T) {
	pkgs, err := parser.ParseDir(token.NewFileSet(), "../../poolkit", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go") && fi.Name() != "generic.go"
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	syms := Symbols["github.com/aulago/gokernel/poolkit/poolkit"]
	for _, f := range pkgs["poolkit"].Files {
		for _, n := range declNames(f) {
			if !ast.IsExported(n) {
				continue
			}
			if _, ok := syms[n]; !ok {
				t.Errorf("poolkit.%s is not in the symbol table: run go generate ./kernel/engine", n)
			}
		}
	}
}

// declNames lists the top-level names a file declares.
func declNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil {
				names = append(names, x.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range x.Specs {
				switch sp := s.(type) {
				case *ast.TypeSpec:
					names = append(names, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}
