package process

import (
	"fmt"
	"strings"

	"github.com/aulago/gokernel/kernel"
)

// red colours text in a traceback, as Jupyter frontends render ANSI codes.
func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }

// crashReport turns the runtime's last words into the cell's error: the
// cause (panic value or fatal error), the cell line it points at, and a
// plain statement that the state was reset. Interpreter frames are left
// out: they name the interpreter's code, not the student's.
func (p *engineProc) crashReport() kernel.ErrorInfo {
	p.mu.Lock()
	text := p.crash.String()
	at := p.panicAt
	exit := p.exit
	over := p.overLimit
	p.mu.Unlock()
	if over > 0 {
		return memoryError(over, p.s.MemoryLimitFrom)
	}

	ename, evalue := "EngineDied", "the Go engine ended ("+exit+")"
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "panic: "):
			ename, evalue = "panic", strings.TrimPrefix(l, "panic: ")
			// Go 1.26 adds " [recovered, repanicked]" after a re-panic.
			if i := strings.Index(evalue, " [recovered"); i >= 0 {
				evalue = evalue[:i]
			}
		case strings.HasPrefix(l, "fatal error: "):
			ename, evalue = "fatal error", strings.TrimPrefix(l, "fatal error: ")
		default:
			continue
		}
		break
	}
	if text == "" && strings.HasPrefix(exit, "exit status") {
		ename, evalue = "os.Exit", "the cell's code ended the Go engine with "+exit
	}
	tb := []string{red(ename) + ": " + evalue}
	if at != "" {
		tb = append(tb, fmt.Sprintf("in a goroutine, at cell line %s", at))
	}
	tb = append(tb, goroutineFrames(lines)...)
	if hint := crashHint(ename, evalue); hint != "" {
		tb = append(tb, hint)
	}
	tb = append(tb, "", resetNotice)
	return kernel.ErrorInfo{EName: ename, EValue: evalue, Traceback: tb}
}

// crashHint explains, for a student, why this error could not be caught.
func crashHint(ename, evalue string) string {
	switch {
	case strings.Contains(evalue, "concurrent map"):
		return "Several goroutines used one map at the same time. Protect it with a sync.Mutex, or give each goroutine its own result slot."
	case strings.Contains(evalue, "stack overflow"):
		return "A function called itself without end (runaway recursion)."
	case ename == "panic":
		return "A goroutine panicked and nothing recovered it, which ends a Go program."
	case ename == "os.Exit":
		return "os.Exit ends the whole program; in a notebook, return from the cell instead."
	}
	return ""
}

// goroutinePanicked begins the engine's account of a goroutine's panic:
// the goroutine's frames at the cells' lines, with their source lines.
const goroutinePanicked = "A goroutine panicked: "

// goroutineFrames returns the frame lines of the engine's account of a
// goroutine's panic among the crash's lines: they belong in the cell's
// error (or the notice of a death between cells), never on stderr, where
// a grader would score a right answer 0.
func goroutineFrames(lines []string) []string {
	var out []string
	in := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, goroutinePanicked):
			in, out = true, []string{""}
		case !in:
		case l == "" || strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "goroutine ") || strings.HasPrefix(l, "fatal error: "):
			return out
		default:
			out = append(out, l)
		}
	}
	return out
}
