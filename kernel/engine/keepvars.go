package engine

import (
	"github.com/aulago/gokernel/kernel/engine/introspect"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// Which session variables a cell may change: those its code mentions
// (go/types' Uses and Defs, in its statements and its funcs), those the
// session funcs and methods it calls mention, transitively, and every
// variable when it calls a func value or an interface's method (whose
// body is not known before it runs) or mentions a variable that holds
// funcs. Goroutines a cell starts run its code, so they change the same
// variables; those are copied once the goroutines have ended.
//
// What this misses: a method of a cell's type that library code calls
// through an interface (fmt calling String, sort calling Less) and that
// changes a session variable the cell does not mention; memory shared
// with a variable through a value that cannot be copied. The next cell
// that mentions such a variable copies it.

// cellVars are the session variables cell pl mentions, directly or
// through the funcs it calls; all says it may change any variable.
// Identifiers in skip are not mentions.
func (e *Engine) cellVars(pl *plan, skip map[*ast.Ident]bool) (vars map[string]bool, all bool) {
	p, info := pl.checked, pl.info
	vars = map[string]bool{}
	var funcs []string
	var cellScope *types.Scope
	if p.Cell != nil {
		cellScope = info.Scopes[p.Cell.Type]
	}
	isVar := func(obj types.Object) (string, bool) {
		v, ok := obj.(*types.Var)
		if !ok || v.IsField() || v.Pkg() == nil || v.Pkg().Name() != "main" {
			return "", false
		}
		if v.Parent() == v.Pkg().Scope() {
			return v.Name(), true
		}
		if _, hoisted := pl.varType[v.Name()]; hoisted && cellScope != nil && v.Parent() == cellScope {
			return v.Name(), true
		}
		return "", false
	}
	// info also covers the prelude, whose "var x T" are not mentions.
	inFile := func(id *ast.Ident) bool { return id.Pos() >= p.File.FileStart && id.Pos() <= p.File.FileEnd }
	for _, m := range []map[*ast.Ident]types.Object{info.Uses, info.Defs} {
		for id, obj := range m {
			if !inFile(id) || skip[id] {
				continue
			}
			if name, ok := isVar(obj); ok {
				vars[name] = true
				if holdsFunc(obj.Type(), map[types.Type]bool{}) {
					all = true
				}
				continue
			}
			if f, ok := obj.(*types.Func); ok && f.Pkg() != nil && f.Pkg().Name() == "main" && f.Parent() == f.Pkg().Scope() {
				funcs = append(funcs, f.Name())
			}
		}
	}
	for sel, s := range info.Selections {
		if f, ok := s.Obj().(*types.Func); ok && inFile(sel.Sel) && s.Kind() != types.FieldVal && f.Pkg() != nil && f.Pkg().Name() == "main" {
			if recv := introspect.RecvTypeName(f); recv != "" {
				funcs = append(funcs, recv+"."+f.Name())
			}
		}
	}
	ast.Inspect(p.File, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && !staticCall(c, info) {
			all = true
		}
		return !all
	})
	e.funcVars(funcs, vars)
	return vars, all
}

// funcVars adds the variables the session funcs and methods named (and
// those they call) mention.
func (e *Engine) funcVars(names []string, vars map[string]bool) {
	seen := map[string]bool{}
	for len(names) > 0 {
		n := names[len(names)-1]
		names = names[:len(names)-1]
		if seen[n] {
			continue
		}
		seen[n] = true
		d := e.sess.Funcs[n]
		if d == nil {
			d = e.sess.Methods[n]
		}
		if d == nil {
			continue
		}
		for _, v := range d.Vars {
			vars[v] = true
		}
		names = append(names, d.Uses...)
	}
}

// staticCall reports whether a call's callee is known before it runs: a
// func, a method of a concrete type, a func literal, a builtin or a
// conversion.
func staticCall(c *ast.CallExpr, info *types.Info) bool {
	if tv, ok := info.Types[ast.Unparen(c.Fun)]; ok && tv.IsType() {
		return true
	}
	switch x := introspect.CalleeOf(c).(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		switch info.Uses[x].(type) {
		case *types.Func, *types.Builtin:
			return true
		}
	case *ast.SelectorExpr:
		if s := info.Selections[x]; s != nil {
			return s.Kind() != types.FieldVal && !types.IsInterface(s.Recv())
		}
		// pkg.F, or a package's func variable (its code is not a cell's).
		return true
	}
	return false
}

// holdsFunc reports whether values of t may hold a func.
func holdsFunc(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Signature:
		return true
	case *types.Pointer:
		return holdsFunc(u.Elem(), seen)
	case *types.Slice:
		return holdsFunc(u.Elem(), seen)
	case *types.Array:
		return holdsFunc(u.Elem(), seen)
	case *types.Chan:
		return holdsFunc(u.Elem(), seen)
	case *types.Map:
		return holdsFunc(u.Key(), seen) || holdsFunc(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if holdsFunc(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// bodyVars are the package-level variables a func's body mentions.
func bodyVars(fd *ast.FuncDecl, info *types.Info) []string {
	if fd.Body == nil {
		return nil
	}
	set := map[string]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
				set[v.Name()] = true
			}
		}
		return true
	})
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// topAssigned are the session variables the cell's top-level statements
// set (declare, assign, ++), and the identifiers of plain "x = ..."
// assignments, whose variable's old value does not matter.
func topAssigned(pl *plan) (set map[string]bool, plain map[*ast.Ident]bool) {
	set, plain = map[string]bool{}, map[*ast.Ident]bool{}
	for name := range pl.varType {
		set[name] = true
	}
	for _, st := range pl.checked.TopStmts() {
		switch s := st.(type) {
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					set[id.Name] = true
					if s.Tok == token.ASSIGN || s.Tok == token.DEFINE {
						plain[id] = true
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(s.X).(*ast.Ident); ok {
				set[id.Name] = true
			}
		}
	}
	return set, plain
}
