package engine

import (
	"bytes"
	"io"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// promptDelay is how long the cells' stdout holds back the end of a line
// that has no newline yet: long enough for a read of os.Stdin right after
// fmt.Print("Nome: ") to take the text as its prompt, short enough for
// progress prints ("\r42%") to stay live.
const promptDelay = 50 * time.Millisecond

// maxPrompt bounds the text held back: a longer unterminated line is no
// prompt, and is written at once.
const maxPrompt = 4096

// promptWriter is the cells' stdout (the interpreter's, the compiled
// tier's, and os.Stdout where a cell writes to it, see stdinfix.go). It
// writes every complete line at once, and holds the end of a line that
// has no newline for promptDelay: when the cell reads os.Stdin before
// then, the held text becomes the input_request's prompt instead of
// stdout (take), as "Nome: " is the prompt of
//
//	fmt.Print("Nome: ")
//	s, _ := bufio.NewReader(os.Stdin).ReadString('\n')
//
// The held text is written before any output that must keep its place
// after it: displays, results, errors and clear_output go through the
// publisher, which writes its marks on the same stdout (flushingPublisher),
// stderr (flushFirst), and the end of the cell (Execute).
type promptWriter struct {
	w     io.Writer
	delay time.Duration

	mu   sync.Mutex
	held []byte // the end of the current line, not written yet
	// started says some of the current line was written already (the
	// delay passed, or an output came): what is held then is no prompt.
	started bool
	timer   *time.Timer
	gen     int // the timer's generation: a stale timer writes nothing
}

func newPromptWriter(w io.Writer) *promptWriter {
	return &promptWriter{w: w, delay: promptDelay}
}

// Write writes p up to its last newline (after the text held), and holds
// the rest.
func (pw *promptWriter) Write(p []byte) (int, error) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	n := len(p)
	if i := bytes.LastIndexByte(p, '\n'); i >= 0 {
		out := p[:i+1]
		if len(pw.held) > 0 {
			out = append(pw.held, out...)
		}
		pw.held, pw.started = nil, false
		pw.stopTimer()
		if _, err := pw.w.Write(out); err != nil {
			return 0, err
		}
		p = p[i+1:]
	}
	if len(p) == 0 {
		return n, nil
	}
	if len(pw.held)+len(p) > maxPrompt {
		out := append(pw.held, p...)
		pw.held, pw.started = nil, true
		pw.stopTimer()
		if _, err := pw.w.Write(out); err != nil {
			return 0, err
		}
		return n, nil
	}
	pw.held = append(pw.held, p...)
	if pw.timer == nil {
		pw.gen++
		gen := pw.gen
		pw.timer = time.AfterFunc(pw.delay, func() { pw.timeout(gen) })
	}
	return n, nil
}

// WriteString is Write of a string.
func (pw *promptWriter) WriteString(s string) (int, error) { return pw.Write([]byte(s)) }

func (pw *promptWriter) timeout(gen int) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	if gen == pw.gen {
		pw.timer = nil
		pw.flushLocked()
	}
}

func (pw *promptWriter) stopTimer() {
	if pw.timer != nil {
		pw.timer.Stop()
		pw.timer = nil
	}
	pw.gen++
}

// flush writes the text held.
func (pw *promptWriter) flush() {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.stopTimer()
	pw.flushLocked()
}

func (pw *promptWriter) flushLocked() {
	if len(pw.held) == 0 {
		return
	}
	out := pw.held
	pw.held, pw.started = nil, true
	_, _ = pw.w.Write(out)
}

// take returns the prompt of a read of stdin about to ask the frontend:
// the text held, which is not written then. When part of the line was
// written already, the rest is written too and the prompt is "" (the
// text stands above the input box, as a Python print(..., end="") before
// input() does). The input box ends the line either way.
func (pw *promptWriter) take() string {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.stopTimer()
	if pw.started {
		pw.flushLocked()
		pw.started = false
		return ""
	}
	prompt := string(pw.held)
	pw.held = nil
	return prompt
}

// putBack gives back a prompt taken for a request that failed: it is
// stdout again.
func (pw *promptWriter) putBack(prompt string) {
	if prompt != "" {
		_, _ = pw.WriteString(prompt)
	}
}

// flushingPublisher writes the held stdout before every output that
// leaves a mark in stdout.
type flushingPublisher struct {
	kernel.Publisher
	out *promptWriter
}

func (p flushingPublisher) Stream(name, text string) {
	p.out.flush()
	p.Publisher.Stream(name, text)
}

func (p flushingPublisher) Display(d kernel.DisplayData) {
	p.out.flush()
	p.Publisher.Display(d)
}

func (p flushingPublisher) Result(d kernel.DisplayData) {
	p.out.flush()
	p.Publisher.Result(d)
}

func (p flushingPublisher) Error(e kernel.ErrorInfo) {
	p.out.flush()
	p.Publisher.Error(e)
}

func (p flushingPublisher) ClearOutput(wait bool) {
	p.out.flush()
	p.Publisher.ClearOutput(wait)
}

func (p flushingPublisher) Input(prompt string, password bool) (string, error) {
	p.out.flush()
	return p.Publisher.Input(prompt, password)
}

// flushFirst is the cells' stderr: the held stdout is written before it.
type flushFirst struct {
	out *promptWriter
	w   io.Writer
}

func (f flushFirst) Write(p []byte) (int, error) {
	f.out.flush()
	return f.w.Write(p)
}
