package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// An interrupted cell says so only once its code has returned. yaegi's
// ExecuteWithContext returns at the interrupt, while the cell's goroutine
// runs on in a compiled call that never checks (wg.Wait(), a long library
// call): the cell then said "interrupted" and its code burnt a core, or
// held its locks, in the background. The init that runs the cell's
// statements marks their start and, deferred, their end, with compiled
// funcs (a deferred call runs when the interpreter stops the cell, where
// an interpreted func's body would not); an interrupted cell's error
// waits for that end. The kernel restarts an engine whose cell has not
// answered within its InterruptGrace (2 s) of the interrupt, and says so.

// cellEndWait bounds that wait, for an engine no kernel watches: after it
// the error says the code runs on.
const cellEndWait = 5 * time.Second

// cellRuns records the start and end of the cells' statements.
type cellRuns struct {
	mu    sync.Mutex
	n     int           // the cell whose statements started, 0 for none
	ended chan struct{} // closed when they end
}

// begin is __rt.CellBegins: the statements of cell n start; the func it
// returns, deferred, says they ended.
func (c *cellRuns) begin(n int) func() {
	ended := make(chan struct{})
	c.mu.Lock()
	c.n, c.ended = n, ended
	c.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ended) }) }
}

// reset forgets the last cell's statements, before a new cell runs.
func (c *cellRuns) reset() {
	c.mu.Lock()
	c.n, c.ended = 0, nil
	c.mu.Unlock()
}

// runsOn waits until the statements of cell n end, or until deadline, and
// reports whether they started and run on.
func (c *cellRuns) runsOn(n int, deadline time.Time) bool {
	c.mu.Lock()
	ended, started := c.ended, c.n == n
	c.mu.Unlock()
	if !started {
		return false
	}
	select {
	case <-ended:
		return false
	case <-time.After(time.Until(deadline)):
		return true
	}
}

// trackedInit is the init that runs the cell's statements (pl.initSrc),
// marking their start and end.
func trackedInit(pl *plan) string {
	return strings.Replace(pl.initSrc, "func init() {", fmt.Sprintf("func init() { defer __cellBegins(%d)();", pl.n), 1)
}

// awaitCellEnd waits, for an interrupted cell, until its statements have
// returned, and reports whether they run on cellEndWait after the
// interrupt.
func (e *Engine) awaitCellEnd(n int) bool {
	e.mu.Lock()
	at := e.interruptAt
	e.mu.Unlock()
	return e.cellRuns.runsOn(n, at.Add(cellEndWait))
}

// errRunsOn is the error of an interrupted cell whose statements run on.
var errRunsOn = errors.New("the cell's code runs on after the interrupt")
