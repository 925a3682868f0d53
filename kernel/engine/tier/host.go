package tier

import (
	"io"
	"reflect"
)

// Host is what the tier needs of the engine that runs the session, which
// implements it: the tier binds a plugin through it.
type Host interface {
	// Eval evaluates src in the interpreter: "&x" is the address of the
	// session's variable x (a func trampoline's too), where the tier
	// stores a compiled func or finds a variable a plugin reads.
	Eval(src string) (reflect.Value, error)
	// Stdout is the cells' stdout, which compiled funcs print to.
	Stdout() io.Writer
	// Interrupted is the error a compiled func stops with when the cell
	// is interrupted (the engine's ErrInterrupted).
	Interrupted() error
	// TryIdle takes the lock a running cell holds, if no cell runs;
	// release gives it back.
	TryIdle() (release func(), ok bool)
}
