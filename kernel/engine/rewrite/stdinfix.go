package rewrite

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
	"go/types"
)

// stdioEdits route the cell's os.Stdin to the notebook and its os.Stdout
// to the cells' stdout. yaegi replaces os.Stdin and os.Stdout with the
// interpreter's only when those are *os.File: os.Stdin stays the engine's
// fd 0 (/dev/null: every read is an EOF) and os.Stdout its fd 1, which
// passes by the prompt held back (package prompt) and comes out of order.
//
// Each use of the os package's Stdin or Stdout (as go/types resolved it)
// is replaced where the cell needs a reader or a writer, not a file:
//
//   - where it is converted to an interface whose only method is Read
//     (io.Reader; for os.Stdout, Write: io.Writer): an argument
//     (bufio.NewReader(os.Stdin), fmt.Fscan(os.Stdin, &n), io.Copy(w,
//     os.Stdin), fmt.Fprintln(os.Stdout, x)), a conversion, an assignment
//     or a var of that type, a result, a composite literal's element, a
//     send; os.Stdin becomes __stdin(), os.Stdout __stdout();
//   - os.Stdin.Read becomes __stdin().Read, os.Stdout.Write
//     __stdout().Write, os.Stdout.WriteString __stdoutWriteString.
//
// Every other use stays the *os.File (os.Stdin.Fd(), os.Stdin.Stat(),
// f := os.Stdin, a parameter of type *os.File or any, os.Stdin ==
// x), and so does os.Stdin given to a field of os/exec (cmd.Stdin): a
// command copying from the notebook would wait for a line after it ended.
func (y *Fix) stdioEdits() []cell.Edit {
	var edits []cell.Edit
	p := y.P
	var stack []ast.Node
	ast.Inspect(p.File, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		name := StdioName(y.Info.Uses[id])
		if name == "" {
			return true
		}
		// The expression: os.Stdin, or Stdin of a dot import.
		i := len(stack) - 1
		if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.Sel == id {
			i--
		}
		x := stack[i].(ast.Expr)
		for i > 0 {
			if _, ok := stack[i-1].(*ast.ParenExpr); !ok {
				break
			}
			i--
		}
		outer := stack[i].(ast.Expr)
		helper := "__stdin()"
		method, only := "Read", ""
		if name == "Stdout" {
			helper, method, only = "__stdout()", "Write", "WriteString"
		}
		if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && sel.X == outer {
			if s := y.Info.Selections[sel]; s == nil || s.Kind() == types.FieldVal {
				return true
			}
			switch sel.Sel.Name {
			case method:
				edits = append(edits, cell.Edit{Off: p.Off(x.Pos()), End: p.Off(x.End()), Text: helper})
			case only:
				edits = append(edits, cell.Edit{Off: p.Off(sel.Pos()), End: p.Off(sel.End()), Text: "__stdoutWriteString"})
			}
			return true
		}
		t, field := targetType(y.Info, stack[:i], outer)
		if t == nil || !onlyMethod(t, method) {
			return true
		}
		if name == "Stdin" && field != nil && field.Pkg() != nil && field.Pkg().Path() == "os/exec" {
			return true
		}
		edits = append(edits, cell.Edit{Off: p.Off(x.Pos()), End: p.Off(x.End()), Text: helper})
		return true
	})
	return edits
}

// StdioName is "Stdin" or "Stdout" when obj is that var of package os.
func StdioName(obj types.Object) string {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() != "os" || v.Parent() != v.Pkg().Scope() {
		return ""
	}
	if v.Name() == "Stdin" || v.Name() == "Stdout" {
		return v.Name()
	}
	return ""
}

// onlyMethod reports whether t is an interface whose only method is name.
func onlyMethod(t types.Type, name string) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() == 1 && it.Method(0).Name() == name
}

// targetType is the type x (a value, stack its ancestors) is converted to
// where it is used, and the struct field it is stored in; nil where the
// use is not a conversion to a type (an operand, a := of its own type).
func targetType(info *types.Info, stack []ast.Node, x ast.Expr) (types.Type, *types.Var) {
	if len(stack) == 0 {
		return nil, nil
	}
	index := func(list []ast.Expr) int {
		for i, e := range list {
			if e == x {
				return i
			}
		}
		return -1
	}
	switch c := stack[len(stack)-1].(type) {
	case *ast.CallExpr:
		i := index(c.Args)
		if i < 0 {
			return nil, nil
		}
		ft := info.Types[c.Fun]
		if ft.IsType() {
			return ft.Type, nil
		}
		if ft.IsBuiltin() || ft.Type == nil {
			return nil, nil
		}
		sig, ok := ft.Type.Underlying().(*types.Signature)
		if !ok {
			return nil, nil
		}
		n := sig.Params().Len()
		if sig.Variadic() && i >= n-1 {
			if c.Ellipsis.IsValid() {
				return nil, nil
			}
			if s, ok := sig.Params().At(n - 1).Type().Underlying().(*types.Slice); ok {
				return s.Elem(), nil
			}
			return nil, nil
		}
		if i < n {
			return sig.Params().At(i).Type(), nil
		}
	case *ast.AssignStmt:
		i := index(c.Rhs)
		if i < 0 || len(c.Lhs) != len(c.Rhs) || (c.Tok != token.ASSIGN && c.Tok != token.DEFINE) {
			return nil, nil
		}
		return info.TypeOf(c.Lhs[i]), fieldOf(info, c.Lhs[i])
	case *ast.ValueSpec:
		i := index(c.Values)
		if i < 0 || len(c.Names) != len(c.Values) {
			return nil, nil
		}
		if obj := info.Defs[c.Names[i]]; obj != nil {
			return obj.Type(), nil
		}
	case *ast.ReturnStmt:
		i := index(c.Results)
		if i < 0 {
			return nil, nil
		}
		var sig *types.Signature
	up:
		for j := len(stack) - 2; j >= 0; j-- {
			switch f := stack[j].(type) {
			case *ast.FuncLit:
				sig, _ = info.TypeOf(f).(*types.Signature)
				break up
			case *ast.FuncDecl:
				if obj := info.Defs[f.Name]; obj != nil {
					sig, _ = obj.Type().(*types.Signature)
				}
				break up
			}
		}
		if sig == nil || sig.Results().Len() != len(c.Results) {
			return nil, nil
		}
		return sig.Results().At(i).Type(), nil
	case *ast.KeyValueExpr:
		if c.Value != x || len(stack) < 2 {
			return nil, nil
		}
		lit, ok := stack[len(stack)-2].(*ast.CompositeLit)
		if !ok {
			return nil, nil
		}
		switch u := underlyingLit(info, lit).(type) {
		case *types.Struct:
			if k, ok := c.Key.(*ast.Ident); ok {
				for f := range u.Fields() {
					if f.Name() == k.Name {
						return f.Type(), f
					}
				}
			}
		case *types.Map:
			return u.Elem(), nil
		case *types.Slice:
			return u.Elem(), nil
		case *types.Array:
			return u.Elem(), nil
		}
	case *ast.CompositeLit:
		i := index(c.Elts)
		if i < 0 {
			return nil, nil
		}
		switch u := underlyingLit(info, c).(type) {
		case *types.Struct:
			if i < u.NumFields() {
				return u.Field(i).Type(), u.Field(i)
			}
		case *types.Slice:
			return u.Elem(), nil
		case *types.Array:
			return u.Elem(), nil
		}
	case *ast.SendStmt:
		if c.Value != x {
			return nil, nil
		}
		if ch, ok := typeUnder(info.TypeOf(c.Chan)).(*types.Chan); ok {
			return ch.Elem(), nil
		}
	}
	return nil, nil
}

// fieldOf is the struct field lhs selects, or nil.
func fieldOf(info *types.Info, lhs ast.Expr) *types.Var {
	sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal {
		v, _ := s.Obj().(*types.Var)
		return v
	}
	return nil
}

// underlyingLit is the underlying type of a composite literal (through
// a pointer: the elements of []*T{{...}} are T's).
func underlyingLit(info *types.Info, lit *ast.CompositeLit) types.Type {
	t := typeUnder(info.TypeOf(lit))
	if p, ok := t.(*types.Pointer); ok {
		t = typeUnder(p.Elem())
	}
	return t
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
