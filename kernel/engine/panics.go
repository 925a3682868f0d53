package engine

import (
	"fmt"
	"go/token"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/process"
	"github.com/traefik/yaegi/interp"
)

// frame is one interpreted call a panic went through.
type frame struct {
	cell, line, col int
	fn              string // "boom", "" for the cell's own statements
	compiled        bool   // a frame of the compiled tier: its line is exact
}

// panicFilter sits between yaegi and stderr. yaegi prints
// "file:line:col: panic: main.f(...)" for each interpreted frame a panic
// unwinds; the filter keeps the frames in cells for the traceback, writes
// a mark for the kernel (a crash can then name the cell line), and keeps
// the interpreter's lines out of the student's output.
type panicFilter struct {
	mu     sync.Mutex
	w      io.Writer
	frames []frame
	marked bool
}

var panicLine = regexp.MustCompile(`^(\S+):(\d+)(?::(\d+))?: panic(?:: (.*))?\n?$`)

func (f *panicFilter) Write(b []byte) (int, error) {
	m := panicLine.FindSubmatch(b)
	if m == nil {
		return f.w.Write(b)
	}
	colText := string(m[3])
	if colText == "" {
		colText = "0"
	}
	c, l, col, _, ok := splitPos(string(m[1]) + ":" + string(m[2]) + ":" + colText + ": x")
	f.mu.Lock()
	defer f.mu.Unlock()
	if ok {
		fr := frame{cell: c, line: l, col: col, fn: frameFunc(string(m[4]))}
		if fr.fn != "init" {
			f.frames = append(f.frames, fr)
		}
		if !f.marked {
			f.marked = true
			_, _ = f.w.Write(process.PanicMark(l, col))
		}
	}
	return len(b), nil
}

// frameFunc turns yaegi's "main.boom(...)" into the func's name in the
// cells: "" for a cell's statements, "a func literal" for closures.
func frameFunc(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), "(...)")
	s = strings.TrimPrefix(s, "main.")
	switch {
	case strings.HasPrefix(s, "__cell"):
		if strings.Contains(s, ".func") {
			return "a func literal"
		}
		return ""
	case s == mainName:
		return "main"
	case strings.Contains(s, ".func"):
		name, _, _ := strings.Cut(s, ".func")
		return "a func literal in " + internalName.ReplaceAllString(name, "$1")
	}
	return internalName.ReplaceAllString(s, "$1")
}

func (f *panicFilter) reset() {
	f.mu.Lock()
	f.frames = nil
	f.marked = false
	f.mu.Unlock()
}

func (f *panicFilter) taken() []frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]frame(nil), f.frames...)
}

// panicInfo is the error output of a panic: the value in Go's words, then
// the cells' frames, innermost first, each with its source line.
func (e *Engine) panicInfo(p interp.Panic) kernel.ErrorInfo {
	val := goPanicText(fmt.Sprint(p.Value))
	if strings.HasPrefix(val, "os.Exit(") {
		// yaegi turns os.Exit into a panic: the engine lives on.
		return kernel.ErrorInfo{EName: "os.Exit", EValue: "the cell called " + val,
			Traceback: []string{red("os.Exit") + ": the cell called " + val + ".",
				"In a notebook the program does not end: the session and its variables are kept."}}
	}
	tb := []string{red("panic") + ": " + val}
	compiled := map[string]bool{}
	for _, fr := range compiledFrames(string(p.Stack)) {
		compiled[fmt.Sprint(fr.cell, fr.fn)] = true
		tb = append(tb, e.frameLines(fr)...)
	}
	for _, fr := range e.stderr.taken() {
		if compiled[fmt.Sprint(fr.cell, fr.fn)] {
			continue // the trampoline that called the compiled func
		}
		tb = append(tb, e.frameLines(fr)...)
	}
	return kernel.ErrorInfo{EName: "panic", EValue: val, Traceback: tb}
}

// stackFile matches a frame's file and line in a Go stack trace; the
// compiled tier's code has //line directives naming cells.
var stackFile = regexp.MustCompile(`^\t(cell\[\d+\]):(\d+)`)

// compiledFrames are the frames of compiled cell code in a Go stack trace
// (innermost first), up to the interpreter's.
func compiledFrames(stack string) []frame {
	var out []frame
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		m := stackFile.FindStringSubmatch(l)
		if m == nil || i == 0 {
			continue
		}
		fn := lines[i-1]
		if j := strings.LastIndexByte(fn, '('); j > 0 {
			fn = fn[:j]
		}
		if j := strings.LastIndexByte(fn, '.'); j >= 0 {
			fn = fn[j+1:]
		}
		line, _ := strconv.Atoi(m[2])
		out = append(out, frame{cell: cellOf(token.Position{Filename: m[1]}), line: line, fn: fn, compiled: true})
	}
	return out
}

// frameLines describe a frame. yaegi v0.16.1 reports the position of the
// first statement of each interpreted func a panic goes through, not of
// the statement that was running: the cell's own statements record their
// line as they run (__ln, statementLines), and a func whose body is one
// line is exact; for other funcs the traceback gives the body's lines.
func (e *Engine) frameLines(fr frame) []string {
	if fr.fn == "" && fr.cell == e.cell {
		if l := e.lastLine(); l > 0 {
			fr.line, fr.col = l, 0
		}
	}
	if fr.fn != "" && fr.fn != "main" && !strings.HasPrefix(fr.fn, "a func literal") {
		e.mu.Lock()
		d := e.sess.funcs[fr.fn]
		if d == nil {
			for name, m := range e.sess.methods {
				if strings.HasSuffix(name, "."+fr.fn) && m.cell == fr.cell {
					d = m
				}
			}
		}
		e.mu.Unlock()
		if d != nil && d.cell == fr.cell && !d.exact && !fr.compiled {
			if d.from == d.to {
				return []string{fmt.Sprintf("cell [%d] line %d in %s", fr.cell, d.from, fr.fn)}
			}
			return []string{fmt.Sprintf("cell [%d] lines %d-%d in %s", fr.cell, d.from, d.to, fr.fn)}
		}
	}
	at := fmt.Sprintf("cell [%d] line %d", fr.cell, fr.line)
	if fr.fn != "" {
		at += " in " + fr.fn
	}
	if strings.HasPrefix(fr.fn, "a func literal") {
		return []string{fmt.Sprintf("cell [%d] in %s", fr.cell, fr.fn)}
	}
	return append([]string{at}, e.cellLine(fr.cell, fr.line, fr.col)...)
}

// lastLine is the line of the cell's statement that ran last (__ln).
func (e *Engine) lastLine() int {
	if v, ok := e.in.Globals()[lineVar]; ok && v.IsValid() {
		if v.Kind() == reflect.Ptr {
			v = v.Elem()
		}
		if v.CanInt() {
			return int(v.Int())
		}
	}
	return 0
}

// cellLine returns a line of a cell run in this engine, with a caret.
func (e *Engine) cellLine(cell, line, col int) []string {
	if cell == e.cell {
		return e.sourceLine(line, col)
	}
	e.mu.Lock()
	code, ok := e.sources[cell]
	e.mu.Unlock()
	if !ok {
		return nil
	}
	saved := e.code
	e.code = code
	defer func() { e.code = saved }()
	return e.sourceLine(line, col)
}

// missingSymbol matches yaegi's two ways of saying pkg.Name is unknown.
var missingSymbol = regexp.MustCompile(`undefined selector:? (\w+)\.(\w+)|package (\w+) "[^"]*" has no symbol (\w+)`)

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
	// "cell[3]:2:23: interface conversion: ..." carries a position of its own.
	if _, _, _, rest, ok := splitPos(v); ok {
		return rest
	}
	return v
}
