package engine

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// commit records in the session what a cell that ran declared.
func (e *Engine) commit(pl *plan) {
	e.version++
	s := e.sess
	for name, path := range pl.imports {
		s.imports[name] = path
	}
	for name, path := range pl.hidden {
		s.hidden[name] = path
	}
	p, info := pl.checked, pl.info
	sp := newTypeSpeller(s)
	for _, v := range pl.vars {
		ts := pl.varType[v.name]
		since := pl.n
		if old := s.vars[v.name]; old != nil && pl.newVars[v.name] == "" {
			since = old.since
		}
		s.vars[v.name] = &sessionDecl{kind: varKind, name: v.name, cell: pl.n, typ: ts, since: since,
			check: fmt.Sprintf("var %s %s", v.name, ts), doc: fmt.Sprintf("var %s %s", v.name, s.userName(ts))}
	}
	for _, d := range p.cellDecls() {
		cell := cellOf(p.fset.Position(d.Pos()))
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil && x.Name.Name == "init" {
				continue
			}
			e.commitFunc(p, info, x, cell)
		case *ast.GenDecl:
			for _, spec := range x.Specs {
				switch sp2 := spec.(type) {
				case *ast.TypeSpec:
					internal := sp2.Name.Name
					user := s.userName(internal)
					s.typeCount[user]++
					s.typeNames[user] = internal
					text := "type " + p.src(sp2)
					s.types[internal] = &sessionDecl{kind: typeKind, name: internal, cell: cell,
						check: text, doc: docOf(x.Doc, sp2.Doc) + s.userName(text)}
				case *ast.ValueSpec:
					for _, id := range sp2.Names {
						if id.Name == "_" {
							continue
						}
						switch obj := info.Defs[id].(type) {
						case *types.Const:
							text := constDecl(obj, func(t types.Type) (string, error) { return sp.spell(t, pl.imports) })
							s.consts[id.Name] = &sessionDecl{kind: constKind, name: id.Name, cell: cell,
								check: text, doc: docOf(x.Doc, sp2.Doc) + s.userName(text)}
						case *types.Var:
							ts, err := sp.spell(obj.Type(), pl.imports)
							if err != nil {
								continue
							}
							s.vars[id.Name] = &sessionDecl{kind: varKind, name: id.Name, cell: cell, typ: ts, since: cell,
								check: fmt.Sprintf("var %s %s", id.Name, ts), doc: docOf(x.Doc, sp2.Doc) + fmt.Sprintf("var %s %s", id.Name, s.userName(ts))}
						}
					}
				}
			}
		}
	}
	for name, path := range sp.added {
		s.hidden[name] = path
	}
	e.lifted.record(pl.lifts)
}

// commitFunc records a func or method.
func (e *Engine) commitFunc(p *parsed, info *types.Info, fd *ast.FuncDecl, cell int) {
	s := e.sess
	sig := p.text[p.off(fd.Pos()):p.off(fd.Type.End())]
	pos := p.fset.Position(fd.Pos())
	d := &sessionDecl{kind: funcKind, name: fd.Name.Name, cell: cell, check: sig,
		full: lineDirective(cellOf(pos), pos.Line, pos.Column) + p.src(fd),
		doc:  docOf(fd.Doc) + s.userName(sig), uses: callees(fd, info), vars: bodyVars(fd, info)}
	if obj := info.Defs[fd.Name]; obj != nil {
		d.sigType = types.TypeString(obj.Type(), pathQualifier)
	}
	if fd.Body != nil {
		d.from, d.to = p.fset.Position(fd.Body.Lbrace).Line, p.fset.Position(fd.Body.Rbrace).Line
		if l := fd.Body.List; len(l) <= 1 {
			d.exact = len(l) == 0 || p.fset.Position(l[0].Pos()).Line == p.fset.Position(l[0].End()).Line
		}
	}
	if fd.Recv != nil {
		d.kind = methodKind
		d.name = recvName(fd.Recv.List[0].Type) + "." + fd.Name.Name
		s.methods[d.name] = d
		return
	}
	s.funcs[d.name] = d
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
					if recv := recvTypeName(f); recv != "" {
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

// recvTypeName is the name of a method's receiver type.
func recvTypeName(f *types.Func) string {
	sig, ok := f.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// dependents are the earlier funcs and methods that call, directly or
// not, a func or method the cell declares again with the same signature:
// the interpreter binds a call to the body it saw, so they are run again
// with the cell, to call the new body.
func (e *Engine) dependents(p *parsed, c *checked) []*sessionDecl {
	if e.noRerun {
		return nil
	}
	s := e.sess
	changed := map[string]bool{}
	own := map[string]bool{}
	for _, d := range p.cellDecls() {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		old := s.funcs[name]
		if fd.Recv != nil {
			name = recvName(fd.Recv.List[0].Type) + "." + name
			old = s.methods[name]
		}
		own[name] = true
		if old == nil {
			continue
		}
		if obj := c.info.Defs[fd.Name]; obj != nil && types.TypeString(obj.Type(), pathQualifier) == old.sigType {
			changed[name] = true
		}
	}
	if len(changed) == 0 {
		return nil
	}
	var out []*sessionDecl
	picked := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for _, m := range []map[string]*sessionDecl{s.funcs, s.methods} {
			for name, d := range m {
				if own[name] || picked[name] || d.full == "" {
					continue
				}
				for _, u := range d.uses {
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
		return out[i].cell < out[j].cell || (out[i].cell == out[j].cell && out[i].name < out[j].name)
	})
	return out
}

// constDecl writes a const of the session with its value, its type (if
// it has one) written by typeName.
func constDecl(c *types.Const, typeName func(types.Type) (string, error)) string {
	v := c.Val()
	lit := v.ExactString()
	b, basic := c.Type().(*types.Basic)
	switch {
	case v.Kind() == constant.Float && strings.Contains(lit, "/"):
		num, den, _ := strings.Cut(lit, "/")
		lit = num + ".0/" + den
	case v.Kind() == constant.Complex:
		lit = v.String()
	case basic && b.Kind() == types.UntypedRune:
		if r, ok := constant.Int64Val(v); ok {
			lit = strconv.QuoteRune(rune(r))
		}
	}
	if basic && b.Info()&types.IsUntyped != 0 {
		return fmt.Sprintf("const %s = %s", c.Name(), lit)
	}
	ts, err := typeName(c.Type())
	if err != nil {
		return fmt.Sprintf("const %s = %s", c.Name(), lit)
	}
	return fmt.Sprintf("const %s %s = %s", c.Name(), ts, lit)
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
