package engine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 keeps the first definition of a type name: after
// "type P struct{X int}", a later "type P struct{X, Y int}" is accepted but
// P{1, 2} still fails. A notebook redefines types all the time, so a type
// declared again gets a fresh internal name (P·2 is spelled P__2), and every
// later reference to P means the newest one. Funcs and vars redefine fine.

// redefineEdits renames the types a declaration chunk declares again.
func (e *Engine) redefineEdits(f *ast.File, off func(token.Pos) int) []edit {
	var edits []edit
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			name := ts.Name.Name
			e.decls.mu.Lock()
			n := e.decls.types[name]
			e.decls.types[name] = n + 1
			newName := name
			if n > 0 {
				newName = fmt.Sprintf("%s__%d", name, n+1)
				e.decls.renamed[name] = newName
			} else {
				delete(e.decls.renamed, name)
			}
			e.decls.mu.Unlock()
			if newName == name {
				continue
			}
			obj := ts.Name.Obj
			ast.Inspect(f, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if ok && id.Name == name && (id == ts.Name || (obj != nil && id.Obj == obj)) {
					edits = append(edits, edit{off(id.Pos()), off(id.End()), newName})
				}
				return true
			})
		}
	}
	return edits
}

// renameEdits points references to a redefined type at its newest name.
func (e *Engine) renameEdits(f *ast.File, off func(token.Pos) int) []edit {
	e.decls.mu.Lock()
	defer e.decls.mu.Unlock()
	if len(e.decls.renamed) == 0 {
		return nil
	}
	var edits []edit
	for _, id := range f.Unresolved {
		if newName, ok := e.decls.renamed[id.Name]; ok {
			edits = append(edits, edit{off(id.Pos()), off(id.End()), newName})
		}
	}
	return edits
}
