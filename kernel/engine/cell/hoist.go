package cell

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Hoisted is a session variable a cell's top level declares.
type Hoisted struct {
	Name string
	Typ  types.Type
	Pos  token.Position
}

// HoistVars finds the variables the cell's top-level statements declare
// (x := ..., v, ok := m[k], var x T = ...), with the types go/types gave
// them in the cell's func, where they were locals.
func HoistVars(p *Parsed, info *types.Info) []Hoisted {
	var out []Hoisted
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
		out = append(out, Hoisted{Name: id.Name, Typ: obj.Type(), Pos: p.Fset.Position(id.Pos())})
	}
	for _, st := range p.TopStmts() {
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

// HoistEdits turns the declarations of the cell's top level into
// assignments to the session variables: "x := e" becomes "x = e", "var x
// T = e" becomes "x = e" and "var x T" becomes "x = *new(T)" (a variable
// declared again starts from its zero value, as in Go). Columns are kept:
// the keyword and the type are blanked, not removed.
func HoistEdits(p *Parsed) []Edit {
	var edits []Edit
	blank := func(from, to token.Pos) {
		a, b := p.Off(from), p.Off(to)
		edits = append(edits, Edit{a, b, BlankText(p.Text[a:b])})
	}
	for _, st := range p.TopStmts() {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				o := p.Off(s.TokPos)
				edits = append(edits, Edit{o, o + 2, "= "})
			}
		case *ast.DeclStmt:
			g, ok := s.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			o := p.Off(g.TokPos)
			edits = append(edits, Edit{o, o + 3, "   "})
			if g.Lparen.IsValid() {
				lp, rp := p.Off(g.Lparen), p.Off(g.Rparen)
				edits = append(edits, Edit{lp, lp + 1, " "}, Edit{rp, rp + 1, ";"})
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
				typ := p.Src(vs.Type)
				zeros := make([]string, len(vs.Names))
				for i := range zeros {
					zeros[i] = "*new(" + typ + ")"
				}
				a, b := p.Off(vs.Type.Pos()), p.Off(vs.Type.End())
				edits = append(edits, Edit{a, b, "= " + strings.Join(zeros, ", ")})
			}
		}
	}
	return edits
}

// BlankText replaces every byte of s but newlines with a space, so that
// byte offsets (and go/token's columns) stay.
func BlankText(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
