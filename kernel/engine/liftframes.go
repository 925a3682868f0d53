package engine

import (
	"regexp"
	"sync"
)

// liftTable is where the lifted literals are (lift.go), for the frames of
// a panic. A lifted func's positions are those of the literal in the cell
// that declared it; the same cell run again (a new number, the same
// literal) reuses the func, so a frame in it is moved to the literal of
// the newest cell that used it, and named as the literal it was.
type liftTable struct {
	mu   sync.Mutex
	decl map[string]liftUse // by func: the cell that declared it
	use  map[string]liftUse // by func: the newest cell that used it
}

// record notes the literals of a cell that ran.
func (t *liftTable) record(uses []liftUse) {
	if len(uses) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.decl == nil {
		t.decl, t.use = map[string]liftUse{}, map[string]liftUse{}
	}
	for _, u := range uses {
		if u.declared {
			t.decl[u.name] = u
		}
		t.use[u.name] = u
	}
}

// at moves a position inside a lifted func to the newest literal it was
// lifted from.
func (t *liftTable) at(cell, line, col int) (int, int, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for name, d := range t.decl {
		p := [2]int{line, col}
		if d.cell != cell || before(p, d.pos) || !before(p, d.end) {
			continue
		}
		u, ok := t.use[name]
		if !ok {
			return cell, line, col
		}
		if line == d.pos[0] {
			col += u.pos[1] - d.pos[1]
		}
		return u.cell, line + u.pos[0] - d.pos[0], col
	}
	return cell, line, col
}

// liftedFunc matches a lifted func's name in a frame's.
var liftedFunc = regexp.MustCompile(liftPrefix + `[0-9a-f]{12}`)

// frame is fr as the cell shows it: a frame of a lifted func is one of
// the literal.
func (t *liftTable) frame(fr frame) frame {
	fr.fn = liftedFunc.ReplaceAllString(fr.fn, "a func literal")
	if fr.line > 0 {
		fr.cell, fr.line, fr.col = t.at(fr.cell, fr.line, fr.col)
	}
	return fr
}

// before reports whether position a (line, column) comes before b.
func before(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }
