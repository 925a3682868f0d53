package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"
)

// yaegi v0.16.1's tables lack some methods of compiled types that go/types
// knows ((*log.Logger).SetPrefix: "undefined selector: SetPrefix"), and
// it cannot convert such a value to an interface of its own. The call is
// made by reflection instead: the cell is compiled again with x.M(a)
// becoming func() T { r := __call(x, "M", a); t, _ := r[0].(T); return t }(),
// for each such method yaegi reports, a few times at most.

var undefinedSelector = regexp.MustCompile(`^(cell\[\d+\][^:]*):(\d+):\d+: undefined selector:? (\w+)$`)

// maxFallbacks bounds the compiles of one cell.
const maxFallbacks = 4

// MethodFallback returns the edit for the method of msg, an interpreter
// error, done being the number of such edits the cell has already; it
// reports false when msg is not about a method it can reach so.
func (y *Fix) MethodFallback(msg string, done int) (cell.Edit, bool) {
	m := undefinedSelector.FindStringSubmatch(msg)
	if m == nil || done >= maxFallbacks {
		return cell.Edit{}, false
	}
	cellNum, name := cell.CellOf(token.Position{Filename: m[1]}), m[3]
	line, _ := strconv.Atoi(m[2])
	p, info := y.P, y.Info
	var edit cell.Edit
	added := false
	ast.Inspect(p.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || added || call.Ellipsis.IsValid() {
			return !added
		}
		x, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || x.Sel.Name != name {
			return true
		}
		pos := p.Fset.Position(x.Sel.Pos())
		if cell.CellOf(pos) != cellNum || pos.Line != line {
			return true
		}
		sel := info.Selections[x]
		if sel == nil || sel.Kind() != types.MethodVal {
			return true
		}
		f := sel.Obj().(*types.Func)
		if f.Pkg() == nil || f.Pkg().Name() == "main" {
			return true
		}
		res := f.Signature().Results()
		var types_, binds, rets []string
		for i := 0; i < res.Len(); i++ {
			ts, err := y.Sp.Spell(res.At(i).Type(), y.Imp)
			if err != nil {
				return true
			}
			types_ = append(types_, ts)
			binds = append(binds, fmt.Sprintf("__t%d, _ := __r[%d].(%s); ", i, i, ts))
			rets = append(rets, fmt.Sprintf("__t%d", i))
		}
		args := []string{p.Src(x.X), fmt.Sprintf("%q", name)}
		for _, a := range call.Args {
			args = append(args, p.Src(a))
		}
		head := "func() "
		if len(types_) > 0 {
			head += "(" + strings.Join(types_, ", ") + ") "
		}
		text := head + "{ __r := __call(" + strings.Join(args, ", ") + "); " + strings.Join(binds, "")
		if len(rets) > 0 {
			text += "return " + strings.Join(rets, ", ")
		}
		_ = binds
		text += " }()"
		if len(rets) == 0 {
			text = head + "{ __call(" + strings.Join(args, ", ") + ") }()"
		}
		edit = cell.Edit{Off: p.Off(call.Pos()), End: p.Off(call.End()), Text: text}
		added = true
		return false
	})
	return edit, added
}
