package engine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 cannot range over a func (Go 1.23 iterators): "for k :=
// range maps.Keys(m)" fails with "nil type". A loop over a call of a known
// iterator of the engine's maps and slices packages becomes a loop over
// the collected values:
//
//	for k, v := range maps.All(m) { body }
//	{ __ks1, __vs1 := __iterseq.Collect2(maps.All(m)); for __j1 := range __ks1 { k, v := __ks1[__j1], __vs1[__j1]; body } }
//
// The iterator runs to its end before the body runs, so an endless
// iterator would not end; break, continue and return keep their meaning.

// iterseqName is the name the session imports the helper package under.
const iterseqName = "__iterseq"

// knownIterators maps "package.Func" of the engine's source packages to the
// number of values each step of the sequence yields.
var knownIterators = map[string]int{
	"maps.Keys": 1, "maps.Values": 1, "maps.All": 2,
	"slices.Values": 1, "slices.All": 2, "slices.Backward": 2, "slices.Chunk": 1,
}

// iteratorArity tells whether x calls a known iterator, and its arity.
func (e *Engine) iteratorArity(x ast.Expr) int {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return 0
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return 0
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return 0
	}
	path := e.imports[pkg.Name]
	if path != "maps" && path != "slices" {
		return 0
	}
	return knownIterators[path+"."+sel.Sel.Name]
}

// rangeFuncEdits rewrites the range-over-func loops under root.
func (e *Engine) rangeFuncEdits(root ast.Node, off func(token.Pos) int, src string) []edit {
	var edits []edit
	n := 0
	ast.Inspect(root, func(node ast.Node) bool {
		r, ok := node.(*ast.RangeStmt)
		if !ok {
			return true
		}
		arity := e.iteratorArity(r.X)
		if arity == 0 {
			return true
		}
		n++
		x := src[off(r.X.Pos()):off(r.X.End())]
		name := func(v ast.Expr) string {
			if id, ok := v.(*ast.Ident); ok {
				return id.Name
			}
			return ""
		}
		k, v := name(r.Key), name(r.Value)
		var head, bind string
		ks, vs, j := fmt.Sprintf("__ks%d", n), fmt.Sprintf("__vs%d", n), fmt.Sprintf("__j%d", n)
		if arity == 1 {
			head = fmt.Sprintf("{ %s := %s.Collect(%s); for %s := range %s {", ks, iterseqName, x, j, ks)
			if k != "" && k != "_" {
				bind = fmt.Sprintf(" %s %s %s[%s];", k, tokText(r.Tok), ks, j)
			}
		} else {
			head = fmt.Sprintf("{ %s, %s := %s.Collect2(%s); for %s := range %s {", ks, vs, iterseqName, x, j, ks)
			switch {
			case k != "" && v != "" && v != "_":
				bind = fmt.Sprintf(" %s, %s %s %s[%s], %s[%s];", k, v, tokText(r.Tok), ks, j, vs, j)
			case k != "" && k != "_":
				bind = fmt.Sprintf(" %s %s %s[%s];", k, tokText(r.Tok), ks, j)
			}
		}
		edits = append(edits,
			edit{off(r.For), off(r.Body.Lbrace) + 1, head + bind},
			// Replacing the brace (not inserting after it) keeps this
			// before a closing "}();" that wrapEdits puts after the loop.
			edit{off(r.Body.Rbrace), off(r.Body.Rbrace) + 1, "} }"})
		return true
	})
	return edits
}

func tokText(t token.Token) string {
	if t == token.DEFINE {
		return ":="
	}
	return "="
}
