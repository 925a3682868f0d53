package tier

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"reflect"
	"time"
)

// bind swaps a loaded plugin in: its variables point at the
// interpreter's, and the trampolines of the funcs it compiled (if they are
// still the newest declarations) at the compiled funcs. It runs between
// cells, in the goroutine that runs them.
func (t *Tier) bind() {
	t.mu.Lock()
	bp := t.ready
	t.ready = nil
	t.mu.Unlock()
	if bp == nil {
		return
	}
	*bp.stop = &t.Stop
	*bp.intr = t.host.Interrupted()
	*bp.stdout = t.host.Stdout()
	for name, ptr := range bp.vars {
		v, err := t.host.Eval("&" + name)
		dst := reflect.ValueOf(ptr).Elem()
		if err != nil || !v.IsValid() || !v.Type().ConvertibleTo(dst.Type()) {
			t.log(fmt.Sprintf("compiled tier: cannot bind variable %s", name))
			return
		}
		dst.Set(v.Convert(dst.Type()))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range bp.funcs {
		if t.funcs[f.name] != f {
			continue // declared again since: its own build will come
		}
		fn, ok := bp.exports[f.name]
		if !ok {
			continue
		}
		v, err := t.host.Eval("&" + f.v)
		if err != nil || !setFunc(v, fn) {
			f.status = "interpreted: its trampoline could not be set"
			continue
		}
		f.status, f.bound = "compiled", true
		if m, ok := bp.exports["Map:"+f.name]; ok && f.mapV != "" {
			if mv, err := t.host.Eval("&" + f.mapV); err == nil {
				setFunc(mv, m)
			}
		}
	}
}

// BindIdle binds a plugin that landed while no cell runs (inspect calls
// it): bind uses the interpreter, so it runs only while Engine.running is
// free, and a cell that starts meanwhile waits for it (a few ms).
// Goroutines earlier cells left running may run on, as when a cell binds.
func (t *Tier) BindIdle() {
	if !t.On {
		return
	}
	t.mu.Lock()
	ready := t.ready != nil
	t.mu.Unlock()
	if !ready {
		return
	}
	release, ok := t.host.TryIdle()
	if !ok {
		return
	}
	defer release()
	t.bind()
}

// setFunc sets the func variable ptr points to to fn. Their types may be
// two descriptors of one func type (one made by reflect.FuncOf in the
// interpreter before the plugin was loaded): fn is converted.
func setFunc(ptr reflect.Value, fn any) bool {
	if !ptr.IsValid() || ptr.Kind() != reflect.Pointer {
		return false
	}
	v := reflect.ValueOf(fn)
	dst := ptr.Elem()
	if v.Type().ConvertibleTo(dst.Type()) {
		dst.Set(v.Convert(dst.Type()))
		return true
	}
	// The func takes or returns structs a cell declared: the plugin's
	// named types and the interpreter's convert value by value.
	if adapted, ok := adaptFunc(v, dst.Type()); ok {
		dst.Set(adapted)
		return true
	}
	return false
}

// adaptFunc wraps fn in a func of type want that converts its arguments
// and results, when each of them converts.
func adaptFunc(fn reflect.Value, want reflect.Type) (reflect.Value, bool) {
	have := fn.Type()
	if want.Kind() != reflect.Func || have.NumIn() != want.NumIn() || have.NumOut() != want.NumOut() || have.IsVariadic() != want.IsVariadic() {
		return reflect.Value{}, false
	}
	for i := 0; i < want.NumIn(); i++ {
		if !want.In(i).ConvertibleTo(have.In(i)) {
			return reflect.Value{}, false
		}
	}
	for i := 0; i < want.NumOut(); i++ {
		if !have.Out(i).ConvertibleTo(want.Out(i)) {
			return reflect.Value{}, false
		}
	}
	return reflect.MakeFunc(want, func(args []reflect.Value) []reflect.Value {
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			in[i] = a.Convert(have.In(i))
		}
		var out []reflect.Value
		if have.IsVariadic() {
			out = fn.CallSlice(in)
		} else {
			out = fn.Call(in)
		}
		for i := range out {
			out[i] = out[i].Convert(want.Out(i))
		}
		return out
	}), true
}

// WaitFor waits, up to a bound, for a build under way if the cell's code
// names one of the funcs it compiles, then binds what is ready.
func (t *Tier) WaitFor(code string) {
	t.WaitNames(cell.Identifiers(code), CompileWait())
}

// OwnWait bounds the wait of a cell for the funcs it declares and calls
// itself (calibrar(espera) in the exercises): their compile has just
// started, and its results should be measured compiled.
const OwnWait = 5 * time.Second

// WaitNames waits, up to bound, for a build under way that compiles one
// of the funcs names holds, then binds what is ready.
func (t *Tier) WaitNames(names map[string]bool, bound time.Duration) {
	if !t.On {
		return
	}
	t.mu.Lock()
	done := t.building
	pending := false
	// A build queued for a slot may wait long: the cell does not.
	if (done != nil || t.dirty) && !t.queued {
		for name, f := range t.funcs {
			if names[name] && !f.bound && !f.sleeps && f.status == "interpreted: being compiled" {
				pending = true
			}
		}
	}
	t.mu.Unlock()
	if pending && done != nil {
		timeout := time.After(bound)
		select {
		case <-done:
			// A build that was pending when this one ended has started now.
			t.mu.Lock()
			next, queued := t.building, t.queued
			t.mu.Unlock()
			if next != nil && !queued {
				select {
				case <-next:
				case <-timeout:
				}
			}
		case <-timeout:
		}
	}
	t.bind()
}

// Settle waits for the builds under way and binds what they made.
func (t *Tier) Settle() {
	for {
		t.mu.Lock()
		done := t.building
		t.mu.Unlock()
		if done == nil {
			break
		}
		<-done
	}
	t.bind()
}

// MapVar is the variable of the compiled poolkit.Map over the newest
// declaration of a func, and the func's result type.
func (t *Tier) MapVar(name string) (string, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.funcs[name]; ok {
		return f.mapV, f.mapOut
	}
	return "", ""
}

// MapCompiled reports whether poolkit.Map over a func runs compiled.
func (t *Tier) MapCompiled(name string) bool {
	t.mu.Lock()
	f, ok := t.funcs[name]
	t.mu.Unlock()
	if !ok || f.mapV == "" {
		return false
	}
	v, err := t.host.Eval(f.mapV + " != nil")
	return err == nil && v.IsValid() && v.Kind() == reflect.Bool && v.Bool()
}
