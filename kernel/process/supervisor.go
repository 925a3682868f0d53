package process

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/buildcache"
)

// Supervisor is an Engine that runs another Engine in a child process and
// outlives it: when the child dies, the cell shows why, and a fresh child
// starts. It is what the kernel process uses.
type Supervisor struct {
	// Command returns the command that starts an engine process, which must
	// call ServeEngine on its file descriptors 3 and 4.
	Command func() *exec.Cmd
	// InterruptGrace is how long an interrupted cell may take to stop
	// before the engine is killed and restarted (default 2 s).
	InterruptGrace time.Duration
	// OutputLimit caps the bytes a cell may print (default 1 MB); beyond
	// it output is dropped with a notice, as jupyter_server would drop it.
	OutputLimit int
	// DisplayLimit caps the size of one display or result (default 16 MB);
	// a larger one shows a notice in its place.
	DisplayLimit int
	// MemoryLimit is the resident memory, in bytes, past which an engine is
	// killed and restarted, the cell saying why (0: none). NewSupervisor
	// reads it from GOKERNEL_MEMORY_LIMIT and MEM_LIMIT (the smaller), else
	// an eighth of the memory, per kernel.
	MemoryLimit int64
	// MemoryLimitFrom names the variable that set MemoryLimit (MEM_LIMIT,
	// GOKERNEL_MEMORY_LIMIT; "" for the default): the cell's error says it.
	MemoryLimitFrom string
	// CPULimit is the engine's GOMAXPROCS (0: Go's own); NewSupervisor
	// reads it from CPU_LIMIT.
	CPULimit int
	Log      *log.Logger

	mu      sync.Mutex
	noticed bool // an engine's notice was logged
	// restoring is closed when the restart under way has the session
	// back (restartgate.go); nil when none is.
	restoring chan struct{}
	proc      *engineProc
	pub       kernel.Publisher // the running cell's publisher, or the last one
	stopped   bool             // Stop was called: a dying engine is not replaced
	// declared is what cells declared (ExecuteResult.Declared), replayed
	// in a new engine after a crash, without duplicates (see declare).
	declared []string
	// kept are the copies of the session's variables (kept.go).
	kept      keptStore
	observers []func(Event)
	// work is the kernel's work folder (workdir.go); engines counts the
	// engines started, each with its folder in it.
	work    *buildcache.WorkDir
	noWork  bool
	engines int
}

// NewSupervisor returns a Supervisor that starts engines with cmd.
func NewSupervisor(cmd func() *exec.Cmd, logger *log.Logger) *Supervisor {
	limit, from, errs := MemoryLimitFromEnv()
	cpus, err := CPULimitFromEnv()
	if err != nil {
		errs = append(errs, err)
	}
	if logger != nil {
		for _, err := range errs {
			logger.Print(err)
		}
		if l := serverLimits(limit, from, cpus); l != "" {
			logger.Print(l)
		}
	}
	return &Supervisor{Command: cmd, InterruptGrace: 2 * time.Second, OutputLimit: 1 << 20,
		DisplayLimit: 16 << 20, MemoryLimit: limit, MemoryLimitFrom: from, CPULimit: cpus, Log: logger}
}

// notice logs what an engine says when it starts, once per kernel.
func (s *Supervisor) notice(text string) {
	s.mu.Lock()
	first := !s.noticed
	s.noticed = true
	s.mu.Unlock()
	if first && s.Log != nil {
		s.Log.Print(text)
	}
}

// Start starts the first engine process in the background; after Stop it
// does nothing (the kernel may start its engine late, while it stops).
func (s *Supervisor) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil
	}
	_, err := s.currentLocked()
	return err
}

// current returns the running engine process, starting one if needed.
func (s *Supervisor) current() (*engineProc, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.currentLocked()
}

// currentLocked is current, s.mu held.
func (s *Supervisor) currentLocked() (*engineProc, error) {
	if s.proc != nil {
		select {
		case <-s.proc.dead:
		default:
			return s.proc, nil
		}
	}
	p, err := startEngine(s)
	if err != nil {
		return nil, err
	}
	s.proc = p
	return p, nil
}

func (s *Supervisor) publisher() kernel.Publisher {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pub
}

func (s *Supervisor) setPublisher(p kernel.Publisher) {
	s.mu.Lock()
	s.pub = p
	s.mu.Unlock()
}

// Stop kills the engine process.
func (s *Supervisor) Stop() {
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.stopped = true
	s.mu.Unlock()
	if p != nil {
		p.kill()
	}
	s.removeWork(p)
}

// Execute runs a cell in the engine process.
func (s *Supervisor) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) kernel.ExecuteResult {
	s.awaitRestart(time.Minute)
	p, err := s.current()
	if err == nil {
		err = p.waitReady(15 * time.Second)
	}
	if err != nil {
		e := kernel.ErrorInfo{EName: "EngineError", EValue: err.Error(), Traceback: []string{"the Go engine could not start: " + err.Error()}}
		out.Error(e)
		return kernel.ExecuteResult{Status: "error", Error: &e}
	}
	s.setPublisher(out)
	p.startCell()
	s.kept.cellStarting(req.ExecutionCount)
	if err := p.req.send(opExecute, 0, 0, req); err != nil {
		return s.crashed(p, out)
	}
	var grace <-chan time.Time
	interrupted := ctx.Done()
	for {
		select {
		case c := <-p.stuck:
			return s.stuckCell(p, c, nil, out)
		case res := <-p.done:
			// A stuck event comes before the done event it is sent with.
			select {
			case c := <-p.stuck:
				return s.stuckCell(p, c, &res, out)
			default:
			}
			s.declare(res.Declared)
			return res
		case <-interrupted:
			interrupted = nil
			_ = p.req.send(opInterrupt, 0, 0, nil)
			grace = time.After(s.InterruptGrace)
		case <-grace:
			p.kill()
			<-p.dead
			p.flushStreams()
			e := kernel.ErrorInfo{EName: "KeyboardInterrupt",
				EValue: fmt.Sprintf("the cell did not stop within %s of the interrupt", seconds(s.InterruptGrace)),
				Traceback: []string{
					red("KeyboardInterrupt") + fmt.Sprintf(": the cell did not stop within %s of the interrupt: the engine was restarted.", seconds(s.InterruptGrace)),
					resetNotice,
				}}
			e.Traceback = withNotice(e.Traceback, s.restart(p, true))
			out.Error(e)
			return kernel.ExecuteResult{Status: "error", Error: &e}
		case <-p.dead:
			return s.crashed(p, out)
		}
	}
}

// InterruptIdle stops what earlier cells left running in the engine, when
// no cell runs; the engine says what it stopped in the last cell.
func (s *Supervisor) InterruptIdle() {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p != nil && !p.inCell() {
		_ = p.req.send(opInterrupt, 0, 0, nil)
	}
}

// crashed reports the death of the engine during a cell and restarts it.
func (s *Supervisor) crashed(p *engineProc, out kernel.Publisher) kernel.ExecuteResult {
	<-p.dead
	p.flushStreams()
	e := p.crashReport()
	// The notice says what came back: the new engine first.
	e.Traceback = withNotice(e.Traceback, s.restart(p, true))
	out.Error(e)
	return kernel.ExecuteResult{Status: "error", Error: &e}
}

// restart replaces a dead engine process with a new one, which gets the
// session's declarations and variables back; it returns the notice that
// says what came back (the engine died in a cell: inCell).
func (s *Supervisor) restart(old *engineProc, inCell bool) []string {
	s.mu.Lock()
	if s.proc == old {
		s.proc = nil
	}
	stopped := s.stopped
	var opened func()
	if !stopped {
		old.mu.Lock()
		opened = s.restartBegins(old)
		old.mu.Unlock()
	}
	s.mu.Unlock()
	if stopped {
		return []string{resetNotice}
	}
	defer opened()
	p, err := s.current()
	if err != nil {
		if s.Log != nil {
			s.Log.Printf("restarting engine: %v", err)
		}
		return []string{resetNotice}
	}
	s.emit(Event{Kind: EngineRestarted, PID: p.cmd.Pid})
	s.replay(p)
	if p.waitReady(15*time.Second) != nil {
		return []string{resetNotice}
	}
	return s.restoreVars(p, inCell)
}

// replay declares again, in a new engine, what earlier cells declared.
// Its output, if any, goes nowhere. Items run one at a time, so that a func
// that uses a variable no longer declared fails alone; those that fail are
// tried again after the rest (a kept item may come before the declarations
// it uses, when those were re-run later).
func (s *Supervisor) replay(p *engineProc) {
	s.mu.Lock()
	items := append([]string(nil), s.declared...)
	pub := s.pub
	s.pub = discard{}
	s.mu.Unlock()
	defer s.setPublisher(pub)
	if len(items) == 0 || p.waitReady(15*time.Second) != nil {
		return
	}
	for pass := 0; pass < 3 && len(items) > 0; pass++ {
		var failed []string
		for _, item := range items {
			p.startCell()
			if p.req.send(opExecute, 0, 0, kernel.ExecuteRequest{Code: item, Silent: true}) != nil {
				return
			}
			select {
			case res := <-p.done:
				if res.Status != "ok" {
					failed = append(failed, item)
				}
			case <-p.dead:
				return
			case <-time.After(30 * time.Second):
				return
			}
		}
		if len(failed) == len(items) {
			break
		}
		items = failed
	}
	s.mu.Lock()
	n := len(s.declared)
	s.mu.Unlock()
	s.emit(Event{Kind: SessionReplayed, PID: p.cmd.Pid, Replayed: n, Failed: len(items)})
}

// discard is a Publisher that drops everything.
type discard struct{}

func (discard) Stream(string, string)              {}
func (discard) Display(kernel.DisplayData)         {}
func (discard) Result(kernel.DisplayData)          {}
func (discard) Error(kernel.ErrorInfo)             {}
func (discard) ClearOutput(bool)                   {}
func (discard) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }

// logf logs to the kernel's log, if any.
func (s *Supervisor) logf(format string, args ...any) {
	if s.Log != nil {
		s.Log.Printf(format, args...)
	}
}

// maxEventLine bounds an event line: a display at the limit, in JSON, with
// room to spare.
func (s *Supervisor) maxEventLine() int {
	if s.DisplayLimit <= 0 {
		return 1 << 30
	}
	return 2*s.DisplayLimit + 1<<20
}

// isStopped reports whether Stop was called.
func (s *Supervisor) isStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

// idleDeath handles an engine that died while no cell was running (a
// goroutine of an earlier cell panicked): it says so in the last cell.
func (s *Supervisor) idleDeath(p *engineProc) {
	s.mu.Lock()
	stopped := s.stopped
	s.mu.Unlock()
	if stopped {
		return
	}
	pub := s.publisher()
	notice := s.restart(p, false)
	if what, _ := p.stuckNotice(); what != "" && pub != nil {
		// Killed by the kernel: an idle interrupt left goroutines that
		// did not stop.
		pub.Display(stuckIdle(what, notice))
		return
	}
	if pub != nil {
		// A display, not stderr: the last cell ended well, and a grader
		// scores a cell with stderr 0.
		e := p.crashReport()
		text := e.EName + ": " + e.EValue + "\n" + strings.Join(notice, "\n")
		pub.Display(kernel.DisplayData{Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}})
	}
}

const resetNotice = "The Go engine was restarted: the variables of earlier cells are gone (their imports, types and funcs were declared again); run the cells that set variables again."

// ask sends a request that has a reply and waits for it.
func (s *Supervisor) ask(op string, req, reply any) error {
	p, err := s.current()
	if err != nil {
		return err
	}
	if err := p.waitReady(15 * time.Second); err != nil {
		return err
	}
	body, err := p.call(op, req, 10*time.Second)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, reply)
}

// Complete asks the engine for completions.
func (s *Supervisor) Complete(req kernel.CompleteRequest) kernel.CompleteReply {
	r := kernel.CompleteReply{Matches: []string{}, CursorStart: req.CursorPos, CursorEnd: req.CursorPos, Metadata: map[string]any{}}
	if err := s.ask(opComplete, req, &r); err != nil && s.Log != nil {
		s.Log.Printf("complete: %v", err)
	}
	return r
}

// Inspect asks the engine about the name at the cursor.
func (s *Supervisor) Inspect(req kernel.InspectRequest) kernel.InspectReply {
	r := kernel.InspectReply{Data: map[string]any{}}
	if err := s.ask(opInspect, req, &r); err != nil && s.Log != nil {
		s.Log.Printf("inspect: %v", err)
	}
	return r
}

// IsComplete asks the engine whether code is ready to run.
func (s *Supervisor) IsComplete(req kernel.IsCompleteRequest) kernel.IsCompleteReply {
	r := kernel.IsCompleteReply{Status: "unknown"}
	if err := s.ask(opIsComplete, req, &r); err != nil && s.Log != nil {
		s.Log.Printf("is_complete: %v", err)
	}
	return r
}

// errEngineDead is returned by calls to an engine process that has ended.
var errEngineDead = errors.New("kernel: the engine process has ended")

// EngineCommand returns a command that starts this very executable with
// args, for use as Supervisor.Command.
func EngineCommand(args ...string) func() *exec.Cmd {
	return func() *exec.Cmd {
		exe, err := os.Executable()
		if err != nil {
			exe = os.Args[0]
		}
		cmd := exec.Command(exe, args...)
		cmd.SysProcAttr = engineProcAttr()
		return cmd
	}
}
