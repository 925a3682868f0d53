package engine

import (
	"fmt"
	"io"
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
	ex["time/time"] = withSleep(ex["time/time"], &e.sleeps)
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
// types (rewrite/fmtverbs.go).
func (e *Engine) runtimePackage() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Show": reflect.ValueOf(func(v any) {
			if p := e.publisher(); p != nil {
				showResult(v, p)
			}
		}),
		"Fmtv":   reflect.ValueOf(func(v any, desc int) any { return e.descs.Value(v, desc) }),
		"FmtT":   reflect.ValueOf(func(desc int) string { return e.descs.Name(desc) }),
		"Call":   reflect.ValueOf(callMethod),
		"Index":  reflect.ValueOf(checkIndex),
		"Go":     reflect.ValueOf(e.runGoroutine),
		"GoCell": reflect.ValueOf(e.goroutines.launch),
		// The start and end of a cell's statements (cellend.go).
		"CellBegins": reflect.ValueOf(e.cellRuns.begin),
		"Clear": reflect.ValueOf(func(v any) {
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Map || rv.Kind() == reflect.Slice {
				rv.Clear()
			}
		}),
		// The notebook's stdin and the cells' stdout (stdinfix.go).
		"Stdin":  reflect.ValueOf(func() io.Reader { return e.stdin }),
		"Stdout": reflect.ValueOf(func() io.Writer { return e.prompt }),
	}
}

// callMethod calls a method of a compiled value by reflection, for the
// methods the interpreter's tables lack (methods.go).
func callMethod(x any, method string, args []any) []any {
	m := reflect.ValueOf(x).MethodByName(method)
	if !m.IsValid() {
		panic(fmt.Sprintf("%s is missing from the interpreter (yaegi v0.16.1): go/types knows the method, but the interpreter's value is a %T, which lacks it", method, x))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		t := m.Type()
		var pt reflect.Type
		if t.IsVariadic() && i >= t.NumIn()-1 {
			pt = t.In(t.NumIn() - 1).Elem()
		} else if i < t.NumIn() {
			pt = t.In(i)
		}
		if a == nil && pt != nil {
			in[i] = reflect.Zero(pt)
			continue
		}
		in[i] = reflect.ValueOf(a)
		if pt != nil && in[i].Type() != pt && in[i].Type().ConvertibleTo(pt) {
			in[i] = in[i].Convert(pt)
		}
	}
	out := m.Call(in)
	res := make([]any, len(out))
	for i, o := range out {
		res[i] = o.Interface()
	}
	return res
}

// checkIndex panics as Go does for an index out of range (rewrite/yaegifix.go).
func checkIndex(i, n int) int {
	if i < 0 || i >= n {
		panic(indexError{i, n})
	}
	return i
}

// indexError is the runtime error of an index out of range.
type indexError struct{ i, n int }

// Error returns Go's message.
func (e indexError) Error() string {
	return fmt.Sprintf("runtime error: index out of range [%d] with length %d", e.i, e.n)
}

// RuntimeError marks it as a runtime.Error.
func (indexError) RuntimeError() {}
