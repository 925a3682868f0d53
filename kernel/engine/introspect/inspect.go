package introspect

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
)

// Inspect shows the declaration and doc comment of what is at the cursor
// (Shift+Tab): the name under it, or, inside the parentheses of a call
// and not on a name, the func called. The cursor is in code points.
func (e *View) Inspect(req kernel.InspectRequest) kernel.InspectReply {
	// A compile that landed while the kernel was idle is swapped in now,
	// so that inspect says "Runs compiled." without waiting for a cell.
	e.tier.BindIdle()
	code := req.Code
	off := cell.ByteOffset(code, req.CursorPos)
	_, wend := cell.WordAround(code, off)
	var d *description
	if a := e.analyze(code, code[:wend], cell.OffsetPosition(code, off).Line); a != nil {
		d = e.inspectAt(a, a.posAt(off))
	}
	if d == nil {
		d = e.inspectText(code, off)
	}
	if d == nil || d.header == "" {
		return kernel.InspectReply{Data: map[string]any{}}
	}
	return kernel.InspectReply{Found: true, Data: d.bundle()}
}

// inspectAt describes the object at pos of an analysis.
func (e *View) inspectAt(a *analysis, pos token.Pos) *description {
	if !pos.IsValid() {
		return nil
	}
	var ident *ast.Ident
	var call *ast.CallExpr
	parents := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(a.p.File, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch x := n.(type) {
		case *ast.Ident:
			if x.Pos() <= pos && pos <= x.End() && a.inCellNode(x) && (ident == nil || x.End() == pos) {
				ident = x
			}
		case *ast.CallExpr:
			if x.Lparen < pos && pos <= x.Rparen && a.inCellNode(x) {
				call = x // the innermost: calls inside come later
			}
		}
		return true
	})
	if ident != nil {
		if d := e.describeIdent(a, ident, parents[ident]); d != nil {
			return d
		}
	}
	if call != nil {
		switch x := CalleeOf(call).(type) {
		case *ast.Ident:
			return e.describeIdent(a, x, call)
		case *ast.SelectorExpr:
			return e.describeIdent(a, x.Sel, x)
		}
		if tv, ok := a.c.Info.Types[call.Fun]; ok && tv.Type != nil {
			return &description{header: cell.InternalName.ReplaceAllString(types.TypeString(tv.Type, nameQualifier), "$1")}
		}
	}
	return nil
}

// describeIdent describes the object an identifier names; parent is the
// node around it.
func (e *View) describeIdent(a *analysis, id *ast.Ident, parent ast.Node) *description {
	if strings.HasPrefix(id.Name, "__") {
		return nil
	}
	info := a.c.Info
	obj := info.Uses[id]
	if obj == nil {
		obj = info.Defs[id]
	}
	if obj != nil {
		return e.describe(a, obj)
	}
	sel, ok := parent.(*ast.SelectorExpr)
	if !ok || sel.X == id {
		// A package named alone, imported or not.
		if inner := a.c.Pkg.Scope().Innermost(id.Pos()); inner != nil {
			if _, o := inner.LookupParent(id.Name, id.Pos()); o != nil {
				return e.describe(a, o)
			}
		}
		if path := e.stdPath(id.Name); path != "" {
			return e.describePackage(path)
		}
		return nil
	}
	// A member of a package the cell has not imported yet.
	x, ok := sel.X.(*ast.Ident)
	if !ok || info.Uses[x] != nil {
		return nil
	}
	if path := e.stdPath(x.Name); path != "" {
		return e.describeMember(path, id.Name)
	}
	return nil
}

// describeMember describes a package's member by name.
func (e *View) describeMember(path, name string) *description {
	pkg, err := e.types.Import(path)
	if err != nil {
		return nil
	}
	obj := pkg.Scope().Lookup(name)
	if obj == nil || !obj.Exported() {
		return nil
	}
	return e.describe(nil, obj)
}

// inspectText finds "pkg.Name" around the cursor without type
// information: when no variant of the code can be checked.
func (e *View) inspectText(code string, off int) *description {
	start, end := cell.WordAround(code, off)
	if start > 0 && code[start-1] == '.' {
		qs, _ := cell.WordAround(code, start-1)
		pkg, name := code[qs:start-1], code[start:end]
		e.mu.Lock()
		path := e.sess.Imports[pkg]
		e.mu.Unlock()
		if path == "" {
			path = e.stdPath(pkg)
		}
		if path != "" {
			return e.describeMember(path, name)
		}
	}
	if end < len(code) && code[end] == '.' {
		if path := e.stdPath(code[start:end]); path != "" {
			return e.describePackage(path)
		}
	}
	return nil
}

// description is what inspect shows: a declaration and its doc comment.
type description struct {
	header string // the declaration, as Go source
	doc    string // the doc comment's text
	path   string // the package it is from, for links in the doc
}

// bundle is the reply's MIME bundle: plain text, and Markdown with the
// declaration as Go code.
func (d *description) bundle() map[string]any {
	text := d.header
	doc := strings.TrimSpace(d.doc)
	if doc != "" {
		text += "\n\n" + doc
	}
	md := "```go\n" + d.header + "\n```\n"
	if doc != "" {
		md += "\n" + docMarkdown(d.doc, d.path)
	}
	return map[string]any{"text/plain": text, "text/markdown": md}
}

// CalleeOf is the func a call names, without parentheses or explicit type
// arguments: f in f(x), f[int](x) and (f)(x).
func CalleeOf(call *ast.CallExpr) ast.Expr {
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		return x.X
	case *ast.IndexListExpr:
		return x.X
	}
	return fun
}
