// Package prompt is the cells' stdout on its way to the kernel: it holds
// back the end of a line that has no newline yet, so that a read of stdin
// right after fmt.Print("Nome: ") takes that text as the input_request's
// prompt, and writes it before any output that must keep its place after
// it (displays, results, errors, stderr).
package prompt

import (
	"bytes"
	"io"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// Delay is how long the cells' stdout holds back the end of a line
// that has no newline yet: long enough for a read of os.Stdin right after
// fmt.Print("Nome: ") to take the text as its prompt, short enough for
// progress prints ("\r42%") to stay live.
const Delay = 50 * time.Millisecond

// maxPrompt bounds the text held back: a longer unterminated line is no
// prompt, and is written at once.
const maxPrompt = 4096

// Writer is the cells' stdout (the interpreter's, the compiled tier's,
// and os.Stdout where a cell writes to it, see the engine's stdinfix.go). It
// writes every complete line at once, and holds the end of a line that
// has no newline for Delay: when the cell reads os.Stdin before
// then, the held text becomes the input_request's prompt instead of
// stdout (Take), as "Nome: " is the prompt of
//
//	fmt.Print("Nome: ")
//	s, _ := bufio.NewReader(os.Stdin).ReadString('\n')
//
// The held text is written before any output that must keep its place
// after it: displays, results, errors and clear_output go through the
// publisher, which writes its marks on the same stdout (Publisher),
// stderr (Stderr), and the end of the cell (the engine's Execute).
type Writer struct {
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

// New returns a Writer that writes to w.
func New(w io.Writer) *Writer {
	return &Writer{w: w, delay: Delay}
}

// Write writes p up to its last newline (after the text held), and holds
// the rest.
func (pw *Writer) Write(p []byte) (int, error) {
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
func (pw *Writer) WriteString(s string) (int, error) { return pw.Write([]byte(s)) }

func (pw *Writer) timeout(gen int) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	if gen == pw.gen {
		pw.timer = nil
		pw.flushLocked()
	}
}

func (pw *Writer) stopTimer() {
	if pw.timer != nil {
		pw.timer.Stop()
		pw.timer = nil
	}
	pw.gen++
}

// Flush writes the text held.
func (pw *Writer) Flush() {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.stopTimer()
	pw.flushLocked()
}

func (pw *Writer) flushLocked() {
	if len(pw.held) == 0 {
		return
	}
	out := pw.held
	pw.held, pw.started = nil, true
	_, _ = pw.w.Write(out)
}

// Take returns the prompt of a read of stdin about to ask the frontend:
// the text held, which is not written then. When part of the line was
// written already, the rest is written too and the prompt is "" (the
// text stands above the input box, as a Python print(..., end="") before
// input() does). The input box ends the line either way.
func (pw *Writer) Take() string {
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

// PutBack gives back a prompt taken for a request that failed: it is
// stdout again.
func (pw *Writer) PutBack(prompt string) {
	if prompt != "" {
		_, _ = pw.WriteString(prompt)
	}
}

// Publisher returns pub, writing the text pw holds before every output
// that leaves a mark in stdout.
func Publisher(pub kernel.Publisher, pw *Writer) kernel.Publisher {
	return flushingPublisher{pub, pw}
}

// flushingPublisher is Publisher's.
type flushingPublisher struct {
	kernel.Publisher
	out *Writer
}

func (p flushingPublisher) Stream(name, text string) {
	p.out.Flush()
	p.Publisher.Stream(name, text)
}

func (p flushingPublisher) Display(d kernel.DisplayData) {
	p.out.Flush()
	p.Publisher.Display(d)
}

func (p flushingPublisher) Result(d kernel.DisplayData) {
	p.out.Flush()
	p.Publisher.Result(d)
}

func (p flushingPublisher) Error(e kernel.ErrorInfo) {
	p.out.Flush()
	p.Publisher.Error(e)
}

func (p flushingPublisher) ClearOutput(wait bool) {
	p.out.Flush()
	p.Publisher.ClearOutput(wait)
}

func (p flushingPublisher) Input(prompt string, password bool) (string, error) {
	p.out.Flush()
	return p.Publisher.Input(prompt, password)
}

// Stderr returns the cells' stderr w, the text pw holds written before
// it.
func Stderr(w io.Writer, pw *Writer) io.Writer { return flushFirst{pw, w} }

// flushFirst is Stderr's.
type flushFirst struct {
	out *Writer
	w   io.Writer
}

func (f flushFirst) Write(p []byte) (int, error) {
	f.out.Flush()
	return f.w.Write(p)
}
