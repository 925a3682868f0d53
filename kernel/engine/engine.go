package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"log"
	"os"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/aulago/gokernel/kernel/engine/prompt"
	"github.com/aulago/gokernel/kernel/engine/rewrite"
	"github.com/aulago/gokernel/kernel/engine/tier"
	"github.com/aulago/gokernel/kernel/textpages"
	"github.com/aulago/gokernel/poolkit"
	"github.com/traefik/yaegi/interp"
)

// Engine is a session: the Go package the cells have declared so far,
// type-checked by go/types and run by yaegi.
//
// Execute calls must not overlap (the kernel runs one cell at a time);
// Complete and Inspect may run beside Execute: they read the session
// under mu.
type Engine struct {
	in     *interp.Interpreter
	types  *importer.Importer
	stderr *panicFilter
	stdin  *inputReader
	prompt *prompt.Writer // the cells' stdout, which holds a prompt back (package prompt)
	syms   interp.Exports
	// goroutines counts the goroutines cells started (goroutines.go).
	goroutines goTracker
	// stopped says what the interrupt of the running cell stopped besides
	// the cell ("1 goroutine started by cell [3]"); guarded by mu.
	stopped string
	// interruptAt is when the running cell was interrupted; unstopped is
	// what had not stopped StopWait after (unstopped.go). Guarded by mu.
	interruptAt time.Time
	unstopped   string
	// cellDone is closed when the running cell's Execute returns, or once
	// its interrupted run has stopped the interpreter: a read of stdin the
	// interrupt ended waits for it (stdin.go). Guarded by mu.
	cellDone chan struct{}
	// cellRuns records when the cell's statements end (cellend.go);
	// sleeps are the cells' time.Sleep, which an interrupt ends (sleep.go).
	cellRuns cellRuns
	sleeps   sleeps

	// running is held while a cell runs: the tier binds a plugin that
	// landed meanwhile only when it is free (tierbind.go: bindIdle).
	running sync.Mutex
	idle    *time.Timer // frees memory when no cell has run for idleFree
	mu      sync.Mutex  // guards sess and pub
	sess    *cell.Session
	pub     kernel.Publisher  // the running cell's publisher
	code    string            // the running cell, for error lines
	cell    int               // the running cell's number
	seq     int               // numbers for cells run without an execution count
	sources map[int]string    // the code of the cells run, for tracebacks
	files   int               // files given to the interpreter
	descs   rewrite.TypeDescs // the cells' types, as fmt's verbs print them
	// fset is the file set of the pipeline's parses.
	fset    *token.FileSet
	tier    *tier.Tier // the compiled tier (package tier)
	stdout  io.Writer  // the cells' stdout
	tramps  int        // trampolines written (their variables' numbers)
	noRerun bool       // compile: do not run earlier funcs again
	noLift  bool       // compile: do not lift func literals (lift.go)
	lifted  liftTable  // where the lifted literals are, for panics
	keep    keeper     // the copies of the variables the kernel keeps (keep.go)
}

// Options configure a new Engine.
type Options struct {
	Stdout, Stderr io.Writer
	// NoCompile turns the compiled tier off (as GOKERNEL_COMPILE=off).
	NoCompile bool
}

// idleFree is how long the engine waits, idle after a cell, before it
// returns the memory it no longer uses to the system.
const idleFree = time.Second

// freeIdle gives back, once the engine is idle, the heap no cell uses and
// the pages of the binary the last cell mapped (package textpages).
func freeIdle() {
	debug.FreeOSMemory()
	textpages.Drop()
}

// preloaded are imported before the first cell, so that
// poolkit.CPUCount() and display.HTML work without an import line.
var preloaded = []string{"poolkit", "display"}

// warmPackages are type-checked in the background when the engine starts,
// after the preloaded ones (which every cell's check imports, and which
// import most of these): the packages of the course and of most tutorials.
var warmPackages = []string{"fmt", "time", "strings", "sync", "math", "errors", "sort", "strconv",
	"os", "math/rand", "sync/atomic", "context", "runtime", "bufio", "io", "unicode"}

// New starts a session with the standard library, poolkit and display.
func New(opt Options) (*Engine, error) {
	if opt.Stdout == nil {
		opt.Stdout = os.Stdout
	}
	if opt.Stderr == nil {
		opt.Stderr = os.Stderr
	}
	// Cells' funcs are interpreted: Map calls them once per chunk, in a
	// loop inside the interpreter, not once per task from compiled code.
	poolkit.SetChunkCalls(true)
	e := &Engine{sess: cell.NewSession(), sources: map[int]string{}, fset: token.NewFileSet()}
	e.prompt = prompt.New(opt.Stdout)
	e.stderr = &panicFilter{w: prompt.Stderr(opt.Stderr, e.prompt)}
	e.stdin = &inputReader{e: e}
	// Unrestricted: cells see the process's environment (HOME,
	// NBGRADER_EXECUTION), as compiled funcs do, and os.Setenv is seen by
	// both tiers; restricted, yaegi would give them an empty copy. It
	// changes nothing else (os.Exit still panics: stdlib's own table).
	e.in = interp.New(interp.Options{Stdout: e.prompt, Stderr: e.stderr, Stdin: e.stdin,
		GoPath: goPath, SourcecodeFilesystem: sourceFS(), Unrestricted: true})
	if err := e.in.Use(symbols(e)); err != nil {
		return nil, fmt.Errorf("engine: loading symbols: %w", err)
	}
	if err := loadStdsrc(e.in); err != nil {
		return nil, err
	}
	if _, err := e.runFile(context.Background(), cell.BuiltinsSource); err != nil {
		return nil, fmt.Errorf("engine: defining builtins: %w", err)
	}
	for _, p := range preloaded {
		e.sess.Imports[p] = p
	}
	e.types = sharedTypes()
	e.stdout = e.prompt
	e.tier = tier.New(tierHost{e}, opt.NoCompile)
	return e, nil
}

func (e *Engine) setPublisher(p kernel.Publisher) {
	e.mu.Lock()
	e.pub = p
	e.mu.Unlock()
}

func (e *Engine) publisher() kernel.Publisher {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pub
}

var (
	typesOnce sync.Once
	typesImp  *importer.Importer
)

// sharedTypes is the process's type importer: packages do not change, so
// engines share their types (an engine process has one engine; tests have
// many). Its first use starts warming it in the background.
func sharedTypes() *importer.Importer {
	typesOnce.Do(func() {
		typesImp = importer.New(token.NewFileSet(), StdPackages())
		go typesImp.Warm(append(append([]string{}, preloaded...), warmPackages...)...)
	})
	return typesImp
}

// replayMark starts a cell the kernel replays after a crash: it carries
// the number of the cell it comes from.
var replayMark = regexp.MustCompile(`^//gokernel:cell (\d+)\n`)

// Execute type-checks a cell with the session, runs it, and adds what it
// declared to the session. A cell that does not compile runs nothing and
// changes nothing.
func (e *Engine) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) (res kernel.ExecuteResult) {
	e.running.Lock()
	defer e.running.Unlock()
	if e.idle != nil {
		e.idle.Stop()
	}
	// Once the kernel has been idle for a while, the heap the cell no
	// longer uses goes back to the system: a classroom server holds many
	// idle kernels (a forced GC after every cell would slow quick ones).
	defer func() { e.idle = time.AfterFunc(idleFree, freeIdle) }()
	// What the cell printed without a newline is written before its
	// outputs and before it ends.
	orig := out
	out = prompt.Publisher(out, e.prompt)
	defer e.prompt.Flush()
	e.setPublisher(out)
	code := req.Code
	n := req.ExecutionCount
	m := replayMark.FindStringSubmatch(code)
	replayed := m != nil // declarations replayed after a crash: no copies of variables
	if m != nil {
		n, _ = strconv.Atoi(m[1])
		code = code[len(m[0]):]
	}
	if n <= 0 {
		e.seq++
		n = 1_000_000 + e.seq
	}
	e.code, e.cell = code, n
	e.goroutines.cell.Store(int64(n))
	e.mu.Lock()
	e.stopped, e.unstopped = "", ""
	cellDone := make(chan struct{})
	e.cellDone = cellDone
	e.mu.Unlock()
	e.cellRuns.reset()
	runEnded := sync.OnceFunc(func() { close(cellDone) })
	defer runEnded()
	fail := func(err error) kernel.ExecuteResult {
		info := e.errorInfo(ctx, err)
		if e.reportUnstopped() {
			// The kernel restarts the engine and shows the error.
			return kernel.ExecuteResult{Status: "error", Error: &info}
		}
		out.Error(info)
		return kernel.ExecuteResult{Status: "error", Error: &info}
	}
	// A func the cell calls that is being compiled is waited for; what
	// compiled is swapped in before the cell runs.
	e.tier.Stop.Store(false)
	e.sleeps.reset()
	e.tier.WaitFor(code)
	e.mu.Lock()
	pl, err := e.compile(n, code, req.Silent)
	var lost *kernel.ErrorInfo
	if err == nil && !replayed {
		lost = e.lostUse(pl)
	}
	e.mu.Unlock()
	if err != nil {
		return fail(err)
	}
	if lost != nil {
		out.Error(*lost)
		return kernel.ExecuteResult{Status: "error", Error: lost}
	}
	// The funcs the cell's literals were lifted into (lift.go) are not
	// in its text: the wait for their compile comes once they are known.
	if len(pl.lifts) > 0 {
		e.tier.WaitNames(pl.liftedNames(), tier.CompileWait())
	}
	// Interrupting the cell stops poolkit's work too, before the
	// interpreter (whose funcs then return zero values at once to the
	// workers): no task starts after it, and results of tasks cut short
	// are never passed off as real.
	runCtx, cancelRun := context.WithCancel(context.Background())
	defer cancelRun()
	stop := context.AfterFunc(ctx, func() {
		e.mu.Lock()
		e.stopped = e.goroutines.describe()
		e.interruptAt = time.Now()
		e.mu.Unlock()
		e.tier.Stop.Store(true) // compiled loops and sleeps check it
		poolkit.StopAll(ErrInterrupted)
		cancelRun()
	})
	defer stop()
	// A cell that calls funcs it declares itself, which the tier compiles,
	// runs in two steps: its declarations, then, once their compile has
	// landed (or ownWait has passed), its statements. The trampolines are
	// set after the declarations ran: running them sets them to nil.
	twoStep := e.tier.On && len(pl.trampolines) > 0 && callsOwn(pl, statementNames(code))
	runSrc := func() string {
		if twoStep {
			return pl.run
		}
		return pl.run + trackedInit(pl)
	}
	prog, err := e.compileRun(runSrc())
	for err != nil {
		var ye *yaegiError
		if !errors.As(err, &ye) {
			return fail(err)
		}
		if !e.methodFallback(pl, ye.msg) {
			if len(pl.lifts) == 0 {
				return fail(err)
			}
			// The interpreter refused the lifted file: the cell as written.
			e.mu.Lock()
			pl, err = e.compileNoLift(n, code, req.Silent)
			e.mu.Unlock()
			if err != nil {
				return fail(err)
			}
		}
		prog, err = e.compileRun(runSrc())
	}
	e.mu.Lock()
	e.commit(pl)
	e.sources[n] = code
	compiled := tier.Funcs(pl.checked, pl.info, pl.trampolines)
	e.mu.Unlock()
	e.tier.Declared(compiled)
	res = kernel.ExecuteResult{Status: "ok", Declared: replayItems(pl, code)}
	if !replayed {
		// Before the statements run: the kernel keeps the declarations
		// if the engine dies in them; at the end, the copies.
		e.mu.Lock()
		e.startCell(pl, orig, res.Declared)
		e.mu.Unlock()
		defer func() { res.Kept = e.keepSnapshot(n) }()
	}
	e.stderr.reset()
	failed := func(err error) kernel.ExecuteResult {
		r := fail(err)
		r.Declared = res.Declared
		return r
	}
	// run runs prog; when the cell is interrupted, the interpreter has
	// stopped once it returns: the sleeps and the read of stdin the
	// interrupt ended return then, so that what follows them never runs.
	run := func(prog *interp.Program) error {
		_, err := e.in.ExecuteWithContext(runCtx, prog)
		if err != nil && ctx.Err() != nil {
			e.sleeps.stop()
			runEnded()
		}
		return err
	}
	if twoStep {
		if err := run(prog); err != nil {
			return failed(err)
		}
		e.tier.WaitNames(statementNames(code), tier.OwnWait)
		if prog, err = e.compileRun("package main\n" + trackedInit(pl)); err != nil {
			return failed(err)
		}
	}
	if err := run(prog); err != nil {
		if ctx.Err() != nil && e.awaitCellEnd(n) {
			err = errRunsOn
		}
		return failed(err)
	}
	if ctx.Err() != nil {
		return failed(ctx.Err())
	}
	return res
}

// callsOwn reports whether names (a cell's statements' identifiers) hold
// one of the funcs the cell declares with a trampoline.
func callsOwn(pl *plan, names map[string]bool) bool {
	for _, t := range pl.trampolines {
		if t.V != "" && names[t.Name] {
			return true
		}
	}
	return false
}

// Notice says, for the kernel's log, whether the compiled tier runs
// (kernel.Noticer).
func (e *Engine) Notice() string { return e.tier.Notice() }

var _ kernel.Noticer = (*Engine)(nil)

// Close removes what the compiled tier wrote. The engine must not be used
// after it.
func (e *Engine) Close() {
	e.tier.Close()
}

// compileRun compiles the interpreter's file of a cell. yaegi's compiler
// panics on some constructs and logs before it does: both become an error.
func (e *Engine) compileRun(src string) (prog *interp.Program, err error) {
	// yaegi keys a file's imports by the base name of the file ("fmt/_7.go"),
	// and looks them up by the base name of each node's position, which
	// //line directives set: every directive of the file gets the file's
	// base name, and each file a name of its own.
	e.files++
	name := fmt.Sprintf("_%d.go", e.files)
	src = lineFile.ReplaceAllString(src, "//line $1/"+name+":")
	f, err := parser.ParseFile(e.in.FileSet(), name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("engine: the interpreter's file does not parse (a bug of the engine): %w", cell.ParseError(err))
	}
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer func() {
		log.SetOutput(os.Stderr)
		if r := recover(); r != nil {
			if os.Getenv("GOKERNEL_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n%s\n", src, debug.Stack())
			}
			err = &yaegiError{msg: strings.TrimSpace(fmt.Sprint(r))}
		}
	}()
	prog, err = e.in.CompileAST(f)
	if err != nil {
		return nil, &yaegiError{msg: err.Error()}
	}
	return prog, nil
}

// lineFile matches the file name of a //line directive.
var lineFile = regexp.MustCompile(`(?m)^//line ([^:/\n]+):`)

// runFile compiles and runs a file of the engine's own.
func (e *Engine) runFile(ctx context.Context, src string) (reflect.Value, error) {
	prog, err := e.compileRun(src)
	if err != nil {
		return reflect.Value{}, err
	}
	return e.in.ExecuteWithContext(ctx, prog)
}

// yaegiError is a cell that go/types accepted and the interpreter did not.
type yaegiError struct{ msg string }

func (y *yaegiError) Error() string { return y.msg }

// statementNames are the identifiers of a cell's top-level statements.
func statementNames(code string) map[string]bool {
	names := map[string]bool{}
	src, err := cell.NewCellSource(0, code)
	if err != nil {
		return names
	}
	for _, c := range src.Chunks {
		if c.Kind == cell.StmtChunk {
			for n := range cell.Identifiers(c.Src) {
				names[n] = true
			}
		}
	}
	return names
}

// replayItems is what the kernel declares again in a new engine after a
// crash: the cell with its statements blanked out (so that its lines stay
// where they were), and its session variables declared with their types.
func replayItems(pl *plan, code string) []string {
	src, err := cell.NewCellSource(pl.n, code)
	if err != nil {
		return nil
	}
	if src.Program {
		// The declarations only: main is not run again.
		code = cell.PackageClause.ReplaceAllStringFunc(code, cell.BlankText)
	}
	out := []byte(code)
	some := false
	for _, c := range src.Chunks {
		if c.Kind == cell.StmtChunk && !src.Program {
			copy(out[c.Off:c.End], cell.BlankText(code[c.Off:c.End]))
		} else {
			some = true
		}
	}
	for _, v := range pl.vars {
		out = fmt.Appendf(out, "\nvar %s %s", v.Name, pl.varType[v.Name])
		some = true
	}
	if !some {
		return nil
	}
	return []string{fmt.Sprintf("//gokernel:cell %d\n", pl.n) + string(out)}
}

// ErrInterrupted is what poolkit calls waiting in an interrupted cell end with.
var ErrInterrupted = errors.New("interrupted")
