package main

import (
	"context"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/notebook"
	"github.com/aulago/gokernel/kernel/process"
)

// runner executes a notebook's code cells in order in one engine, putting
// their outputs into the notebook and on the terminal.
type runner struct {
	eng            kernel.Engine
	nb             *notebook.Notebook
	stdout, stderr *termWriter
	color          bool          // keep ANSI colours in tracebacks
	timeout        time.Duration // per cell; 0: none
	progress       time.Duration // "still running" interval; 0: never

	mu       sync.Mutex // guards everything below, the notebook and the terminal
	col      *notebook.Collector
	finished bool   // the run is over: outputs are no longer recorded
	lost     string // why the engine died between cells, if it did
	lostCell int    // the cell that ran last before it died
	ran      int    // cells run
}

func newRunner(eng kernel.Engine, nb *notebook.Notebook, stdout, stderr io.Writer) *runner {
	return &runner{eng: eng, nb: nb, stdout: &termWriter{w: stdout}, stderr: &termWriter{w: stderr},
		color: isTerminal(stderr) && os.Getenv("NO_COLOR") == "",
		col:   notebook.NewCollector(), progress: 10 * time.Second}
}

// cellError is a cell that failed, named by its number: its execution
// count, which JupyterLab shows as [n].
type cellError struct {
	n   int
	msg string
}

// Error says which cell failed and why.
func (e *cellError) Error() string { return fmt.Sprintf("cell %d failed: %s", e.n, e.msg) }

// run executes the code cells until one fails, which it returns as a
// *cellError. Blank code cells are skipped, as Jupyter clients skip them.
func (r *runner) run(ctx context.Context) error {
	var cells []*notebook.Cell
	for _, c := range r.nb.Cells {
		if c.Type == notebook.CodeCell && strings.TrimSpace(c.Source) != "" {
			cells = append(cells, c)
		}
	}
	for i, c := range cells {
		n := i + 1
		r.mu.Lock()
		lost, lostCell := r.lost, r.lostCell
		r.mu.Unlock()
		if lost != "" {
			return &cellError{lostCell, "the Go engine died after the cell ended: " + lost}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted before cell %d", n)
		}
		if err := r.runCell(ctx, c, n, len(cells)); err != nil {
			return err
		}
	}
	return nil
}

// runCell executes cell number n of total.
func (r *runner) runCell(ctx context.Context, c *notebook.Cell, n, total int) error {
	r.mu.Lock()
	count := n
	c.ExecutionCount = &count
	pub := &cellPub{r: r, n: n, out: r.col.Start(c)}
	r.stdout.newline()
	r.stderr.newline()
	fmt.Fprintf(r.stdout, "[%d/%d] %s\n", n, total, headline(c.Source))
	r.ran++
	r.mu.Unlock()

	cctx, cancel := ctx, context.CancelFunc(func() {})
	if r.timeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, r.timeout)
	}
	defer cancel()
	stopWatch := r.watch(n)
	res := r.eng.Execute(cctx, kernel.ExecuteRequest{Code: c.Source, StoreHistory: true, StopOnError: true, ExecutionCount: n}, pub)
	stopWatch()

	r.mu.Lock()
	pub.ended = true
	r.mu.Unlock()
	if res.Status == "ok" {
		return nil
	}
	msg := "error"
	if e := res.Error; e != nil {
		msg = e.EName
		if v := oneLine(e.EValue); v != "" {
			msg += ": " + v
		}
		if msg == "" {
			msg = "error"
		}
	} else if res.Status != "error" {
		msg = "the engine answered " + res.Status
	}
	switch {
	case ctx.Err() != nil:
		msg = "interrupted (" + msg + ")"
	case cctx.Err() == context.DeadlineExceeded:
		msg = fmt.Sprintf("timed out after %s (%s)", r.timeout, msg)
	}
	return &cellError{n, msg}
}

// watch says on stderr, every progress interval, that cell n is still
// running, until the returned function is called.
func (r *runner) watch(n int) func() {
	if r.progress <= 0 {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		began := time.Now()
		t := time.NewTicker(r.progress)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				r.mu.Lock()
				r.stderr.newline()
				fmt.Fprintf(r.stderr, "… still running cell %d (%s)\n", n, roundElapsed(time.Since(began)))
				r.mu.Unlock()
			}
		}
	}()
	return func() { close(stop); <-done }
}

// roundElapsed rounds d for people: milliseconds below a second, tenths
// of a second below a minute, else seconds.
func roundElapsed(d time.Duration) time.Duration {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond)
	case d < time.Minute:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}

// finish ends recording: outputs that still arrive are dropped.
func (r *runner) finish() {
	r.mu.Lock()
	r.finished = true
	r.mu.Unlock()
}

// headline is a cell's first line of code (not blank, not a comment, if
// it has one), shortened, for its header; "…" says there is more.
func headline(src string) string {
	var lines []string
	first := -1
	for _, l := range strings.Split(src, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if first < 0 && !strings.HasPrefix(l, "//") {
				first = len(lines)
			}
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if first < 0 {
		first = 0
	}
	h, more := []rune(lines[first]), len(lines) > first+1
	if len(h) > 60 {
		h, more = h[:60], true
	}
	if more {
		return string(h) + "…"
	}
	return string(h)
}

// cellPub is the Publisher of one cell: outputs go into the cell and onto
// the terminal. The engine may still publish after the cell ended (text a
// goroutine prints, the death of the engine between cells); that goes to
// the last cell, as in Jupyter.
type cellPub struct {
	r     *runner
	n     int
	out   *notebook.CellOutputs
	ended bool // Execute returned; guarded by r.mu
}

// observer is an engine that reports its lifecycle (a process.Supervisor).
type observer interface {
	Observe(func(process.Event))
}

// lifecycle notes the death of the engine between cells: the run stops
// before the next cell, which would find the session gone.
func (r *runner) lifecycle(ev process.Event) {
	if ev.Kind != process.EngineDied || ev.InCell {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lost == "" && !r.finished {
		r.lost, r.lostCell = ev.Cause, r.ran
	}
}

// Stream records printed text and prints it on the matching stream.
func (p *cellPub) Stream(name, text string) {
	r := p.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	p.out.Stream(name, text)
	w := r.stdout
	if name == "stderr" {
		w = r.stderr
	}
	io.WriteString(w, text)
}

// Display records display_data (or an update) and shows its text.
func (p *cellPub) Display(d kernel.DisplayData) {
	r := p.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	if d.Update {
		// The terminal cannot change what it showed: show the new version.
		if p.out.UpdateDisplay(d.Data, d.Metadata, d.DisplayID) {
			r.show(d.Data)
		}
		return
	}
	p.out.Display(d.Data, d.Metadata, d.DisplayID)
	r.show(d.Data)
}

// Result records the execute_result and shows its text.
func (p *cellPub) Result(d kernel.DisplayData) {
	r := p.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	p.out.Result(p.n, d.Data, d.Metadata)
	r.show(d.Data)
}

// Error records an error output and prints its traceback on stderr.
func (p *cellPub) Error(e kernel.ErrorInfo) {
	r := p.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	p.out.Error(e.EName, e.EValue, e.Traceback)
	tb := strings.Join(e.Traceback, "\n")
	if tb == "" {
		tb = e.EName + ": " + e.EValue
	}
	if !r.color {
		tb = stripANSI(tb)
	}
	r.stderr.newline()
	fmt.Fprintln(r.stderr, strings.TrimRight(tb, "\n"))
}

// ClearOutput clears the cell's recorded outputs (at the next one with wait).
func (p *cellPub) ClearOutput(wait bool) {
	r := p.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	p.out.Clear(wait)
	// The terminal cannot clear: start a new line instead.
	r.stdout.newline()
}

// Input fails: a headless run has no one to answer.
func (p *cellPub) Input(prompt string, password bool) (string, error) {
	return "", kernel.ErrNoStdin
}

// termWriter is a terminal stream that knows whether its last line is
// finished.
type termWriter struct {
	w   io.Writer
	mid bool // the last byte written was not a newline
}

// Write writes b, noting whether it ended a line.
func (t *termWriter) Write(b []byte) (int, error) {
	if len(b) > 0 {
		t.mid = b[len(b)-1] != '\n'
	}
	return t.w.Write(b)
}

// newline ends the current line, if one was started.
func (t *termWriter) newline() {
	if t.mid {
		t.Write([]byte("\n"))
	}
}

// show prints a MIME bundle's text/plain, or says what it holds.
func (r *runner) show(data map[string]any) {
	r.stdout.newline()
	if s, ok := data["text/plain"].(string); ok {
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		io.WriteString(r.stdout, s)
		return
	}
	var mimes []string
	for k := range data {
		mimes = append(mimes, k)
	}
	if len(mimes) == 0 {
		return
	}
	sort.Strings(mimes)
	fmt.Fprintf(r.stdout, "[%s]\n", strings.Join(mimes, ", "))
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// oneLine shortens an error value for a one-line message: its first line,
// at most 200 characters, "…" when there is more.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	l := firstLine(s)
	more := l != s
	if r := []rune(l); len(r) > 200 {
		l, more = string(r[:200]), true
	}
	if more {
		l += " …"
	}
	return l
}

// firstLine returns the first line of s that is not blank, trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// identifiers returns the identifiers in Go source, for telling whether
// the parameters cell mentions a parameter.
func identifiers(src string) map[string]bool {
	ids := map[string]bool{}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			ids[lit] = true
		}
	}
	return ids
}
