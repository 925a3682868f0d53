package engine

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// A func a cell declares starts, in the interpreter, with a trampoline:
//
//	var __k_cube_3 func(x int) int
//	func cube(x int) int { if __k := __k_cube_3; __k != nil { return __k(x) }; ...body }
//
// The compiled tier (tier.go) sets __k_cube_3 to the compiled cube once
// it is built: every caller, interpreted or not, then runs compiled code,
// without being compiled again. A func declared again gets a new
// trampoline variable, nil until its own compile lands: never a stale body.

// trampoline is the trampoline of one declaration of a func.
type trampoline struct {
	name string // the func
	v    string // its trampoline variable
	typ  string // the func's type, as the variable's
	cell int
	fd   *ast.FuncDecl
}

// trampolineEdits add the trampolines of the funcs of the file that can
// have one: not generic, not methods, with named parameters.
func (y *yaegiFix) trampolineEdits(seq int) ([]edit, []trampoline) {
	var edits []edit
	var out []trampoline
	p := y.p
	for _, d := range p.cellDecls() {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil || fd.Type.TypeParams != nil || fd.Name.Name == "init" || fd.Name.Name == "main" {
			continue
		}
		obj, ok := y.info.Defs[fd.Name].(*types.Func)
		if !ok || cellTyped(obj.Type()) {
			continue
		}
		sig := obj.Signature()
		var args []string
		named := true
		for i := 0; i < sig.Params().Len(); i++ {
			n := sig.Params().At(i).Name()
			if n == "" || n == "_" {
				named = false
			}
			args = append(args, n)
		}
		if !named {
			continue
		}
		if sig.Variadic() {
			args[len(args)-1] += "..."
		}
		ts, err := y.sp.spell(obj.Type(), y.imp)
		if err != nil {
			continue
		}
		cell := cellOf(p.fset.Position(fd.Pos()))
		v := fmt.Sprintf("__k_%s_%d_%d", fd.Name.Name, cell, seq)
		call := "__k(" + strings.Join(args, ", ") + ")"
		jump := "return " + call
		if sig.Results().Len() == 0 {
			jump = call + "; return"
		}
		o := p.off(fd.Body.Lbrace) + 1
		edits = append(edits, edit{o, o, fmt.Sprintf(" if __k := %s; __k != nil { %s };", v, jump)})
		out = append(out, trampoline{name: fd.Name.Name, v: v, typ: ts, cell: cell, fd: fd})
	}
	return edits, out
}

// trampolineDecls declares the trampoline variables.
func trampolineDecls(ts []trampoline) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "var %s %s\n", t.v, t.typ)
	}
	return b.String()
}
