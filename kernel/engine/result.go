package engine

import (
	"fmt"
	"go/ast"
	"reflect"

	"github.com/aulago/gokernel/kernel"
)

// junkType is what yaegi's Eval returns for declarations and for calls
// with no result: never a cell result.
var junkType = reflect.TypeOf((*any)(nil))

// showable reports whether an expression statement has one value worth
// showing: cube(2) and 6*7 do; fmt.Println(x) (two results) and
// wg.Wait() (none) do not.
func (e *Engine) showable(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return true
	}
	if n, known := e.resultCount(call); known {
		return n == 1
	}
	return true
}

// resultCount tells how many results a call has, when it can be known.
func (e *Engine) resultCount(call *ast.CallExpr) (int, bool) {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return countResults(f.Type), true
	case *ast.Ident:
		switch f.Name {
		case "len", "cap", "append", "min", "max", "complex", "real", "imag", "new", "make", "recover":
			return 1, true
		case "panic", "print", "println", "close", "delete", "clear", "copy":
			return 0, true
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
			"float32", "float64", "string", "byte", "rune", "bool", "any", "complex128", "uintptr":
			return 1, true
		}
		e.decls.mu.Lock()
		defer e.decls.mu.Unlock()
		if n, ok := e.decls.results[f.Name]; ok {
			return n, true
		}
		if _, ok := e.decls.types[f.Name]; ok {
			return 1, true // a conversion
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		return 1, false
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok {
			if path, ok := e.imports[pkg.Name]; ok && pkg.Obj == nil {
				return e.pkgFuncResults(path, f.Sel.Name)
			}
			// A variable of the session, or of this cell's top level
			// (which the statements before have just made global).
			if g, ok := e.globals()[pkg.Name]; ok {
				if m, ok := g.Type().MethodByName(f.Sel.Name); ok {
					return m.Type.NumOut(), true
				}
				if m, ok := reflect.PointerTo(g.Type()).MethodByName(f.Sel.Name); ok {
					return m.Type.NumOut(), true
				}
			}
		}
		e.decls.mu.Lock()
		defer e.decls.mu.Unlock()
		if ns, ok := e.decls.methods[f.Sel.Name]; ok {
			all := ns[0]
			for _, n := range ns {
				if n != all {
					return 0, false
				}
			}
			return all, true
		}
	}
	return 0, false
}

// pkgFuncResults looks a package's function up in the symbol tables or in
// the source packages the engine provides.
func (e *Engine) pkgFuncResults(path, name string) (int, bool) {
	if syms, ok := e.syms[path+"/"+pathName(path)]; ok {
		if v, ok := syms[name]; ok {
			if v.Kind() == reflect.Func {
				return v.Type().NumOut(), true
			}
			return 1, true
		}
	}
	if n, ok := sourceResults[path+"."+name]; ok {
		return n, true
	}
	return 0, false
}

// MIMEBundler is implemented by values that show themselves as rich
// output, such as poolkit's Timeline (an SVG chart).
type MIMEBundler interface {
	MIMEBundle() map[string]string
}

// showResult publishes a cell's final value: a MIME bundle when the value
// has one, else the value printed with %v, as Go prints it.
func (e *Engine) showResult(v reflect.Value, out kernel.Publisher) {
	if v.Type() == junkType {
		return
	}
	var x any
	if v.CanInterface() {
		x = v.Interface()
	}
	if b, ok := x.(MIMEBundler); ok {
		data := map[string]any{}
		for k, s := range b.MIMEBundle() {
			data[k] = s
		}
		out.Result(kernel.DisplayData{Data: data})
		return
	}
	out.Result(kernel.DisplayData{Data: map[string]any{"text/plain": fmt.Sprintf("%v", x)}})
}
