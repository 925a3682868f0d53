package engine

import (
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
	for k, v := range poolkitSymbols() {
		ex[k] = v
	}
	e.syms = ex
	return ex
}
