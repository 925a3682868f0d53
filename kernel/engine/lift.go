package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/aulago/gokernel/kernel/engine/cell"
)

// A func literal a cell passes to poolkit, as in
//
//	r := poolkit.Map(p, func(x int) int { return x * x }, xs)
//
// is interpreted (about 1.3 µs a task), where the same body declared as a
// func is compiled by the tier, and Map over it runs compiled. So, with
// the tier on, a literal passed directly to a poolkit func or method,
// whose body names only its own parameters and locals, the session's
// funcs, types, consts and variables (the cell's top-level variables
// among them: they are the session's), and imports, is lifted into a
// hidden func of the session, __lit_<hash>, which the tier compiles like
// any declared func: the cell's first run is interpreted, the next ones
// compiled. The hash is of the literal's text and of what the session
// names it uses are, so a cell run again reuses the func compiled
// already, and a literal whose names changed meaning gets a func of its
// own. A literal that uses a local of the cell stays as written.
//
// Nothing of it shows: the tier is off for export and the checks of
// completion and inspect never lift; "__" names are hidden from both;
// a panic in the lifted func names the literal's line in the cell that
// ran it (liftTable); a cell whose lifted file does not check is compiled
// as written.

// liftPrefix starts the names of lifted literals.
const liftPrefix = "__lit_"

// liftUse is a literal of a cell lifted into a session func.
type liftUse struct {
	name string
	// pos and end are where the literal is in the cell (line and column
	// of its first character and of the one after it).
	cell     int
	pos, end [2]int
	declared bool // the cell declares the func (the session did not have it)
}

// liftEdits returns the edits of step 2 that lift the literals of the
// cell's statements (p and info are step 1's, pl the plan step 2 makes),
// the declarations to append, and the literals lifted.
func (e *Engine) liftEdits(pl *plan, p *cell.Parsed, info *types.Info) ([]cell.Edit, string, []liftUse) {
	if !e.tier.On || e.noLift || p.Cell == nil {
		return nil, "", nil
	}
	full := e.tier.Full()
	l := &lifter{e: e, pl: pl, p: p, info: info, cellScope: info.Scopes[p.Cell.Type], full: full, declared: map[string]bool{}}
	done := map[*ast.FuncLit]bool{}
	ast.Inspect(p.Cell.Body, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok && done[fl] {
			return false // its literals are compiled with it
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || !poolkitCall(call, info) {
			return true
		}
		for _, a := range call.Args {
			if fl, ok := a.(*ast.FuncLit); ok && p.InCell(fl) && l.lift(fl) {
				done[fl] = true
			}
		}
		return true
	})
	return l.edits, l.decls.String(), l.uses
}

// lifter lifts the literals of one cell.
type lifter struct {
	e         *Engine
	pl        *plan
	p         *cell.Parsed
	info      *types.Info
	cellScope *types.Scope // the cell's top level
	full      bool         // the tier builds no more plugins
	edits     []cell.Edit
	decls     strings.Builder
	uses      []liftUse
	declared  map[string]bool
}

// lift lifts a literal if it can.
func (l *lifter) lift(fl *ast.FuncLit) bool {
	p := l.p
	free, ok := literalNames(fl, l.info, l.cellScope, l.pl.varType, l.storage)
	if !ok {
		return false
	}
	name := liftName(p.Src(fl), free)
	pos, end := p.Fset.Position(fl.Pos()), p.Fset.Position(fl.End())
	u := liftUse{name: name, cell: cell.CellOf(pos), pos: [2]int{pos.Line, pos.Column}, end: [2]int{end.Line, end.Column}}
	if _, have := l.e.sess.Funcs[name]; !have && !l.declared[name] {
		if l.full {
			return false // a new func would stay interpreted
		}
		l.declared[name], u.declared = true, true
		// The declaration keeps the literal's positions: "func" at the
		// literal's, its parameters where they are.
		open := p.Fset.Position(fl.Type.Params.Opening)
		l.decls.WriteString(cell.LineDirective(u.cell, pos.Line, pos.Column))
		fmt.Fprintf(&l.decls, "func %s/*line :%d:%d*/%s", name, open.Line, open.Column, p.Text[p.Off(fl.Type.Params.Opening):p.Off(fl.End())])
		l.decls.WriteString(cell.GenDirective)
	}
	l.uses = append(l.uses, u)
	// What follows the literal on its line keeps its column.
	l.edits = append(l.edits, cell.Edit{Off: p.Off(fl.Pos()), End: p.Off(fl.End()), Text: fmt.Sprintf("%s/*line :%d:%d*/", name, end.Line, end.Column)})
	return true
}

// storage is the cell that made a variable's storage, for the hash: a func
// lifted before the variable was declared again with another type uses
// the old one.
func (l *lifter) storage(obj types.Object) int {
	name := obj.Name()
	if obj.Parent() == l.cellScope && l.pl.newVars[name] != "" {
		return l.pl.n
	}
	if d := l.e.sess.Vars[name]; d != nil {
		return d.Since
	}
	return 0
}

// poolkitCall reports whether a call calls a func or method of poolkit.
func poolkitCall(call *ast.CallExpr, info *types.Info) bool {
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr: // poolkit.Map[int, int]
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	return path == "poolkit" || path == cell.PoolkitPath
}

// literalNames returns, for a literal that can be lifted, the session
// names it uses (each as go/types writes its object; a variable with the
// cell that made its storage), and reports whether it can: its
// parameters are named (the tier's trampolines pass them by name), and
// every name it uses is its own, a field or method, an import, a name of
// another package or of the universe, a package-level name of the
// session, or a top-level variable of the cell (in hoisted: the
// session's).
func literalNames(fl *ast.FuncLit, info *types.Info, cellScope *types.Scope, hoisted map[string]string, storage func(types.Object) int) ([]string, bool) {
	for _, f := range fl.Type.Params.List {
		if len(f.Names) == 0 {
			return nil, false
		}
		for _, n := range f.Names {
			if n.Name == "_" {
				return nil, false
			}
		}
	}
	inside := func(pos token.Pos) bool { return pos >= fl.Pos() && pos < fl.End() }
	set := map[string]bool{}
	ok := true
	ast.Inspect(fl, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent {
			return ok
		}
		obj := info.Uses[id]
		switch {
		case obj == nil, obj.Pkg() == nil, inside(obj.Pos()):
			return true
		case obj.Pkg().Name() != "main":
			return true // another package's: fmt.Println's Println
		}
		if pn, isPkg := obj.(*types.PkgName); isPkg {
			set[types.ObjectString(pn, nil)] = true
			return true
		}
		switch {
		case obj.Parent() == nil: // a field or a method
			return true
		case obj.Parent() == obj.Pkg().Scope():
		case obj.Parent() == cellScope && hoisted[obj.Name()] != "" && isVar(obj):
		default:
			ok = false // a local of the cell: the literal captures it
			return false
		}
		s := types.ObjectString(obj, pathQualifier)
		switch o := obj.(type) {
		case *types.Const:
			s += " = " + o.Val().ExactString()
		case *types.Var:
			s += fmt.Sprintf(" (storage of cell %d)", storage(o))
		}
		set[s] = true
		return true
	})
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, true
}

func isVar(obj types.Object) bool {
	_, ok := obj.(*types.Var)
	return ok
}

// liftName is the name of the func a literal is lifted into.
func liftName(text string, names []string) string {
	h := sha256.New()
	h.Write([]byte(text))
	for _, n := range names {
		h.Write([]byte{0})
		h.Write([]byte(n))
	}
	return liftPrefix + hex.EncodeToString(h.Sum(nil))[:12]
}

// liftedNames are the funcs a plan's literals were lifted into.
func (pl *plan) liftedNames() map[string]bool {
	names := map[string]bool{}
	for _, u := range pl.lifts {
		names[u.name] = true
	}
	return names
}
