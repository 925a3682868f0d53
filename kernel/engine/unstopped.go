package engine

import (
	"time"

	"github.com/aulago/gokernel/kernel/process"
)

// An interrupt says it stopped a goroutine only once it has ended. Most
// stop at once (interpreted code checks at each step, compiled loops every
// 256 turns), but a loop whose body gives the interpreter nothing to check
// ("for {}") or a call that blocks in compiled code never does: those
// still running process.StopWait after the interrupt are reported to the
// kernel, which restarts the engine with the session back.

// awaitEnd waits until no counted goroutine runs, or until deadline, and
// describes those still running ("" for none).
func (g *goTracker) awaitEnd(deadline time.Time) string {
	for {
		left := g.describe()
		if left == "" || !time.Now().Before(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// awaitStopped waits, for an interrupted cell, until the goroutines running
// at the interrupt have ended or process.StopWait has passed since, and
// describes those still running (kept for reportUnstopped).
func (e *Engine) awaitStopped() string {
	e.mu.Lock()
	what, at := e.stopped, e.interruptAt
	e.mu.Unlock()
	if what == "" {
		return ""
	}
	left := e.goroutines.awaitEnd(at.Add(process.StopWait))
	e.mu.Lock()
	e.unstopped = left
	e.mu.Unlock()
	return left
}

// stoppedByInterrupt says what the interrupt of the running cell stopped
// besides the cell.
func (e *Engine) stoppedByInterrupt() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.stopped
}

// reportUnstopped tells the kernel what the interrupt of the cell did not
// stop, if anything; it reports whether the kernel was told (it then
// restarts the engine and shows the cell's error itself).
func (e *Engine) reportUnstopped() bool {
	e.mu.Lock()
	left := e.unstopped
	e.mu.Unlock()
	return left != "" && process.ReportStuck(left, false)
}
