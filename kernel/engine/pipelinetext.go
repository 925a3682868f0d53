package engine

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
)

// missingImports are the session's imports the cell's file lacks (it
// imports those whose names the cell uses); with types set, only those
// the types of its hoisted variables name.
func (e *Engine) missingImports(pl *plan, types bool) map[string]string {
	out := map[string]string{}
	for name, path := range e.sess.Imports {
		if pl.used[name] || pl.imports[name] != "" || types && !pl.typeNames[name] {
			continue
		}
		out[name] = path
	}
	return out
}

func allOtherCells(errs cell.CellErrors, n int) bool {
	for _, e := range errs {
		if e.Cell == n {
			return false
		}
	}
	return true
}

// addImports adds imports after the package clause.
func addImports(text string, imps map[string]string) string {
	if len(imps) == 0 {
		return text
	}
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(imps)) {
		fmt.Fprintf(&b, "import %s %q\n", n, imps[n])
	}
	return strings.Replace(text, "package main\n", "package main\n"+b.String(), 1)
}

// appendDecls adds package-level declarations before the cell's func.
func appendDecls(text, decls string, rerun []*cell.SessionDecl) string {
	var b strings.Builder
	b.WriteString(decls)
	for _, d := range rerun {
		b.WriteString(d.Full)
		b.WriteString(cell.GenDirective)
	}
	return text + "\n" + b.String()
}

// dropVarDecls keeps, of the hoisted var declarations, those that need new
// storage: a variable declared again with the same type is the same
// variable (funcs that use it see the new value).
func dropVarDecls(text, decls string, keep map[string]string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(decls, "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 {
			if _, ok := keep[f[1]]; ok {
				b.WriteString(l)
			}
		}
	}
	return strings.Replace(text, decls, b.String(), 1)
}

// nameEdits points the cell's names of types declared again at their
// newest internal name, and gives the types the cell declares again a
// fresh one (see session).
func (e *Engine) nameEdits(p *cell.Parsed) []cell.Edit {
	var edits []cell.Edit
	fresh := map[string]string{}
	for _, d := range p.CellDecls() {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			if _, exists := e.sess.TypeNames[ts.Name.Name]; exists {
				fresh[ts.Name.Name] = e.sess.NewTypeName(ts.Name.Name)
			}
		}
	}
	for _, id := range p.File.Unresolved {
		if newest, ok := e.sess.TypeNames[id.Name]; ok && newest != id.Name && p.InCell(id) {
			edits = append(edits, cell.Edit{Off: p.Off(id.Pos()), End: p.Off(id.End()), Text: newest})
		}
	}
	if len(fresh) == 0 {
		return edits
	}
	ast.Inspect(p.File, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		name, ok := fresh[id.Name]
		if !ok || id.Obj == nil || id.Obj.Kind != ast.Typ {
			return true
		}
		if ts, ok := id.Obj.Decl.(*ast.TypeSpec); ok && p.InCell(ts) {
			edits = append(edits, cell.Edit{Off: p.Off(id.Pos()), End: p.Off(id.End()), Text: name})
		}
		return true
	})
	return edits
}

// showEditsBare passes a final expression that is not a call to __show:
// Go would refuse it as unused. Calls are decided once their type is
// known (showEditsCall).
func showEditsBare(p *cell.Parsed) []cell.Edit {
	x := finalExpr(p)
	if x == nil {
		return nil
	}
	switch v := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		return nil
	case *ast.UnaryExpr:
		if v.Op == token.ARROW {
			return nil
		}
	}
	return wrapShow(p, x)
}

// showEditsCall passes a final call or receive with one value to __show.
func showEditsCall(p *cell.Parsed, info *types.Info) []cell.Edit {
	x := finalExpr(p)
	if x == nil {
		return nil
	}
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "__show" {
			return nil
		}
	}
	tv, ok := info.Types[x]
	if !ok || !tv.IsValue() {
		return nil
	}
	if _, tuple := tv.Type.(*types.Tuple); tuple {
		return nil
	}
	return wrapShow(p, x)
}

func wrapShow(p *cell.Parsed, x ast.Expr) []cell.Edit {
	end := p.Off(x.End())
	return []cell.Edit{p.InsertBefore(x, "__show("), {Off: end, End: end, Text: ")"}}
}

func finalExpr(p *cell.Parsed) ast.Expr {
	list := p.TopStmts()
	if len(list) == 0 {
		return nil
	}
	es, ok := list[len(list)-1].(*ast.ExprStmt)
	if !ok || !p.InCell(es) {
		return nil
	}
	return es.X
}
