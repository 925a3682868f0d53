package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
	"go/types"
)

// yaegi v0.16.1 cannot range over a func (Go 1.23 iterators): "for k :=
// range maps.Keys(m)" fails with "nil type". A loop over a func (go/types
// says which) becomes a loop over the values it yields, collected first:
//
//	for k, v := range seq { body }
//	{ __ks1, __vs1 := __iterseq.Collect2(seq); for __j1 := range __ks1 { k, v := __ks1[__j1], __vs1[__j1]; body } }
//
// The iterator runs to its end before the body runs, so an endless
// iterator does not end (README's limits); break, continue and return keep
// their meaning.

// yieldArity returns how many values an iterator x yields (1 or 2), or 0
// if x is not an iterator.
func (y *Fix) yieldArity(x ast.Expr) int {
	tv, ok := y.Info.Types[x]
	if !ok {
		return 0
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return 0
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok {
		return 0
	}
	return yield.Params().Len()
}

// rangeFuncEdits rewrites the range-over-func loops of the file.
func (y *Fix) rangeFuncEdits() []cell.Edit {
	var edits []cell.Edit
	n := 0
	p := y.P
	ast.Inspect(p.File, func(node ast.Node) bool {
		r, ok := node.(*ast.RangeStmt)
		if !ok {
			return true
		}
		arity := y.yieldArity(r.X)
		if arity != 1 && arity != 2 {
			return true
		}
		n++
		x := p.Src(r.X)
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
			head = fmt.Sprintf("{ %s := %s.Collect(%s); for %s := range %s {", ks, cell.IterseqName, x, j, ks)
			if k != "" && k != "_" {
				bind = fmt.Sprintf(" %s %s %s[%s];", k, tokText(r.Tok), ks, j)
			}
		} else {
			head = fmt.Sprintf("{ %s, %s := %s.Collect2(%s); for %s := range %s {", ks, vs, cell.IterseqName, x, j, ks)
			switch {
			case k != "" && v != "" && v != "_":
				bind = fmt.Sprintf(" %s, %s %s %s[%s], %s[%s];", k, v, tokText(r.Tok), ks, j, vs, j)
			case k != "" && k != "_":
				bind = fmt.Sprintf(" %s %s %s[%s];", k, tokText(r.Tok), ks, j)
			}
		}
		edits = append(edits,
			cell.Edit{Off: p.Off(r.For), End: p.Off(r.Body.Lbrace) + 1, Text: head + bind},
			cell.Edit{Off: p.Off(r.Body.Rbrace), End: p.Off(r.Body.Rbrace) + 1, Text: "} }"})
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
