package engine

import (
	"go/ast"
	"go/token"
)

// minMaxEdits makes untyped float constants in min and max calls typed.
// min and max are generic funcs of the session here (yaegi v0.16.1 has no
// such builtins), and yaegi cannot infer T from untyped float constants
// ("untyped float does not implement __ordered"): min(2.5, 1.5) becomes
// min(float64(2.5), float64(1.5)), which is what Go computes.
func minMaxEdits(root ast.Node, off func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(root, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Obj != nil || (id.Name != "min" && id.Name != "max") {
			return true
		}
		hasFloat := false
		for _, a := range call.Args {
			if lit := constLit(a); lit != nil && lit.Kind == token.FLOAT {
				hasFloat = true
			}
		}
		if !hasFloat {
			return true
		}
		for _, a := range call.Args {
			if constLit(a) != nil {
				edits = append(edits, edit{off(a.Pos()), off(a.Pos()), "float64("}, edit{off(a.End()), off(a.End()), ")"})
			}
		}
		return true
	})
	return edits
}

// constLit returns the literal of a numeric constant expression (-1.5 too).
func constLit(x ast.Expr) *ast.BasicLit {
	switch v := x.(type) {
	case *ast.BasicLit:
		if v.Kind == token.INT || v.Kind == token.FLOAT {
			return v
		}
	case *ast.UnaryExpr:
		if v.Op == token.SUB || v.Op == token.ADD {
			return constLit(v.X)
		}
	case *ast.ParenExpr:
		return constLit(v.X)
	}
	return nil
}
