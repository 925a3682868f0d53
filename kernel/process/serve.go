package process

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// ServeEngine serves eng to a kernel over a pipe: requests are read from in,
// events written to out, and marks written to stdout and stderr (the
// engine process's own file descriptors 1 and 2). It returns when in ends.
func ServeEngine(eng kernel.Engine, in io.Reader, out io.Writer, stdout, stderr io.Writer) error {
	s := &server{eng: eng, out: &pipeWriter{w: out}, stdout: stdout, stderr: stderr,
		inputs: make(chan inputReply, 1)}
	stuckServer.Store(s)
	return readPipe(in, maxRequestLine, s.handle, nil)
}

// maxRequestLine bounds a request from the kernel (a cell's code).
const maxRequestLine = 256 << 20

// hello takes the engine's secret and limits, then says the engine is ready.
func (s *server) hello(m pipeMsg) {
	var h helloBody
	if json.Unmarshal(m.Body, &h) != nil || h.Secret == "" {
		return
	}
	s.mu.Lock()
	if s.secret != "" {
		s.mu.Unlock()
		return
	}
	s.secret, s.displayLimit = h.Secret, h.DisplayLimit
	s.out.key = h.Secret
	s.mu.Unlock()
	engineSecret.Store(ptr(h.Secret))
	var ready any
	if n, ok := s.eng.(kernel.Noticer); ok {
		ready = readyEvent{Notice: n.Notice()}
	}
	_ = s.out.send(opReady, 0, 0, ready)
}

// readyEvent is the body of the ready event.
type readyEvent struct {
	Notice string `json:"notice,omitempty"`
}

type server struct {
	eng            kernel.Engine
	out            *pipeWriter
	stdout, stderr io.Writer

	mu           sync.Mutex // serializes events with their marks
	seq          uint64
	secret       string // from hello
	displayLimit int    // from hello; 0: none
	cancel       context.CancelFunc
	inputs       chan inputReply
}

func (s *server) handle(m pipeMsg) {
	switch m.Op {
	case opHello:
		s.hello(m)
	case opExecute:
		var req kernel.ExecuteRequest
		if json.Unmarshal(m.Body, &req) != nil {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		s.cancel = cancel
		s.mu.Unlock()
		go func() {
			res := s.eng.Execute(ctx, req, &serverPublisher{s: s, allowStdin: req.AllowStdin, ctx: ctx})
			cancel()
			s.mu.Lock()
			s.cancel = nil
			s.mu.Unlock()
			if res.Kept != nil {
				s.sendKept(res.Kept)
			}
			s.emit(opDone, res, true)
		}()
	case opInterrupt:
		s.mu.Lock()
		cancel := s.cancel
		s.mu.Unlock()
		if cancel != nil {
			cancel()
		} else if ii, ok := s.eng.(kernel.IdleInterrupter); ok {
			// It waits for goroutines to stop: requests go on meanwhile.
			go ii.InterruptIdle()
		}
	case opInputReply:
		var r inputReply
		_ = json.Unmarshal(m.Body, &r)
		select {
		case s.inputs <- r:
		default:
		}
	case opComplete:
		go s.answer(m, func() any {
			var req kernel.CompleteRequest
			_ = json.Unmarshal(m.Body, &req)
			return s.eng.Complete(req)
		})
	case opInspect:
		go s.answer(m, func() any {
			var req kernel.InspectRequest
			_ = json.Unmarshal(m.Body, &req)
			return s.eng.Inspect(req)
		})
	case opRestore:
		// The kernel sends it between cells, after the replay.
		go s.answer(m, func() any {
			var req kernel.RestoreRequest
			_ = json.Unmarshal(m.Body, &req)
			if r, ok := s.eng.(kernel.Restorer); ok {
				return r.Restore(req)
			}
			return kernel.RestoreReply{}
		})
	case opIsComplete:
		go s.answer(m, func() any {
			var req kernel.IsCompleteRequest
			_ = json.Unmarshal(m.Body, &req)
			return s.eng.IsComplete(req)
		})
	}
}

func (s *server) answer(m pipeMsg, f func() any) {
	_ = s.out.send(opReply, m.ID, 0, f())
}

// emit sends an event and marks its place in stdout (and stderr when both
// streams must be drained, at the end of a cell).
func (s *server) emit(op string, body any, both bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if s.out.send(op, 0, s.seq, body) != nil {
		return
	}
	mk := marker(s.secret, s.seq)
	_, _ = s.stdout.Write(mk)
	if both {
		_, _ = s.stderr.Write(mk)
	}
}

// serverPublisher is the Publisher an engine sees inside the engine process.
type serverPublisher struct {
	s          *server
	allowStdin bool
	ctx        context.Context // the cell's: the interrupt ends a read
}

func (p *serverPublisher) Stream(name, text string) {
	w := p.s.stdout
	if name == "stderr" {
		w = p.s.stderr
	}
	_, _ = io.WriteString(w, text)
}
func (p *serverPublisher) Display(d kernel.DisplayData) {
	p.s.emit(opDisplay, p.s.capDisplay(d, "display"), false)
}
func (p *serverPublisher) Result(d kernel.DisplayData) {
	p.s.emit(opResult, p.s.capDisplay(d, "result"), false)
}
func (p *serverPublisher) Error(e kernel.ErrorInfo) { p.s.emit(opError, e, false) }
func (p *serverPublisher) ClearOutput(wait bool)    { p.s.emit(opClear, wait, false) }

// CellStarted tells the kernel, at once, what a cell declared and may
// change (kernel.CellStarter): the engine may die while it runs.
func (p *serverPublisher) CellStarted(cs kernel.CellStart) { _ = p.s.out.send(opStart, 0, 0, cs) }

// sendKept sends a cell's snapshot in pieces (an event line is bounded),
// before its done event.
func (s *server) sendKept(snap *kernel.Snapshot) {
	data := snap.Data
	for len(data) > 0 {
		n := min(len(data), keptPieceSize)
		if s.out.send(opKept, 0, 0, keptPiece{Data: data[:n]}) != nil {
			return
		}
		data = data[n:]
	}
	meta := *snap
	meta.Data = nil
	_ = s.out.send(opKept, 0, 0, keptPiece{Final: true, Snapshot: &meta})
}

func (p *serverPublisher) Input(prompt string, password bool) (string, error) {
	if !p.allowStdin {
		return "", kernel.ErrNoStdin
	}
	// Drop a stale answer to an earlier, interrupted request.
	select {
	case <-p.s.inputs:
	default:
	}
	p.s.emit(opInputRequest, inputRequest{Prompt: prompt, Password: password}, false)
	done := p.ctx.Done() // nil, for ever, without a cell's context
	select {
	case r := <-p.s.inputs:
		if r.Error == "" {
			return r.Value, nil
		}
		// The kernel ends the frontend's read at an interrupt, and its
		// reply may come before the interrupt: a failed read waits a
		// moment for it, to end as interrupted (context.Canceled).
		select {
		case <-done:
			return "", context.Canceled
		case <-time.After(StopWait):
		}
		return "", errors.New(r.Error)
	case <-done:
		return "", context.Canceled
	}
}

// EngineFiles returns the request and event pipes an engine process
// inherits from the kernel (file descriptors 3 and 4).
func EngineFiles() (in *os.File, out *os.File) {
	return os.NewFile(3, "kernel-requests"), os.NewFile(4, "kernel-events")
}
