package engine

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/introspect"
	"github.com/aulago/gokernel/kernel/engine/tier"
	"go/ast"
	"go/types"
	"sort"
)

// commit records in the session what a cell that ran declared.
func (e *Engine) commit(pl *plan) {
	e.sess.Version++
	s := e.sess
	for name, path := range pl.imports {
		s.Imports[name] = path
	}
	for name, path := range pl.hidden {
		s.Hidden[name] = path
	}
	p, info := pl.checked, pl.info
	sp := cell.NewTypeSpeller(s)
	for _, v := range pl.vars {
		ts := pl.varType[v.Name]
		since := pl.n
		if old := s.Vars[v.Name]; old != nil && pl.newVars[v.Name] == "" {
			since = old.Since
		}
		s.Vars[v.Name] = &cell.SessionDecl{Kind: cell.VarKind, Name: v.Name, Cell: pl.n, Typ: ts, Since: since,
			Check: fmt.Sprintf("var %s %s", v.Name, ts), Doc: fmt.Sprintf("var %s %s", v.Name, s.UserName(ts))}
	}
	for _, d := range p.CellDecls() {
		cellNum := cell.CellOf(p.Fset.Position(d.Pos()))
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil && x.Name.Name == "init" {
				continue
			}
			e.commitFunc(p, info, x, cellNum)
		case *ast.GenDecl:
			for _, spec := range x.Specs {
				switch sp2 := spec.(type) {
				case *ast.TypeSpec:
					internal := sp2.Name.Name
					user := s.UserName(internal)
					s.TypeCount[user]++
					s.TypeNames[user] = internal
					text := "type " + p.Src(sp2)
					s.Types[internal] = &cell.SessionDecl{Kind: cell.TypeKind, Name: internal, Cell: cellNum,
						Check: text, Doc: docOf(x.Doc, sp2.Doc) + s.UserName(text)}
				case *ast.ValueSpec:
					for _, id := range sp2.Names {
						if id.Name == "_" {
							continue
						}
						switch obj := info.Defs[id].(type) {
						case *types.Const:
							text := tier.ConstDecl(obj, func(t types.Type) (string, error) { return sp.Spell(t, pl.imports) })
							s.Consts[id.Name] = &cell.SessionDecl{Kind: cell.ConstKind, Name: id.Name, Cell: cellNum,
								Check: text, Doc: docOf(x.Doc, sp2.Doc) + s.UserName(text)}
						case *types.Var:
							ts, err := sp.Spell(obj.Type(), pl.imports)
							if err != nil {
								continue
							}
							s.Vars[id.Name] = &cell.SessionDecl{Kind: cell.VarKind, Name: id.Name, Cell: cellNum, Typ: ts, Since: cellNum,
								Check: fmt.Sprintf("var %s %s", id.Name, ts), Doc: docOf(x.Doc, sp2.Doc) + fmt.Sprintf("var %s %s", id.Name, s.UserName(ts))}
						}
					}
				}
			}
		}
	}
	for name, path := range sp.Added {
		s.Hidden[name] = path
	}
	e.lifted.record(pl.lifts)
}

// commitFunc records a func or method.
func (e *Engine) commitFunc(p *cell.Parsed, info *types.Info, fd *ast.FuncDecl, cellNum int) {
	s := e.sess
	sig := p.Text[p.Off(fd.Pos()):p.Off(fd.Type.End())]
	pos := p.Fset.Position(fd.Pos())
	d := &cell.SessionDecl{Kind: cell.FuncKind, Name: fd.Name.Name, Cell: cellNum, Check: sig,
		Full: cell.LineDirective(cell.CellOf(pos), pos.Line, pos.Column) + p.Src(fd),
		Doc:  docOf(fd.Doc) + s.UserName(sig), Uses: callees(fd, info), Vars: bodyVars(fd, info)}
	if obj := info.Defs[fd.Name]; obj != nil {
		d.SigType = types.TypeString(obj.Type(), pathQualifier)
	}
	if fd.Body != nil {
		d.From, d.To = p.Fset.Position(fd.Body.Lbrace).Line, p.Fset.Position(fd.Body.Rbrace).Line
		if l := fd.Body.List; len(l) <= 1 {
			d.Exact = len(l) == 0 || p.Fset.Position(l[0].Pos()).Line == p.Fset.Position(l[0].End()).Line
		}
	}
	if fd.Recv != nil {
		d.Kind = cell.MethodKind
		d.Name = cell.RecvName(fd.Recv.List[0].Type) + "." + fd.Name.Name
		s.Methods[d.Name] = d
		return
	}
	s.Funcs[d.Name] = d
}

func pathQualifier(p *types.Package) string { return p.Path() }

// callees lists the session funcs and methods a func's body calls or
// refers to.
func callees(fd *ast.FuncDecl, info *types.Info) []string {
	if fd.Body == nil {
		return nil
	}
	set := map[string]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			if f, ok := info.Uses[x].(*types.Func); ok && f.Pkg() != nil && f.Pkg().Name() == "main" && f.Parent() == f.Pkg().Scope() {
				set[f.Name()] = true
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Kind() != types.FieldVal {
				if f, ok := sel.Obj().(*types.Func); ok && f.Pkg() != nil && f.Pkg().Name() == "main" {
					if recv := introspect.RecvTypeName(f); recv != "" {
						set[recv+"."+f.Name()] = true
					}
				}
			}
		}
		return true
	})
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dependents are the earlier funcs and methods that call, directly or
// not, a func or method the cell declares again with the same signature:
// the interpreter binds a call to the body it saw, so they are run again
// with the cell, to call the new body.
func (e *Engine) dependents(p *cell.Parsed, c *cell.Checked) []*cell.SessionDecl {
	if e.noRerun {
		return nil
	}
	s := e.sess
	changed := map[string]bool{}
	own := map[string]bool{}
	for _, d := range p.CellDecls() {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		old := s.Funcs[name]
		if fd.Recv != nil {
			name = cell.RecvName(fd.Recv.List[0].Type) + "." + name
			old = s.Methods[name]
		}
		own[name] = true
		if old == nil {
			continue
		}
		if obj := c.Info.Defs[fd.Name]; obj != nil && types.TypeString(obj.Type(), pathQualifier) == old.SigType {
			changed[name] = true
		}
	}
	if len(changed) == 0 {
		return nil
	}
	var out []*cell.SessionDecl
	picked := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for _, m := range []map[string]*cell.SessionDecl{s.Funcs, s.Methods} {
			for name, d := range m {
				if own[name] || picked[name] || d.Full == "" {
					continue
				}
				for _, u := range d.Uses {
					if changed[u] {
						picked[name], changed[name], grew = true, true, true
						out = append(out, d)
						break
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Cell < out[j].Cell || (out[i].Cell == out[j].Cell && out[i].Name < out[j].Name)
	})
	return out
}

// docOf joins the first non-empty doc comment.
func docOf(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g != nil {
			if t := g.Text(); t != "" {
				return t + "\n"
			}
		}
	}
	return ""
}
