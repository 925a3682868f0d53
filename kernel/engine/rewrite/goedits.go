package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"strings"
)

// goEdits rewrites the cell's go statements to count their goroutines.
func (y *Fix) goEdits() []cell.Edit {
	var edits []cell.Edit
	n := 0
	p := y.P
	ast.Inspect(p.File, func(node ast.Node) bool {
		g, ok := node.(*ast.GoStmt)
		if !ok {
			return true
		}
		n++
		names, vals := []string{fmt.Sprintf("__gc%d", n)}, []string{"__goCell()"}
		cellNum := names[0]
		for _, a := range g.Call.Args {
			tv := y.Info.Types[a]
			if tv.Value != nil || tv.IsNil() {
				continue
			}
			n++
			name := fmt.Sprintf("__ga%d", n)
			names = append(names, name)
			vals = append(vals, p.Src(a))
			edits = append(edits, cell.Edit{Off: p.Off(a.Pos()), End: p.Off(a.End()), Text: name})
		}
		o := p.Off(g.Pos())
		head := strings.Join(names, ", ") + " := " + strings.Join(vals, ", ") + "; go __go(" + cellNum + ", func() { "
		edits = append(edits, cell.Edit{Off: o, End: p.Off(g.Call.Pos()), Text: head})
		end := p.Off(g.Call.End())
		edits = append(edits, cell.Edit{Off: end, End: end, Text: " })"})
		return true
	})
	return edits
}
