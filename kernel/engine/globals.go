package engine

import "reflect"

// globals returns the session's global variables. yaegi's Globals panics
// (index out of range) after a failed compile has added symbols without
// frame slots; the last good answer is used then.
func (e *Engine) globals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = e.lastGlobals
		}
	}()
	g = e.in.Globals()
	e.lastGlobals = g
	return g
}
