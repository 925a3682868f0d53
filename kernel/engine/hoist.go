package engine

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// hoisted is a session variable a cell's top level declares.
type hoisted struct {
	name string
	typ  types.Type
	pos  token.Position
}

// hoistVars finds the variables the cell's top-level statements declare
// (x := ..., v, ok := m[k], var x T = ...), with the types go/types gave
// them in the cell's func, where they were locals.
func hoistVars(p *parsed, info *types.Info) []hoisted {
	var out []hoisted
	seen := map[string]bool{}
	add := func(id *ast.Ident) {
		if id.Name == "_" || seen[id.Name] {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			return // := assigning a variable declared earlier in the cell
		}
		seen[id.Name] = true
		out = append(out, hoisted{name: id.Name, typ: obj.Type(), pos: p.fset.Position(id.Pos())})
	}
	for _, st := range p.topStmts() {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				continue
			}
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					add(id)
				}
			}
		case *ast.DeclStmt:
			g, ok := s.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, sp := range g.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					add(id)
				}
			}
		}
	}
	return out
}

// hoistEdits turns the declarations of the cell's top level into
// assignments to the session variables: "x := e" becomes "x = e", "var x
// T = e" becomes "x = e" and "var x T" becomes "x = *new(T)" (a variable
// declared again starts from its zero value, as in Go). Columns are kept:
// the keyword and the type are blanked, not removed.
func hoistEdits(p *parsed) []edit {
	var edits []edit
	blank := func(from, to token.Pos) {
		a, b := p.off(from), p.off(to)
		edits = append(edits, edit{a, b, blankText(p.text[a:b])})
	}
	for _, st := range p.topStmts() {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				o := p.off(s.TokPos)
				edits = append(edits, edit{o, o + 2, "= "})
			}
		case *ast.DeclStmt:
			g, ok := s.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			o := p.off(g.TokPos)
			edits = append(edits, edit{o, o + 3, "   "})
			if g.Lparen.IsValid() {
				lp, rp := p.off(g.Lparen), p.off(g.Rparen)
				edits = append(edits, edit{lp, lp + 1, " "}, edit{rp, rp + 1, ";"})
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				if len(vs.Values) > 0 {
					if vs.Type != nil {
						blank(vs.Type.Pos(), vs.Type.End())
						// "x T = e": the "=" stays.
					}
					continue
				}
				typ := p.src(vs.Type)
				zeros := make([]string, len(vs.Names))
				for i := range zeros {
					zeros[i] = "*new(" + typ + ")"
				}
				a, b := p.off(vs.Type.Pos()), p.off(vs.Type.End())
				edits = append(edits, edit{a, b, "= " + strings.Join(zeros, ", ")})
			}
		}
	}
	return edits
}

// blankText replaces every byte of s but newlines with a space, so that
// byte offsets (and go/token's columns) stay.
func blankText(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
