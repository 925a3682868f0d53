package engine

import (
	"github.com/aulago/gokernel/kernel/engine/tier"
	"io"
	"reflect"
)

// tierHost is the engine as the compiled tier sees it (tier.Host): the
// interpreter's storage, the cells' stdout, and the lock a cell holds.
type tierHost struct{ e *Engine }

// Eval evaluates src in the interpreter.
func (h tierHost) Eval(src string) (reflect.Value, error) { return h.e.in.Eval(src) }

// Stdout is the cells' stdout.
func (h tierHost) Stdout() io.Writer { return h.e.stdout }

// Interrupted is the error an interrupted cell ends with.
func (h tierHost) Interrupted() error { return ErrInterrupted }

// TryIdle takes the lock a running cell holds, if no cell runs.
func (h tierHost) TryIdle() (func(), bool) {
	if !h.e.running.TryLock() {
		return nil, false
	}
	return h.e.running.Unlock, true
}

var _ tier.Host = tierHost{}
