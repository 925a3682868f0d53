package engine

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// symbols returns the compiled packages cells can import: the standard
// library as yaegi extracted it (Go 1.22), display, and poolkit's compiled
// core (its generic layer is a source package, see sourceFS).
func symbols(e *Engine) interp.Exports {
	ex := interp.Exports{}
	for k, v := range stdlib.Symbols {
		ex[k] = v
	}
	// Generic-only packages have empty tables; drop them so that the
	// source versions this engine provides are found instead.
	for _, p := range []string{"slices/slices", "maps/maps", "cmp/cmp", "iter/iter"} {
		delete(ex, p)
	}
	ex["display/display"] = e.displayPackage()
	ex["gokernel/rt/rt"] = e.runtimePackage()
	for k, v := range poolkitSymbols() {
		ex[k] = v
	}
	e.syms = ex
	return ex
}

// runtimePackage is the compiled side of the engine's builtins
// (builtins.go): the cell's result, clear, and fmt's verbs on the cells'
// types (fmtverbs.go).
func (e *Engine) runtimePackage() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Show": reflect.ValueOf(func(v any) {
			if p := e.publisher(); p != nil {
				showResult(v, p)
			}
		}),
		"Fmtv": reflect.ValueOf(func(v any, desc int) any { return fmtValue{v, descAt(desc)} }),
		"FmtT": reflect.ValueOf(func(desc int) string { return typeName(descAt(desc)) }),
		"Clear": reflect.ValueOf(func(v any) {
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Map || rv.Kind() == reflect.Slice {
				rv.Clear()
			}
		}),
	}
}
