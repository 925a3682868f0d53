package engine

import (
	"go/types"
	"strings"
)

// betterUndefined replaces yaegi's "constant definition loop" (or
// "variable definition loop"), which it reports for a top-level := that
// uses an undefined name, with Go's message: "undefined: name" at the
// name's position.
func (e *Engine) betterUndefined(err error, p *parsedStmts) error {
	if p == nil || !strings.Contains(err.Error(), "definition loop") {
		return err
	}
	globals := e.globals()
	for _, id := range p.file.Unresolved {
		n := id.Name
		if n == "_" || types.Universe.Lookup(n) != nil {
			continue
		}
		if _, ok := globals[n]; ok {
			continue
		}
		if _, ok := e.imports[n]; ok {
			continue
		}
		e.decls.mu.Lock()
		_, known := e.decls.names[n]
		_, isType := e.decls.types[n]
		_, isFunc := e.decls.results[n]
		e.decls.mu.Unlock()
		if known || isType || isFunc || n == "min" || n == "max" {
			continue
		}
		pos := p.fset.Position(id.Pos())
		return &cellError{line: pos.Line - 1, col: pos.Column, msg: "undefined: " + n}
	}
	return err
}
