package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/aulago/gokernel/kernel"
	"github.com/traefik/yaegi/interp"
)

// posErr matches "file:line:col: message" and "line:col: message", the
// shapes of go/parser's and yaegi's errors.
var posErr = regexp.MustCompile(`^(?:[^:\s]*:)?(\d+):(\d+): (.*)$`)

// cellError is an error at a line and column of the cell.
type cellError struct {
	line, col int
	msg       string
}

func (c *cellError) Error() string { return fmt.Sprintf("%d:%d: %s", c.line, c.col, c.msg) }

// shiftErr parses positions out of err and moves their lines by delta.
func shiftErr(err error, delta int) error {
	var out []string
	var first *cellError
	for _, l := range strings.Split(err.Error(), "\n") {
		m := posErr.FindStringSubmatch(l)
		if m == nil {
			out = append(out, l)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		ce := &cellError{line + delta, col, m[3]}
		if first == nil {
			first = ce
		}
		out = append(out, ce.Error())
	}
	if first != nil && len(out) == 1 {
		return first
	}
	if first != nil {
		return &cellError{first.line, first.col, strings.Join(out, "\n")[len(fmt.Sprintf("%d:%d: ", first.line, first.col)):]}
	}
	return err
}

// importError explains an import the interpreter cannot do.
func importError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "unable to find source") || strings.Contains(msg, "cannot find package") {
		return fmt.Errorf("import %q: this interpreter (yaegi v0.16.1) has no package %q: it knows the standard library up to Go 1.22 and poolkit, slices, maps, cmp and display; third-party modules cannot be imported", path, path)
	}
	return fmt.Errorf("import %q: %v", path, err)
}

// errorInfo turns a failed evaluation into the cell's error output.
func (e *Engine) errorInfo(ctx context.Context, err error) kernel.ErrorInfo {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return kernel.ErrorInfo{EName: "Interrupted", EValue: "the cell was interrupted",
			Traceback: []string{red("Interrupted") + ": the cell was interrupted; what earlier statements defined is kept."}}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		val := goPanicText(fmt.Sprint(p.Value))
		if strings.HasPrefix(val, "os.Exit(") {
			// yaegi turns os.Exit into a panic: the engine lives on.
			return kernel.ErrorInfo{EName: "os.Exit", EValue: "the cell called " + val,
				Traceback: []string{red("os.Exit") + ": the cell called " + val + ".",
					"In a notebook the program does not end: the session and its variables are kept."}}
		}
		tb := []string{red("panic") + ": " + val}
		if e.stmtLine > 0 {
			at := strconv.Itoa(e.stmtLine)
			tb = append(tb, "at cell line "+at)
			tb = append(tb, e.sourceLine(at)...)
		}
		if hint := yaegiHint(val); hint != "" {
			tb = append(tb, hint)
		}
		return kernel.ErrorInfo{EName: "panic", EValue: val, Traceback: tb}
	}
	var ce *cellError
	if !errors.As(err, &ce) {
		// yaegi's positions: the chunk sits one line below the cell's.
		err = shiftErr(err, -1)
	}
	if errors.As(err, &ce) {
		tb := []string{red("CompileError") + ": " + ce.Error()}
		tb = append(tb, e.sourceLine(fmt.Sprintf("%d:%d", ce.line, ce.col))...)
		if hint := yaegiHint(ce.msg); hint != "" {
			tb = append(tb, hint)
		}
		return kernel.ErrorInfo{EName: "CompileError", EValue: ce.Error(), Traceback: tb}
	}
	msg := err.Error()
	tb := []string{red("Error") + ": " + msg}
	if hint := yaegiHint(msg); hint != "" {
		tb = append(tb, hint)
	}
	return kernel.ErrorInfo{EName: "Error", EValue: msg, Traceback: tb}
}

// missingSymbol matches yaegi's two ways of saying pkg.Name is unknown.
var missingSymbol = regexp.MustCompile(`undefined selector:? (\w+)\.(\w+)|package (\w+) "[^"]*" has no symbol (\w+)`)

// yaegiHint says what to write instead when a message comes from a known
// limit of the interpreter.
func yaegiHint(msg string) string {
	if m := missingSymbol.FindStringSubmatch(msg); m != nil {
		pkg, name := m[1]+m[3], m[2]+m[4]
		return fmt.Sprintf("%s.%s is not in this interpreter's tables: yaegi v0.16.1 knows the standard library of Go 1.22, without its generic functions (slices, maps and cmp are provided as source; iterators and range over func are missing).", pkg, name)
	}
	switch {
	case msg == "nil type" || strings.HasSuffix(msg, ": nil type"):
		return "The interpreter (yaegi v0.16.1, Go 1.22) cannot compile this: most often a range over a func (a Go 1.23 iterator). Ranging over the iterators of maps and slices works; for another one, call it with a yield func: seq(func(v T) bool { ...; return true })."
	case strings.Contains(msg, "CFG post-order panic"):
		return "The interpreter (yaegi v0.16.1) failed on this construct (an internal error of its compiler); writing it another way (a helper func, an explicit type) usually works."
	case strings.Contains(msg, "nil pointer dereference") && !strings.Contains(msg, "runtime error: invalid memory address or nil pointer dereference [user]"):
		return "(if this line declares a variable from a generic call at the top of the cell, declare its type: var x []int = f(...))"
	}
	return ""
}

// sourceLine returns the cell's line at "line:col" with a caret under col.
func (e *Engine) sourceLine(at string) []string {
	parts := strings.SplitN(at, ":", 2)
	line, err := strconv.Atoi(parts[0])
	if err != nil {
		return nil
	}
	col := 1
	if len(parts) == 2 {
		col, _ = strconv.Atoi(parts[1])
	}
	lines := strings.Split(e.code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := strings.ReplaceAll(lines[line-1], "\t", "    ")
	pre := strings.ReplaceAll(prefixRunes(lines[line-1], col-1), "\t", "    ")
	return []string{fmt.Sprintf("%4d | %s", line, src), "     | " + strings.Repeat(" ", len([]rune(pre))) + "^"}
}

func prefixRunes(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if n > len(s) {
		n = len(s)
	}
	return s[:n]
}

func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }

// panicFilter sits between yaegi and stderr. yaegi prints "_.go:L:C: panic"
// for each interpreted frame a panic unwinds; the filter keeps the first
// position as a mark for the kernel (a crash can then name the cell line)
// and keeps interpreter noise out of the student's output.
type panicFilter struct {
	mu  sync.Mutex
	w   io.Writer
	pos string
}

var panicLine = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): panic(?:: .*)?\n?$`)

func (f *panicFilter) Write(b []byte) (int, error) {
	if m := panicLine.FindSubmatch(b); m != nil {
		line, _ := strconv.Atoi(string(m[1]))
		col, _ := strconv.Atoi(string(m[2]))
		f.mu.Lock()
		if f.pos == "" {
			f.pos = fmt.Sprintf("%d:%d", line-1, col)
			_, _ = f.w.Write(kernel.PanicMark(line-1, col))
		}
		f.mu.Unlock()
		return len(b), nil
	}
	return f.w.Write(b)
}

func (f *panicFilter) reset() {
	f.mu.Lock()
	f.pos = ""
	f.mu.Unlock()
}

func (f *panicFilter) first() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pos
}

// panicTexts maps the interpreter's wording of runtime errors (which come
// from package reflect) to the Go runtime's, which students look up.
var panicTexts = []struct{ yaegi, goText string }{
	{"reflect: slice index out of range", "runtime error: index out of range"},
	{"reflect: array index out of range", "runtime error: index out of range"},
	{"reflect: string index out of range", "runtime error: index out of range"},
	{"reflect: call of reflect.Value.Field on zero Value", "runtime error: invalid memory address or nil pointer dereference"},
	{"reflect: call of reflect.Value.Elem on zero Value", "runtime error: invalid memory address or nil pointer dereference"},
	{"reflect: slice bounds out of range", "runtime error: slice bounds out of range"},
	{"assignment to entry in nil map", "assignment to entry in nil map"},
	{"send on closed channel", "send on closed channel"},
	{"close of closed channel", "close of closed channel"},
}

func goPanicText(v string) string {
	for _, t := range panicTexts {
		if strings.HasPrefix(v, t.yaegi) {
			return t.goText
		}
	}
	// "2:23: interface conversion: ..." carries a position of its own.
	if m := posErr.FindStringSubmatch(v); m != nil {
		return m[3]
	}
	return v
}
