package cell

import "regexp"

// builtinsAPI declares, for go/types, the helper the checked file calls:
// the others (see builtinsSource) are only in the interpreter's file,
// written after the check (rewrite/yaegifix.go).
const builtinsAPI = `
func __show(v any)
`

// BuiltinsSource is run once in a new interpreter. min and max are generic
// funcs over "any" T: with an ordered constraint, yaegi v0.16.1 fails on
// named types of compiled packages (min(time.Second, time.Hour)). The
// rewrite only calls them where go/types has checked the call.
const BuiltinsSource = `package main

import (
	__io "io"

	__rt "gokernel/rt"

	// Source packages are compiled here once: a cell's file that names
	// one of their types at package level before its import was compiled
	// crashes yaegi's type analysis.
	_ "display"
	_ "gokernel/iterseq"
	"poolkit"
)

// See batchAlias (sourcefs.go).
type __poolkitBatch = poolkit.Batch

func __show(v any)  { __rt.Show(v) }
func __clear(v any) { __rt.Clear(v) }
func __fmtv(v any, desc int) any    { return __rt.Fmtv(v, desc) }
func __fmtT(v any, desc int) string { return __rt.FmtT(desc) }

func __call(x any, method string, args ...any) []any { return __rt.Call(x, method, args) }

func __index(i, n int) int { return __rt.Index(i, n) }

// os.Stdin and os.Stdout as the cell reads and writes them (stdinfix.go).
func __stdin() __io.Reader  { return __rt.Stdin() }
func __stdout() __io.Writer { return __rt.Stdout() }

func __stdoutWriteString(s string) (int, error) { return __rt.Stdout().Write([]byte(s)) }

func __goCell() int             { return __rt.GoCell() }
func __go(cell int, f func()) { __rt.Go(cell, f) }

// Deferred by the cell's init (the engine's cellend.go): the func it
// returns is compiled, and so runs also when the interpreter stops the
// cell.
func __cellBegins(n int) func() { return __rt.CellBegins(n) }

func __min[T any](x T, ys ...T) T {
	for _, y := range ys {
		if y < x || x != x {
			x = y
		}
	}
	return x
}

func __max[T any](x T, ys ...T) T {
	for _, y := range ys {
		if y > x || x != x {
			x = y
		}
	}
	return x
}

func __new[T any](v T) *T { return &v }

// __ln is the line of the cell's statement running (see frameLines).
var __ln int
`

// LineVar is the name of the line the cell's statements record.
const LineVar = "__ln"

// InternalName matches the internal name of a type declared again (P__2).
var InternalName = regexp.MustCompile(`\b([A-Za-z][A-Za-z0-9_]*?)__\d+\b`)
