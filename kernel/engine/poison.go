package engine

import (
	"go/ast"
	"go/token"
)

// When a declaration chunk fails to compile, yaegi v0.16.1 may keep some of
// its funcs and vars half-defined: a later call returns zero values, with
// no error. The engine remembers those names as poisoned until a chunk
// declares them again successfully, and refuses cells that use them with
// a message saying which cell to fix.

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

// setPoisoned marks or clears the names of a declaration chunk.
func (e *Engine) setPoisoned(names []string, bad bool) {
	e.decls.mu.Lock()
	defer e.decls.mu.Unlock()
	for _, n := range names {
		if bad {
			e.decls.poisoned[n] = true
		} else {
			delete(e.decls.poisoned, n)
		}
	}
}

// usesPoisoned returns an error at the first use of a poisoned name among
// a file's unresolved identifiers (those the file does not declare).
func (e *Engine) usesPoisoned(f *ast.File, fset *token.FileSet) error {
	e.decls.mu.Lock()
	defer e.decls.mu.Unlock()
	if len(e.decls.poisoned) == 0 {
		return nil
	}
	for _, id := range f.Unresolved {
		if e.decls.poisoned[id.Name] {
			p := fset.Position(id.Pos())
			return &cellError{line: p.Line - 1, col: p.Column,
				msg: id.Name + " was declared in a cell that failed to compile: fix that cell and run it again"}
		}
	}
	return nil
}
