package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/process"
	"github.com/aulago/gokernel/poolkit"
)

// Goroutines started by cells are counted by the cell that ran when they
// started, so that an interrupt can say what it stopped. The rewrite
// (goEdits) turns "go f(a, b)" into "__gc1, __ga1, __ga2 := __goCell(), a,
// b; go __go(__gc1, func() { f(__ga1, __ga2) })": the cell and the
// arguments are taken at the go statement, as Go evaluates arguments, and
// __go (gokernel/rt's Go) counts the goroutine while it runs. Goroutines
// started by compiled code are not counted.

// goTracker counts the live goroutines of each cell.
type goTracker struct {
	cell atomic.Int64 // the cell running now, or the last one
	mu   sync.Mutex
	live map[int]int
	// launching counts the go statements whose goroutine has not started
	// yet (launch, then run): their cell's variables are not settled.
	launching map[int]int
}

// current returns the cell running now, for a go statement.
func (g *goTracker) current() int { return int(g.cell.Load()) }

// run runs f as a counted goroutine of cell. An interrupt
// that reaches it as a panic (from a compiled loop's check) ends it
// quietly; any other panic goes on, and ends the engine as in Go.
func (g *goTracker) run(cell int, f func()) {
	g.mu.Lock()
	if g.live == nil {
		g.live = map[int]int{}
	}
	g.live[cell]++
	if g.launching[cell] > 0 {
		if g.launching[cell]--; g.launching[cell] == 0 {
			delete(g.launching, cell)
		}
	}
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		if g.live[cell]--; g.live[cell] <= 0 {
			delete(g.live, cell)
		}
		g.mu.Unlock()
	}()
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && (errors.Is(err, ErrInterrupted) || errors.Is(err, poolkit.ErrStopped)) {
				return
			}
			panic(r)
		}
	}()
	f()
}

// describe says how many goroutines run, by cell: "1 goroutine started by
// cell [3]", "3 goroutines: 2 started by cell [3], 1 by cell [5]", or "".
func (g *goTracker) describe() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	total := 0
	cells := make([]int, 0, len(g.live))
	for c, n := range g.live {
		total += n
		cells = append(cells, c)
	}
	if total == 0 {
		return ""
	}
	sort.Ints(cells)
	plural := func(n int) string {
		if n == 1 {
			return "1 goroutine"
		}
		return fmt.Sprintf("%d goroutines", n)
	}
	if len(cells) == 1 {
		return plural(total) + " started by " + cellLabel(cells[0])
	}
	parts := make([]string, len(cells))
	for i, c := range cells {
		by := "by "
		if i == 0 {
			by = "started by "
		}
		parts[i] = fmt.Sprintf("%d %s%s", g.live[c], by, cellLabel(c))
	}
	return plural(total) + ": " + strings.Join(parts, ", ")
}

// cellLabel is how a cell is named to the user: "cell [3]", as JupyterLab
// shows its execution count.
func cellLabel(n int) string {
	if n >= 1_000_000 {
		return "a cell"
	}
	return fmt.Sprintf("cell [%d]", n)
}

// InterruptIdle stops what earlier cells left running while no cell runs:
// their goroutines (interpreted code stops at its next step, compiled loops
// and sleeps at their next check) and poolkit's work. It says what it
// stopped in a display of the last cell: never on stderr, which would turn
// a cell that ended well into a failed one for a grader. Goroutines that
// have not ended StopWait after are reported to the kernel, which restarts
// the engine (unstopped.go).
func (e *Engine) InterruptIdle() {
	start := time.Now()
	what := e.goroutines.describe()
	e.tier.Stop.Store(true)
	poolkit.StopAll(ErrInterrupted)
	e.mu.Lock()
	prog, err := e.compileRun("package main\n\nfunc init() { <-make(chan struct{}) }\n")
	e.mu.Unlock()
	if err == nil {
		// A run whose context has ended stops the interpreter's every
		// goroutine, as interrupting a cell does. The run itself blocks
		// on a channel read, which the stop ends: a "for {}" here spun
		// on for good when yaegi started it after the stop (it checks
		// the run's id, which the stop had already changed).
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _ = e.in.ExecuteWithContext(ctx, prog)
		e.sleeps.stop()
	}
	text := "Interrupted while idle: stopped nothing: no goroutine of an earlier cell was running."
	if what != "" {
		text = "Interrupted while idle: stopped " + what + "."
		if left := e.goroutines.awaitEnd(start.Add(process.StopWait)); left != "" {
			if process.ReportStuck(left, true) {
				return // the kernel restarts the engine and says so
			}
			text = "Interrupted while idle: " + left + " did not stop within 1 s of the interrupt."
		}
	}
	if pub := e.publisher(); pub != nil {
		pub.Display(kernel.DisplayData{
			Data:     map[string]any{"text/plain": text},
			Metadata: map[string]any{},
		})
	}
}

// crashing is held by the goroutine whose panic ends the engine: another
// goroutine that panics at the same time waits, so that the runtime's
// last words and the traceback the cell shows are of the same goroutine.
var crashing sync.Mutex

// crashed says a goroutine's panic is ending the engine: its mark is the
// last.
var crashed atomic.Bool

// runGoroutine is __go: it runs f as a counted goroutine of cell, and a
// panic nothing recovers in it is described, frame by frame, on stderr
// (the kernel shows it in the cell's output) before it ends the engine,
// with a mark naming the panicking statement's line (the crash's error).
func (e *Engine) runGoroutine(cell int, f func()) {
	e.goroutines.run(cell, func() {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if err, ok := r.(error); !ok || !(errors.Is(err, ErrInterrupted) || errors.Is(err, poolkit.ErrStopped)) {
				e.goroutinePanicked(r)
			}
			panic(r)
		}()
		f()
	})
}

// goroutinePanicked writes the traceback of the running goroutine's panic
// (whose frames the panic filter kept) to stderr, and the mark of its
// innermost frame. It keeps crashing: the engine ends.
func (e *Engine) goroutinePanicked(r any) {
	val := goPanicText(fmt.Sprint(r))
	buf := make([]byte, 64<<10)
	stack := string(buf[:runtime.Stack(buf, false)])
	lines := e.traceLines(stack, e.stderr.taken(goroutineID()), val)
	crashing.Lock()
	crashed.Store(true)
	var b strings.Builder
	b.WriteString("\nA goroutine panicked: " + val + "\n")
	line, col := 0, 0
	for _, l := range lines {
		b.WriteString(l + "\n")
		if line == 0 {
			if m := frameAt.FindStringSubmatch(l); m != nil {
				line, _ = strconv.Atoi(m[1])
				col, _ = strconv.Atoi(m[2])
			}
		}
	}
	w := e.stderr.w
	_, _ = io.WriteString(w, b.String())
	if line > 0 {
		_, _ = w.Write(process.PanicMark(line, col))
	}
}

// frameAt matches the line and column of a traceback's frame line.
var frameAt = regexp.MustCompile(`^cell \[\d+\] line (\d+) col (\d+)`)
