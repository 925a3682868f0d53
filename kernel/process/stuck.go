package process

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// An interrupt never claims what it did not do. After an interrupt the
// engine waits up to StopWait for the goroutines cells started to end;
// those that do not (a loop whose body gives the interpreter nothing to
// check, a call into compiled code that blocks) are reported with a stuck
// event, and the kernel kills the engine and starts a new one with the
// session back, saying which goroutines would not stop.

// opStuck is the event, engine to kernel, that says what did not stop.
const opStuck = "stuck"

// StopWait is how long the goroutines of cells have, after an interrupt,
// to stop before the engine is restarted.
const StopWait = time.Second

// stuckEvent is the body of the stuck event.
type stuckEvent struct {
	What string `json:"what"` // "1 goroutine started by cell [3]"
	Idle bool   `json:"idle"` // the interrupt came while no cell ran
}

// stuckServer is the server of this engine process, for ReportStuck.
var stuckServer atomic.Pointer[server]

// ReportStuck tells the kernel that what ("1 goroutine started by cell
// [3]") did not stop within StopWait of an interrupt: the kernel restarts
// the engine and says so (in the interrupted cell's error, or in a display
// of the last cell when none ran: idle). It reports false outside an
// engine served by ServeEngine, where nothing would restart it.
func ReportStuck(what string, idle bool) bool {
	s := stuckServer.Load()
	if s == nil {
		return false
	}
	return s.out.send(opStuck, 0, 0, stuckEvent{What: what, Idle: idle}) == nil
}

// stuckReport handles a stuck event: in a cell, Execute takes it up; between
// cells, the engine is killed and its watcher (idleDeath) restarts it.
func (p *engineProc) stuckReport(m pipeMsg) bool {
	if m.Op != opStuck {
		return false
	}
	var ev stuckEvent
	if json.Unmarshal(m.Body, &ev) != nil || ev.What == "" {
		return true
	}
	p.mu.Lock()
	first := p.stuckWhat == ""
	p.stuckWhat = ev.What
	inCell := p.running
	p.stuckInCell = inCell
	p.mu.Unlock()
	if !first {
		return true
	}
	p.s.logf("engine %d: %s did not stop within %s of an interrupt: restarting it", p.cmd.Pid, ev.What, StopWait)
	if inCell {
		// A cell started after an idle interrupt, whose goroutines then
		// did not stop: it is cut short too, and says so.
		p.stuck <- stuckCause{what: ev.What, idle: ev.Idle}
	} else {
		p.kill()
	}
	return true
}

// stuckCause is what did not stop, and whether the interrupt came while
// no cell ran.
type stuckCause struct {
	what string
	idle bool
}

// stuckNotice returns what an engine killed for goroutines that did not
// stop says ("" for an engine that was not).
func (p *engineProc) stuckNotice() (what string, inCell bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stuckWhat, p.stuckInCell
}

// didNotStop says what did not stop, and that the engine was restarted.
func didNotStop(what string) string {
	return fmt.Sprintf("%s did not stop within %s of the interrupt: the engine was restarted.", what, seconds(StopWait))
}

// seconds writes d as "1 s", "2 s", "0.3 s".
func seconds(d time.Duration) string {
	return strings.TrimSuffix(fmt.Sprintf("%g", d.Seconds()), ".0") + " s"
}

// stuckCell ends the interrupted cell of an engine whose goroutines did not
// stop: it waits a moment for the cell's end (its declarations), kills the
// engine, restarts it, and says why in the cell's error.
func (s *Supervisor) stuckCell(p *engineProc, c stuckCause, res *kernel.ExecuteResult, out kernel.Publisher) kernel.ExecuteResult {
	if res == nil {
		select {
		case r := <-p.done:
			res = &r
		case <-p.dead:
		case <-time.After(StopWait):
		}
	}
	if res != nil {
		s.declare(res.Declared)
	}
	p.kill()
	<-p.dead
	p.flushStreams()
	first := red("Interrupted") + ": the cell was interrupted; " + didNotStop(c.what)
	if c.idle {
		first = red("Interrupted") + ": the interrupt before this cell left " + c.what +
			fmt.Sprintf(" that did not stop within %s: the engine was restarted, and this cell cut short; run it again.", seconds(StopWait))
	}
	e := kernel.ErrorInfo{EName: "Interrupted", EValue: c.what + " did not stop within " + seconds(StopWait) + " of the interrupt",
		Traceback: []string{first, resetNotice}}
	e.Traceback = withNotice(e.Traceback, s.restart(p, true))
	out.Error(e)
	return kernel.ExecuteResult{Status: "error", Error: &e}
}

// stuckIdle is the display of the last cell when an idle interrupt left
// goroutines that did not stop, after the restart's notice.
func stuckIdle(what string, notice []string) kernel.DisplayData {
	text := "Interrupted while idle: " + didNotStop(what) + "\n" + strings.Join(notice, "\n")
	return kernel.DisplayData{Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}
}
