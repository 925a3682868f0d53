package engine

import (
	"context"
	"fmt"
)

// preloaded are imported before the first cell, so that
// poolkit.CPUCount() and display.HTML work without an import line.
var preloaded = []string{"poolkit", "display"}

// builtins adds the Go 1.21 builtins yaegi v0.16.1 lacks (min, max) as
// generic funcs of the session. T is "any", not an ordered constraint:
// with a constraint, yaegi fails on named types of compiled packages
// (min(time.Second, time.Hour): "CFG post-order panic") and on untyped
// float constants, while "<" on an "any" T compiles for every type that
// has it. A type without "<" is refused when min is instantiated.
const builtins = `
func min[T any](x T, ys ...T) T {
	for _, y := range ys {
		if y < x || x != x {
			x = y
		}
	}
	return x
}

func max[T any](x T, ys ...T) T {
	for _, y := range ys {
		if y > x || x != x {
			x = y
		}
	}
	return x
}
`

func (e *Engine) prelude() error {
	ctx := context.Background()
	for _, p := range preloaded {
		if _, err := e.eval(ctx, fmt.Sprintf("import %q", p)); err != nil {
			return fmt.Errorf("engine: preloading %s: %w", p, err)
		}
		e.imports[p] = p
	}
	if _, err := e.eval(ctx, fmt.Sprintf("import %s %q", iterseqName, iterseqPath)); err != nil {
		return fmt.Errorf("engine: preloading %s: %w", iterseqPath, err)
	}
	if _, err := e.eval(ctx, builtins); err != nil {
		return fmt.Errorf("engine: defining builtins: %w", err)
	}
	for _, n := range []string{"min", "max"} {
		e.decls.results[n] = 1
		e.decls.generic[n] = true
	}
	return nil
}
