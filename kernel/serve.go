package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"sync"
)

// ServeEngine serves eng to a kernel over a pipe: requests are read from in,
// events written to out, and marks written to stdout and stderr (the
// engine process's own file descriptors 1 and 2). It returns when in ends.
func ServeEngine(eng Engine, in io.Reader, out io.Writer, stdout, stderr io.Writer) error {
	s := &server{eng: eng, out: &pipeWriter{w: out}, stdout: stdout, stderr: stderr,
		inputs: make(chan inputReply, 1)}
	var ready any
	if n, ok := eng.(Noticer); ok {
		ready = readyEvent{Notice: n.Notice()}
	}
	if err := s.out.send(opReady, 0, 0, ready); err != nil {
		return err
	}
	return readPipe(in, s.handle)
}

// Noticer is implemented by engines that have something to say in the
// kernel's log when they start (whether their compiled tier runs).
type Noticer interface {
	Notice() string
}

// readyEvent is the body of the ready event.
type readyEvent struct {
	Notice string `json:"notice,omitempty"`
}

type server struct {
	eng            Engine
	out            *pipeWriter
	stdout, stderr io.Writer

	mu     sync.Mutex // serializes events with their marks
	seq    uint64
	cancel context.CancelFunc
	inputs chan inputReply
}

func (s *server) handle(m pipeMsg) {
	switch m.Op {
	case opExecute:
		var req ExecuteRequest
		if json.Unmarshal(m.Body, &req) != nil {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		s.cancel = cancel
		s.mu.Unlock()
		go func() {
			res := s.eng.Execute(ctx, req, &serverPublisher{s: s, allowStdin: req.AllowStdin})
			cancel()
			s.emit(opDone, res, true)
		}()
	case opInterrupt:
		s.mu.Lock()
		if s.cancel != nil {
			s.cancel()
		}
		s.mu.Unlock()
	case opInputReply:
		var r inputReply
		_ = json.Unmarshal(m.Body, &r)
		select {
		case s.inputs <- r:
		default:
		}
	case opComplete:
		go s.answer(m, func() any {
			var req CompleteRequest
			_ = json.Unmarshal(m.Body, &req)
			return s.eng.Complete(req)
		})
	case opInspect:
		go s.answer(m, func() any {
			var req InspectRequest
			_ = json.Unmarshal(m.Body, &req)
			return s.eng.Inspect(req)
		})
	case opIsComplete:
		go s.answer(m, func() any {
			var req IsCompleteRequest
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
	mk := marker(s.seq)
	_, _ = s.stdout.Write(mk)
	if both {
		_, _ = s.stderr.Write(mk)
	}
}

// serverPublisher is the Publisher an engine sees inside the engine process.
type serverPublisher struct {
	s          *server
	allowStdin bool
}

func (p *serverPublisher) Stream(name, text string) {
	w := p.s.stdout
	if name == "stderr" {
		w = p.s.stderr
	}
	_, _ = io.WriteString(w, text)
}
func (p *serverPublisher) Display(d DisplayData) { p.s.emit(opDisplay, d, false) }
func (p *serverPublisher) Result(d DisplayData)  { p.s.emit(opResult, d, false) }
func (p *serverPublisher) Error(e ErrorInfo)     { p.s.emit(opError, e, false) }
func (p *serverPublisher) ClearOutput(wait bool) { p.s.emit(opClear, wait, false) }

// ErrNoStdin is returned by Input when the frontend does not allow input.
var ErrNoStdin = errors.New("kernel: this frontend does not support input (allow_stdin is false)")

func (p *serverPublisher) Input(prompt string, password bool) (string, error) {
	if !p.allowStdin {
		return "", ErrNoStdin
	}
	// Drop a stale answer to an earlier, interrupted request.
	select {
	case <-p.s.inputs:
	default:
	}
	p.s.emit(opInputRequest, inputRequest{Prompt: prompt, Password: password}, false)
	r := <-p.s.inputs
	if r.Error != "" {
		return "", errors.New(r.Error)
	}
	return r.Value, nil
}

// EngineFiles returns the request and event pipes an engine process
// inherits from the kernel (file descriptors 3 and 4).
func EngineFiles() (in *os.File, out *os.File) {
	return os.NewFile(3, "kernel-requests"), os.NewFile(4, "kernel-events")
}
