package engine

import (
	"fmt"
	"go/token"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/rewrite"
	"github.com/aulago/gokernel/kernel/process"
	"github.com/traefik/yaegi/interp"
)

// frame is one interpreted call a panic went through.
type frame struct {
	cell, line, col int
	fn              string // "boom", "" for the cell's own statements
	compiled        bool   // a frame of the compiled tier: its line is exact
	yaegiName       string // "main.boom(...)"
	gid             int64  // the goroutine it ran in
	pf              *rewrite.PosFunc
	rec             int64 // the position pf's statements recorded last
}

// panicFilter sits between yaegi and stderr. yaegi prints
// "file:line:col: panic: main.f(...)" for each interpreted frame a panic
// unwinds, in the goroutine that panicked; the filter keeps the frames in
// cells, by goroutine, with the position the frame's func recorded last
// (rewrite/panicpos.go), writes a mark for the kernel (a crash can then name the
// cell line), and keeps the interpreter's lines out of the student's
// output.
type panicFilter struct {
	mu     sync.Mutex
	w      io.Writer
	frames map[int64][]frame
	pos    rewrite.PosTable
	in     *interp.Interpreter
	vals   map[string]reflect.Value
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
	if !ok {
		return len(b), nil
	}
	fr := frame{cell: c, line: l, col: col, fn: frameFunc(string(m[4])), yaegiName: string(m[4]), gid: goroutineID()}
	if fr.fn == "init" {
		return len(b), nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, pf := range f.pos.Find(c, l, col) {
		if v, ok := f.value(pf.V); ok {
			fr.pf, fr.rec = pf, v
			break
		}
	}
	if f.frames == nil {
		f.frames = map[int64][]frame{}
	}
	f.frames[fr.gid] = append(f.frames[fr.gid], fr)
	if len(f.frames[fr.gid]) == 1 && !crashed.Load() {
		// The goroutine's first frame: the statement its func recorded,
		// the best known before the panic's value is.
		ml, mc := l, col
		if fr.rec != 0 {
			ml, mc = rewrite.DecodePos(fr.rec)
		}
		_, _ = f.w.Write(process.PanicMark(ml, mc))
	}
	return len(b), nil
}

// bind gives the filter the interpreter whose variables it reads.
func (f *panicFilter) bind(in *interp.Interpreter) {
	f.mu.Lock()
	f.in = in
	f.mu.Unlock()
}

// value reads the int variable name of the session.
func (f *panicFilter) value(name string) (int64, bool) {
	v, ok := f.vals[name]
	if !ok && f.in != nil {
		f.vals = f.in.Globals()
		v, ok = f.vals[name]
	}
	if !ok || !v.IsValid() {
		return 0, false
	}
	if v.Kind() == reflect.Ptr {
		v = v.Elem()
	}
	if !v.CanInt() {
		return 0, false
	}
	return v.Int(), true
}

// goroutineID is the id of the running goroutine, from its stack's header
// ("goroutine 7 [running]:"); only panics ask.
func goroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	return stackGoroutine(string(b))
}

func stackGoroutine(stack string) int64 {
	s := strings.TrimPrefix(stack, "goroutine ")
	if i := strings.IndexByte(s, ' '); i > 0 {
		n, _ := strconv.ParseInt(s[:i], 10, 64)
		return n
	}
	return 0
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
	case s == rewrite.MainName:
		return "main"
	case strings.Contains(s, ".func"):
		name, _, _ := strings.Cut(s, ".func")
		return "a func literal in " + cell.InternalName.ReplaceAllString(name, "$1")
	}
	return cell.InternalName.ReplaceAllString(s, "$1")
}

func (f *panicFilter) reset() {
	f.mu.Lock()
	f.frames = nil
	f.mu.Unlock()
}

// taken returns the frames of goroutine gid, innermost first.
func (f *panicFilter) taken(gid int64) []frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]frame(nil), f.frames[gid]...)
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
	tb = append(tb, e.traceLines(string(p.Stack), e.stderr.taken(stackGoroutine(string(p.Stack))), val)...)
	return kernel.ErrorInfo{EName: "panic", EValue: val, Traceback: tb}
}

// traceLines are the frames of a panic with value val: those of compiled
// code in the Go stack, then the interpreter's, innermost first.
func (e *Engine) traceLines(stack string, frames []frame, val string) []string {
	var tb []string
	can, inner := rewrite.PanicCan(val), ""
	compiled := map[string]bool{}
	for _, fr := range compiledFrames(stack) {
		compiled[fmt.Sprint(fr.cell, fr.fn)] = true
		fr.col = e.compiledCol(fr.cell, fr.line, can)
		tb = append(tb, e.frameLines(fr)...)
		can, inner = rewrite.CallsFunc, fr.fn
	}
	for _, fr := range frames {
		if compiled[fmt.Sprint(fr.cell, fr.fn)] {
			continue // the trampoline that called the compiled func
		}
		if pf := fr.pf; pf != nil {
			if !pf.Own(fr.line, fr.col, fr.yaegiName) {
				continue // a closure the engine wrapped around pf's statements
			}
			fr.fn = pf.Name
			if st, ok := pf.Statement(can, inner, fr.rec); ok {
				fr.line, fr.col = st.Line, st.Col
			} else {
				fr.line, fr.col = 0, 0 // not known: the body's lines
			}
			inner = pf.Name[strings.LastIndexByte(pf.Name, '.')+1:]
			if pf.Lit {
				inner = ""
			}
		}
		can = rewrite.CallsFunc
		tb = append(tb, e.frameLines(fr)...)
	}
	return tb
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
		out = append(out, frame{cell: cell.CellOf(token.Position{Filename: m[1]}), line: line, fn: fn, compiled: true})
	}
	return out
}

// frameLines describe a frame: its cell, line and column, with the
// source line; a frame whose statement is not known (line 0) gives its
// func's body lines.
func (e *Engine) frameLines(fr frame) []string {
	fr = e.lifted.frame(fr)
	in := ""
	if fr.fn != "" {
		in = " in " + fr.fn
	}
	if fr.line == 0 && fr.pf != nil {
		cell, from, _ := e.lifted.at(fr.cell, fr.pf.From[0], fr.pf.From[1])
		_, to, _ := e.lifted.at(fr.cell, fr.pf.To[0], fr.pf.To[1])
		return []string{fmt.Sprintf("cell [%d] lines %d-%d%s", cell, from, to, in)}
	}
	at := fmt.Sprintf("cell [%d] line %d col %d%s", fr.cell, fr.line, fr.col, in)
	return append([]string{at}, e.cellLine(fr.cell, fr.line, fr.col)...)
}

// compiledCol is the column of a line a compiled frame names (Go's stack
// traces have lines only): that of the one statement starting on it that
// can panic with can, else of the first, else of its first character.
func (e *Engine) compiledCol(cell, line int, can uint8) int {
	if col := e.stderr.pos.StmtCol(cell, line, can); col > 0 {
		return col
	}
	e.mu.Lock()
	code := e.sources[cell]
	e.mu.Unlock()
	if cell == e.cell {
		code = e.code
	}
	lines := strings.Split(code, "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	return len(lines[line-1]) - len(strings.TrimLeft(lines[line-1], " \t")) + 1
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
