package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
)

// Two loop rewrites bring Go 1.22 loops to yaegi v0.16.1:
//
//   - range over an int ("for i := range 10") panics its compiler with
//     "nil type"; it becomes a three-clause loop.
//   - loop variables are shared by all iterations (pre-1.22), so closures
//     and goroutines started in a loop see the last value; a body holding
//     a closure gets a per-iteration copy ("i := i").

// loopEdits rewrites the loops of the cell's file.
func (y *Fix) loopEdits() []cell.Edit {
	var edits []cell.Edit
	n := 0
	p := y.P
	ast.Inspect(p.File, func(node ast.Node) bool {
		switch s := node.(type) {
		case *ast.RangeStmt:
			var vars []string
			for _, x := range []ast.Expr{s.Key, s.Value} {
				if id, ok := x.(*ast.Ident); ok && id.Name != "_" && s.Tok == token.DEFINE {
					vars = append(vars, id.Name)
				}
			}
			if y.isInt(s.X) {
				n++
				edits = append(edits, cell.Edit{Off: p.Off(s.For) + 3, End: p.Off(s.Body.Lbrace), Text: " " + intLoopHeader(s, n, p.Src(s.X)) + " "})
			}
			if len(vars) > 0 && hasClosure(s.Body) {
				edits = append(edits, bodyEdits(s.Body, vars, p.Off)...)
			}
		case *ast.ForStmt:
			init, ok := s.Init.(*ast.AssignStmt)
			if !ok || init.Tok != token.DEFINE || !hasClosure(s.Body) {
				return true
			}
			var vars []string
			for _, l := range init.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" && !assigns(s.Body, id.Name) {
					vars = append(vars, id.Name)
				}
			}
			if len(vars) > 0 {
				edits = append(edits, bodyEdits(s.Body, vars, p.Off)...)
			}
		}
		return true
	})
	return edits
}

// intLoopHeader is the three-clause header for "for k := range x" over an
// int; x is evaluated once, and k has x's type, as in Go 1.22.
func intLoopHeader(s *ast.RangeStmt, n int, x string) string {
	bound := fmt.Sprintf("__n%d", n)
	k := fmt.Sprintf("__i%d", n)
	if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" {
		k = id.Name
		if s.Tok == token.ASSIGN {
			return fmt.Sprintf("%s = 0; %s < (%s); %s++", k, k, x, k)
		}
	}
	return fmt.Sprintf("%s, %s := (%s)-(%s), (%s); %s < %s; %s++", k, bound, x, x, x, k, bound, k)
}

// bodyEdits gives each iteration its own copies of the loop variables. A
// copy ("i := i") is enough for closures run by the interpreter, but a
// closure handed to compiled code (wg.Go, poolkit.NewThread) still sees
// the last value: yaegi reuses the loop body's frame. So, when the body
// has no break, continue, goto or return that would leave it, and no
// defer (which must run when the enclosing func returns), it runs in a
// func literal called at once, whose frame is new at each iteration.
func bodyEdits(body *ast.BlockStmt, vars []string, off func(token.Pos) int) []cell.Edit {
	open := off(body.Lbrace) + 1
	if leavesBody(body) || hasDefer(body) {
		return []cell.Edit{{Off: open, End: open, Text: copyStmt(vars)}}
	}
	return []cell.Edit{{Off: open, End: open, Text: " func() {" + copyStmt(vars)}, {Off: off(body.Rbrace), End: off(body.Rbrace), Text: "}(); "}}
}

// leavesBody reports whether a loop body has a statement that jumps out of
// it: return, goto, a labeled branch, or a break or continue of this loop.
func leavesBody(body *ast.BlockStmt) bool {
	found := false
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if found || c == nil || c == n {
				return !found
			}
			switch x := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				switch {
				case x.Label != nil || x.Tok == token.GOTO:
					found = true
				case x.Tok == token.BREAK && !inLoop && !inSwitch:
					found = true
				case x.Tok == token.CONTINUE && !inLoop:
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt:
				walk(c, true, inSwitch)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(c, inLoop, true)
				return false
			}
			return true
		})
	}
	walk(body, false, false)
	return found
}

func copyStmt(vars []string) string {
	l := ""
	for i, v := range vars {
		if i > 0 {
			l += ", "
		}
		l += v
	}
	return " " + l + " := " + l + ";"
}

// hasClosure reports whether a loop body holds a func literal or a go or
// defer statement: only then does sharing the loop variable show.
func hasClosure(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// assigns reports whether the body assigns to name (then a copy would
// change what the loop does).
func assigns(b *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				return true
			}
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := s.X.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		case *ast.UnaryExpr:
			if id, ok := s.X.(*ast.Ident); ok && s.Op == token.AND && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// hasDefer reports whether a loop body defers a call (outside func
// literals).
func hasDefer(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}
