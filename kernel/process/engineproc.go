package process

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// engineProc is one engine child process and the goroutines that read it.
type engineProc struct {
	s     *Supervisor
	cmd   *os.Process
	req   *pipeWriter
	ready chan struct{}
	// readyOnce closes ready: a second ready line (forged by a cell) is
	// ignored.
	readyOnce sync.Once
	dead      chan struct{} // closed once the process ended and its output is read
	done      chan kernel.ExecuteResult
	exit      string // how the process ended, set before dead is closed
	// secret is in every mark and event line of this engine (see hello).
	secret string

	mu      sync.Mutex
	cond    *sync.Cond
	events  map[uint64]pipeMsg
	replies map[uint64]chan json.RawMessage
	nextID  uint64
	ended   bool
	evDone  bool                  // the event pipe ended: no event will come any more
	result  *kernel.ExecuteResult // the done event, waiting for the stderr mark
	errDone uint64                // last done seq seen on stderr
	outDone uint64                // last done seq seen on stdout
	running bool                  // a cell runs: its done is not yet delivered
	// restartTaken: a restart replaces this dead engine (restartgate.go).
	restartTaken bool
	// stuck gets what did not stop after an interrupt in a cell; stuckWhat
	// and stuckInCell say it for the engine's watcher (stuck.go).
	stuck       chan stuckCause
	stuckWhat   string
	stuckInCell bool

	// output not yet published, and what the cell printed so far
	outBuf, errBuf bytes.Buffer
	printed        int
	truncated      bool
	crash          bytes.Buffer // stderr held back: the runtime's last words
	holding        bool
	panicAt        string // last "line:col" of a panic in user code
	overLimit      int64  // the memory limit the engine passed (it was killed)
}

func startEngine(s *Supervisor) (*engineProc, error) {
	cmd := s.Command()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = nil
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	if s.MemoryLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The engine's garbage collector works harder before the limit.
		cmd.Env = append(cmd.Env, fmt.Sprintf("GOMEMLIMIT=%d", s.MemoryLimit*9/10))
	}
	workDir := s.engineDir()
	if workDir != "" {
		// The engine's temporary files (its go commands', its cells')
		// go with its folder, whatever ends it.
		tmp := filepath.Join(workDir, "tmp")
		if err := os.MkdirAll(tmp, 0o700); err == nil {
			cmd.Env = append(cmd.Env, "GOKERNEL_WORKDIR="+workDir, "TMPDIR="+tmp)
		} else {
			s.logf("engine work folder: %v", err)
			workDir = ""
		}
	}
	if s.CPULimit > 0 {
		// The server's CPU limit (CPU_LIMIT): the engine's Go, and so
		// poolkit.CPUCount, uses no more CPUs at once.
		if cmd.Env == nil {
			cmd.Env = os.Environ()
		}
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+strconv.Itoa(s.CPULimit))
	}
	cmd.Stdout = outW
	cmd.Stderr = errW
	cmd.ExtraFiles = []*os.File{reqR, evW}
	if err := cmd.Start(); err != nil {
		s.removeEngineDir(workDir)
		return nil, fmt.Errorf("kernel: starting engine: %w", err)
	}
	for _, f := range []*os.File{reqR, evW, outW, errW} {
		f.Close()
	}
	p := &engineProc{s: s, cmd: cmd.Process, req: &pipeWriter{w: reqW}, secret: newSecret(),
		ready: make(chan struct{}), dead: make(chan struct{}), done: make(chan kernel.ExecuteResult, 1), stuck: make(chan stuckCause, 1),
		events: map[uint64]pipeMsg{}, replies: map[uint64]chan json.RawMessage{}}
	p.cond = sync.NewCond(&p.mu)

	if s.MemoryLimit > 0 {
		go p.watchMemory(s.MemoryLimit)
	}
	if err := p.req.send(opHello, 0, 0, helloBody{Secret: p.secret, DisplayLimit: s.DisplayLimit}); err != nil {
		_ = cmd.Process.Kill()
	}
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		p.readEvents(evR)
		p.mu.Lock()
		p.evDone = true
		p.cond.Broadcast()
		p.mu.Unlock()
	}()
	go func() { defer wg.Done(); p.pump(outR, "stdout") }()
	go func() { defer wg.Done(); p.pump(errR, "stderr") }()
	stopFlush := make(chan struct{})
	go p.flusher(stopFlush)
	go func() {
		wg.Wait()
		state, _ := cmd.Process.Wait()
		// What the engine started and left running (a plugin build's
		// compiler or linker) ends with it, then its folder goes.
		killGroup(cmd.Process.Pid)
		s.removeEngineDir(workDir)
		close(stopFlush)
		reqW.Close()
		p.mu.Lock()
		p.ended = true
		if state != nil {
			p.exit = state.String()
			if state.Exited() {
				p.exit = "exit status " + strconv.Itoa(state.ExitCode())
			}
		}
		p.cond.Broadcast()
		for _, ch := range p.replies {
			close(ch)
		}
		p.replies = map[uint64]chan json.RawMessage{}
		p.mu.Unlock()
		close(p.dead)
		// A death between cells is reported by whoever waits on done.
		select {
		case <-p.done:
		default:
		}
		inCell := p.inCell()
		if !s.isStopped() {
			e := p.crashReport()
			s.emit(Event{Kind: EngineDied, PID: p.cmd.Pid, Cause: e.EName + ": " + e.EValue, InCell: inCell})
		}
		if _, stuckInCell := p.stuckNotice(); !inCell && !stuckInCell {
			s.idleDeath(p)
		}
	}()
	return p, nil
}

// inCell reports whether a cell is running (its done event not yet seen).
func (p *engineProc) inCell() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running
}

func (p *engineProc) waitReady(d time.Duration) error {
	select {
	case <-p.ready:
		return nil
	case <-p.dead:
		return fmt.Errorf("kernel: engine ended at start (%s): %s", p.exit, strings.TrimSpace(p.crash.String()))
	case <-time.After(d):
		return fmt.Errorf("kernel: engine not ready after %s", d)
	}
}

// kill kills the engine and what it started (its process group).
func (p *engineProc) kill() {
	killGroup(p.cmd.Pid)
	_ = p.cmd.Kill()
}

// startCell resets per-cell output accounting.
func (p *engineProc) startCell() {
	p.mu.Lock()
	p.printed, p.truncated = 0, false
	p.panicAt = ""
	p.running = true
	p.mu.Unlock()
}

func (p *engineProc) call(op string, req any, timeout time.Duration) (json.RawMessage, error) {
	ch := make(chan json.RawMessage, 1)
	p.mu.Lock()
	if p.ended {
		p.mu.Unlock()
		return nil, errEngineDead
	}
	p.nextID++
	id := p.nextID
	p.replies[id] = ch
	p.mu.Unlock()
	if err := p.req.send(op, id, 0, req); err != nil {
		return nil, err
	}
	select {
	case b, ok := <-ch:
		if !ok {
			return nil, errEngineDead
		}
		return b, nil
	case <-time.After(timeout):
		p.mu.Lock()
		delete(p.replies, id)
		p.mu.Unlock()
		return nil, fmt.Errorf("kernel: engine did not answer %s within %s", op, timeout)
	}
}

// readEvents reads the event pipe: replies go to their callers, events wait
// for their marks.
func (p *engineProc) readEvents(r io.Reader) {
	_ = readPipe(r, p.s.maxEventLine(), func(m pipeMsg) {
		if m.Key != p.secret {
			p.s.logf("engine %d: a line on the event pipe without the engine's key was dropped (%q)", p.cmd.Pid, m.Op)
			return
		}
		if m.Op == opReady {
			var ev readyEvent
			if len(m.Body) > 0 && json.Unmarshal(m.Body, &ev) == nil && ev.Notice != "" {
				p.s.notice(ev.Notice)
			}
			p.readyOnce.Do(func() {
				close(p.ready)
				p.s.emit(Event{Kind: EngineStarted, PID: p.cmd.Pid})
			})
			return
		}
		if p.s.keptEvent(m) || p.stuckReport(m) {
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(p.events) >= maxPendingEvents {
			return
		}
		switch m.Op {
		case opReply:
			if ch, ok := p.replies[m.ID]; ok {
				delete(p.replies, m.ID)
				ch <- m.Body
			}
		default:
			p.events[m.Seq] = m
			p.cond.Broadcast()
		}
	}, func(err error) { p.s.logf("engine %d: %v", p.cmd.Pid, err) })
}

// maxPendingEvents bounds the events read but not yet marked.
const maxPendingEvents = 1 << 16

// eventWait is how long a mark waits for its event, which the engine sent
// before the mark: only a kernel starved of CPU takes more than a moment.
const eventWait = 10 * time.Second

// event waits for event seq, which the engine sent before marking it.
func (p *engineProc) event(seq uint64) (pipeMsg, bool) {
	deadline := time.Now().Add(eventWait)
	wake := time.AfterFunc(eventWait, func() {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer wake.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if m, ok := p.events[seq]; ok {
			delete(p.events, seq)
			return m, true
		}
		if p.ended || p.evDone {
			return pipeMsg{}, false
		}
		if time.Now().After(deadline) {
			p.s.logf("engine %d: no event %d after its mark; mark dropped", p.cmd.Pid, seq)
			return pipeMsg{}, false
		}
		p.cond.Wait()
	}
}
