package tier

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/rewrite"
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

// Trampoline is the Trampoline of one declaration of a func or method.
type Trampoline struct {
	Name string // the func, or "T.M" for method M of type T
	V    string // its trampoline variable
	typ  string // the func's type, as the variable's
	cell int
	fd   *ast.FuncDecl
	// MapV is the variable of poolkit.Map over the func, compiled (for a
	// func of one argument and one result), and mapTyp its type.
	MapV, mapTyp string
	in, out      string // the argument's and the result's types
	// why, when set, says why the func has no trampoline (v is empty):
	// it runs interpreted.
	why string
}

// TrampolineEdits add the trampolines of the funcs and methods of the file
// that can have one: not generic, with named parameters (and receiver),
// methods of the structs the tier can pass (compilableType). A method's
// trampoline variable has the type of its method expression: the receiver
// comes first.
func TrampolineEdits(y *rewrite.Fix, seq int) ([]cell.Edit, []Trampoline) {
	var edits []cell.Edit
	var out []Trampoline
	p := y.P
	for _, d := range p.CellDecls() {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fd.Type.TypeParams != nil || fd.Name.Name == "init" || fd.Name.Name == "main" {
			continue
		}
		obj, ok := y.Info.Defs[fd.Name].(*types.Func)
		if !ok {
			continue
		}
		if recv := obj.Signature().Recv(); !compilableType(obj.Type()) || (recv != nil && !compilableType(recv.Type())) {
			name := fd.Name.Name
			if recv := obj.Signature().Recv(); recv != nil {
				tn := receiverType(recv.Type())
				if tn == nil {
					continue
				}
				name = tn.Obj().Name() + "." + name
			}
			out = append(out, Trampoline{Name: name, cell: cell.CellOf(p.Fset.Position(fd.Pos())), fd: fd,
				why: "its signature has a type a cell declared that the tier cannot pass (an interface, a generic type, a struct with unexported or embedded fields, or a type made of other cell types)"})
			continue
		}
		sig := obj.Signature()
		var args []string
		named := true
		name := fd.Name.Name
		if recv := sig.Recv(); recv != nil {
			tn := receiverType(recv.Type())
			if tn == nil {
				continue
			}
			if recv.Name() == "" || recv.Name() == "_" {
				named = false
			}
			args = append(args, recv.Name())
			name = tn.Obj().Name() + "." + name
			sig = methodExpr(sig)
		}
		for i := len(args); i < sig.Params().Len(); i++ {
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
		// The variable's type has no parameter names: yaegi takes one that
		// is also a session variable's name for a use of it ("variable
		// definition loop").
		ts, err := y.Sp.Spell(unnamedSignature(sig), y.Imp)
		if err != nil {
			continue
		}
		cellNum := cell.CellOf(p.Fset.Position(fd.Pos()))
		v := fmt.Sprintf("__k_%s_%d_%d", strings.ReplaceAll(name, ".", "_"), cellNum, seq)
		call := "__k(" + strings.Join(args, ", ") + ")"
		jump := "return " + call
		if sig.Results().Len() == 0 {
			jump = call + "; return"
		}
		o := p.Off(fd.Body.Lbrace) + 1
		edits = append(edits, cell.Edit{Off: o, End: o, Text: fmt.Sprintf(" if __k := %s; __k != nil { %s };", v, jump)})
		tr := Trampoline{Name: name, V: v, typ: ts, cell: cellNum, fd: fd}
		if fd.Recv == nil && sig.Params().Len() == 1 && sig.Results().Len() == 1 && !sig.Variadic() && !rewrite.CellTyped(sig) {
			in, err1 := y.Sp.Spell(sig.Params().At(0).Type(), y.Imp)
			res, err2 := y.Sp.Spell(sig.Results().At(0).Type(), y.Imp)
			if err1 == nil && err2 == nil {
				// *core.Pool, poolkit's compiled type: yaegi's poolkit.Pool
				// (an alias in its source package) is another reflect type.
				tr.MapV = fmt.Sprintf("__km_%s_%d_%d", fd.Name.Name, cellNum, seq)
				tr.mapTyp = fmt.Sprintf("func(*%s.Pool, []%s) []%s", CoreImport, in, res)
				tr.in, tr.out = in, res
			}
		}
		out = append(out, tr)
	}
	return edits, out
}

// receiverType is the named type of a method's receiver (T or *T).
func receiverType(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := t.(*types.Named)
	return n
}

// methodExpr is the signature of a method's method expression (T.M): the
// receiver is the first parameter.
func methodExpr(sig *types.Signature) *types.Signature {
	params := []*types.Var{sig.Recv()}
	for i := 0; i < sig.Params().Len(); i++ {
		params = append(params, sig.Params().At(i))
	}
	return types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), sig.Results(), sig.Variadic())
}

// TrampolineDecls declares the trampoline variables.
func TrampolineDecls(ts []Trampoline) string {
	var b strings.Builder
	for _, t := range ts {
		if t.V == "" {
			continue
		}
		fmt.Fprintf(&b, "var %s %s\n", t.V, t.typ)
		if t.MapV != "" {
			fmt.Fprintf(&b, "var %s %s\n", t.MapV, t.mapTyp)
		}
	}
	return b.String()
}

// unnamedSignature is sig without the names of its parameters and results.
func unnamedSignature(sig *types.Signature) *types.Signature {
	strip := func(t *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, t.Len())
		for i := range vars {
			vars[i] = types.NewParam(t.At(i).Pos(), t.At(i).Pkg(), "", t.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	return types.NewSignatureType(nil, nil, nil, strip(sig.Params()), strip(sig.Results()), sig.Variadic())
}

// CoreImport is the name the interpreter's file imports poolkit's
// compiled package under, for the types of the Map variables.
const CoreImport = "__pkcore"

// MapEdits make poolkit.Map(p, f, xs), where f is a func of the session,
// run poolkit.Map compiled over the compiled f once the tier has both: no
// call into the interpreter per element.
func MapEdits(y *rewrite.Fix, own []Trampoline, mapVar func(string) (string, string)) []cell.Edit {
	var edits []cell.Edit
	p := y.P
	byName := map[string]Trampoline{}
	for _, t := range own {
		byName[t.Name] = t
	}
	ast.Inspect(p.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 3 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := y.Info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || (fn.Pkg().Path() != "poolkit" && fn.Pkg().Path() != cell.PoolkitPath) || fn.Name() != "Map" {
			return true
		}
		id, ok := call.Args[1].(*ast.Ident)
		if !ok {
			return true
		}
		f, ok := y.Info.Uses[id].(*types.Func)
		if !ok || f.Parent() != f.Pkg().Scope() || f.Pkg().Name() != "main" {
			return true
		}
		v, res := "", ""
		if t, ok := byName[id.Name]; ok {
			v, res = t.MapV, t.out
		} else {
			v, res = mapVar(id.Name)
		}
		if v == "" {
			return true
		}
		text := fmt.Sprintf("func() []%s { if __m := %s; __m != nil { return __m(%s, %s) }; return %s }()",
			res, v, p.Src(call.Args[0]), p.Src(call.Args[2]), p.Src(call))
		edits = append(edits, cell.Edit{Off: p.Off(call.Pos()), End: p.Off(call.End()), Text: text})
		return false
	})
	return edits
}

// compilableType reports whether the compiled tier can pass values of t
// between the interpreter and a plugin: the types cells declared that t is
// made of are structs of exported fields (not generic, not embedding),
// which the plugin declares too, with their methods, and whose values (and
// pointers) convert both ways.
func compilableType(t types.Type) bool {
	ok := true
	cell.WalkTypes(t, func(tt types.Type) {
		n, isNamed := tt.(*types.Named)
		if !isNamed || n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != "main" {
			return
		}
		if !tierStruct(n) {
			ok = false
		}
	}, map[types.Type]bool{})
	return ok
}

// tierStruct reports whether a type a cell declared is one the tier can
// declare in a plugin, its values converting both ways: at package level,
// not generic, not an interface (the interpreter's values do not have the
// plugin's methods), made of no other type a cell declared (yaegi's
// []Celsius is a []float64, which does not convert to the plugin's), and,
// for a struct, with no embedded field (yaegi builds its structs with
// reflect). yaegi names an unexported field x "Xx" in its struct (see
// pluginField): the plugin does too. Its methods are compiled with it.
func tierStruct(n *types.Named) bool {
	if n.TypeParams() != nil || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return false
	}
	inner := false
	cell.WalkTypes(n.Underlying(), func(t types.Type) {
		if m, ok := t.(*types.Named); ok && m.Obj().Pkg() != nil && m.Obj().Pkg().Name() == "main" {
			inner = true
		}
	}, map[types.Type]bool{})
	if inner {
		return false
	}
	switch u := n.Underlying().(type) {
	case *types.Interface:
		return false
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if u.Field(i).Embedded() {
				return false
			}
		}
	}
	return true
}

// plainStruct reports whether a type a cell declared is a plain struct.
func plainStruct(n *types.Named) bool {
	st, isStruct := n.Underlying().(*types.Struct)
	if !isStruct || n.TypeParams() != nil || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return false
	}
	if types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if !st.Field(i).Exported() || st.Field(i).Embedded() {
			return false
		}
	}
	return true
}
