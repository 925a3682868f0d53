package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/types"
	"strings"
)

// Fix computes the last step of the pipeline: the edits that make a
// checked cell run right on yaegi v0.16.1, which is wrong or missing on
// these, inside function bodies too. Each is driven by go/types' facts.
//
//   - a declared main: yaegi runs main after every evaluation, so the
//     session's main is __main (a whole-program cell calls it once);
//   - range over an int: "nil type" in its compiler (loops.go);
//   - loop variables shared by all iterations, as before Go 1.22 (loops.go);
//   - range over a func: missing (rangefunc.go);
//   - min, max, clear and new(expr): missing builtins;
//   - %T, %+v and %#v of the cells' types (fmtverbs.go);
//   - an index out of range is reported without the index and the length
//     (from package reflect): a constant index is checked by __index;
//   - defer f(x) evaluates x when the deferred call runs, not at the defer;
//   - errors.As with a target of a cell's type: reflect does not see the
//     interpreted type's methods ("*target must be interface or implement
//     error"), so the call becomes a loop of type assertions (a generic
//     helper would not do: yaegi fails on a type assertion to a type
//     parameter).
type Fix struct {
	P     *cell.Parsed
	Info  *types.Info
	Sp    *cell.TypeSpeller
	Imp   map[string]string
	Descs *TypeDescs
}

// Edits returns every yaegi edit of the file, in the order applyEdits
// needs for Edits at the same offset.
func (y *Fix) Edits() ([]cell.Edit, error) {
	var edits []cell.Edit
	edits = append(edits, y.mainEdits()...)
	edits = append(edits, y.loopEdits()...)
	edits = append(edits, y.rangeFuncEdits()...)
	b, err := y.builtinEdits()
	if err != nil {
		return nil, err
	}
	edits = append(edits, b...)
	edits = append(edits, y.deferEdits()...)
	edits = append(edits, y.goEdits()...)
	edits = append(edits, y.instanceEdits()...)
	edits = append(edits, y.fmtEdits()...)
	edits = append(edits, y.indexEdits()...)
	edits = append(edits, y.stdioEdits()...)
	return edits, nil
}

// instanceEdits writes the type arguments go/types inferred for a call of
// a generic func with an argument of a generic type: yaegi's inference
// fails on those (AsCompleted(futures) with futures a []*Future[int]).
func (y *Fix) instanceEdits() []cell.Edit {
	var edits []cell.Edit
	p := y.P
	ast.Inspect(p.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch f := call.Fun.(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		default:
			return true
		}
		inst, ok := y.Info.Instances[id]
		if !ok || inst.TypeArgs == nil || strings.HasPrefix(id.Name, "__") {
			return true
		}
		generic := false
		for _, a := range call.Args {
			cell.WalkTypes(y.Info.Types[a].Type, func(t types.Type) {
				if n, ok := t.(*types.Named); ok && n.TypeArgs().Len() > 0 {
					generic = true
				}
			}, map[types.Type]bool{})
		}
		if !generic {
			// Only where it is needed: yaegi fails on some explicit
			// instantiations it infers well (slices.Compare[int]).
			return true
		}
		var args []string
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			ts, err := y.Sp.Spell(inst.TypeArgs.At(i), y.Imp)
			if err != nil {
				return true
			}
			args = append(args, ts)
		}
		o := p.Off(call.Fun.End())
		edits = append(edits, cell.Edit{Off: o, End: o, Text: "[" + strings.Join(args, ", ") + "]"})
		return true
	})
	return edits
}

// MainName is the interpreter's name for the session's func main.
const MainName = "__main"

func (y *Fix) mainEdits() []cell.Edit {
	var edits []cell.Edit
	ast.Inspect(y.P.File, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != "main" {
			return true
		}
		obj := y.Info.Uses[id]
		if obj == nil {
			obj = y.Info.Defs[id]
		}
		if f, ok := obj.(*types.Func); ok && f.Parent() == f.Pkg().Scope() {
			edits = append(edits, cell.Edit{Off: y.P.Off(id.Pos()), End: y.P.Off(id.End()), Text: MainName})
		}
		return true
	})
	return edits
}

// builtinEdits calls the engine's versions of min, max, clear and
// new(expr) (builtins.go). Constant arguments of min and max are converted
// to the call's type (__min(float64(2.5), x)), since yaegi cannot infer T
// from an untyped constant.
func (y *Fix) builtinEdits() ([]cell.Edit, error) {
	var edits []cell.Edit
	var err error
	p := y.P
	ast.Inspect(p.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || err != nil {
			return err == nil
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && len(call.Args) == 2 {
			f, ok := y.Info.Uses[sel.Sel].(*types.Func)
			target, isPtr := y.Info.Types[call.Args[1]].Type.(*types.Pointer)
			if ok && isPtr && f.FullName() == "errors.As" && CellTyped(target) {
				var ts string
				ts, err = y.Sp.Spell(target.Elem(), y.Imp)
				edits = append(edits, cell.Edit{Off: p.Off(call.Fun.Pos()), End: p.Off(call.Fun.End()), Text: fmt.Sprintf(
					"func(__e error, __tp *%s) bool { for ; __e != nil; __e = %s.Unwrap(__e) { if __t, __ok := __e.(%s); __ok { *__tp = __t; return true } }; return false }",
					ts, p.Src(sel.X), ts)})
			}
			return true
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return true
		}
		b, ok := y.Info.Uses[id].(*types.Builtin)
		if !ok {
			return true
		}
		switch b.Name() {
		case "min", "max":
			edits = append(edits, cell.Edit{Off: p.Off(id.Pos()), End: p.Off(id.End()), Text: "__" + b.Name()})
			t := types.Default(y.Info.Types[call].Type)
			var ts string
			ts, err = y.Sp.Spell(t, y.Imp)
			for _, a := range call.Args {
				if tv := y.Info.Types[a]; tv.Value != nil {
					edits = append(edits, cell.Edit{Off: p.Off(a.Pos()), End: p.Off(a.Pos()), Text: ts + "("}, cell.Edit{Off: p.Off(a.End()), End: p.Off(a.End()), Text: ")"})
				}
			}
		case "clear":
			edits = append(edits, cell.Edit{Off: p.Off(id.Pos()), End: p.Off(id.End()), Text: "__clear"})
		case "new":
			if len(call.Args) == 1 && y.Info.Types[call.Args[0]].IsValue() {
				edits = append(edits, cell.Edit{Off: p.Off(id.Pos()), End: p.Off(id.End()), Text: "__new"})
				a := call.Args[0]
				if tv := y.Info.Types[a]; tv.Value != nil {
					elem := types.Default(y.Info.Types[call].Type.(*types.Pointer).Elem())
					var ts string
					ts, err = y.Sp.Spell(elem, y.Imp)
					edits = append(edits, cell.Edit{Off: p.Off(a.Pos()), End: p.Off(a.Pos()), Text: ts + "("}, cell.Edit{Off: p.Off(a.End()), End: p.Off(a.End()), Text: ")"})
				}
			}
		}
		return true
	})
	return edits, err
}

// deferEdits evaluates the arguments of a deferred call at the defer, as
// Go does: "defer f(a, b)" becomes "__d1, __d2 := a, b; defer f(__d1,
// __d2)". Constant and nil arguments stay as they are (their type comes
// from the parameter).
func (y *Fix) deferEdits() []cell.Edit {
	var edits []cell.Edit
	n := 0
	p := y.P
	ast.Inspect(p.File, func(node ast.Node) bool {
		d, ok := node.(*ast.DeferStmt)
		if !ok {
			return true
		}
		var names, vals []string
		var argEdits []cell.Edit
		for _, a := range d.Call.Args {
			tv := y.Info.Types[a]
			if tv.Value != nil || tv.IsNil() {
				continue
			}
			n++
			name := fmt.Sprintf("__d%d", n)
			names = append(names, name)
			vals = append(vals, p.Src(a))
			argEdits = append(argEdits, cell.Edit{Off: p.Off(a.Pos()), End: p.Off(a.End()), Text: name})
		}
		if len(names) == 0 {
			return true
		}
		o := p.Off(d.Pos())
		edits = append(edits, cell.Edit{Off: o, End: o, Text: strings.Join(names, ", ") + " := " + strings.Join(vals, ", ") + "; "})
		edits = append(edits, argEdits...)
		return true
	})
	return edits
}

// rangeOverInt reports whether x, ranged over, is an integer.
func (y *Fix) isInt(x ast.Expr) bool {
	tv, ok := y.Info.Types[x]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// CellTyped reports whether t is made of a type the cells declared.
func CellTyped(t types.Type) bool {
	found := false
	cell.WalkTypes(t, func(tt types.Type) {
		if n, ok := tt.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Name() == "main" {
			found = true
		}
	}, map[types.Type]bool{})
	return found
}

// indexEdits check constant indexes of slices and strings with __index,
// which panics as Go does ("index out of range [3] with length 0").
// Indexes that vary are not checked (a call per index would slow loops
// down): their message has no values.
func (y *Fix) indexEdits() []cell.Edit {
	var edits []cell.Edit
	p := y.P
	ast.Inspect(p.File, func(n ast.Node) bool {
		ix, ok := n.(*ast.IndexExpr)
		if !ok {
			return true
		}
		tv, ok := y.Info.Types[ix.Index]
		if !ok || tv.Value == nil || !plainOperand(ix.X) {
			return true
		}
		xt, ok := y.Info.Types[ix.X]
		if !ok || xt.Type == nil {
			return true
		}
		switch u := xt.Type.Underlying().(type) {
		case *types.Slice:
		case *types.Basic:
			if u.Info()&types.IsString == 0 {
				return true
			}
		default:
			return true
		}
		x := p.Src(ix.X)
		edits = append(edits, cell.Edit{Off: p.Off(ix.Index.Pos()), End: p.Off(ix.Index.End()), Text: fmt.Sprintf("__index(%s, len(%s))", p.Src(ix.Index), x)})
		return true
	})
	return edits
}

// plainOperand reports whether x can be evaluated twice: a name, or a
// field of one.
func plainOperand(x ast.Expr) bool {
	switch v := ast.Unparen(x).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return plainOperand(v.X)
	}
	return false
}
