package engine

import (
	"context"
	"errors"
	"fmt"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The compiled tier: the funcs cells declare are also compiled by the Go
// toolchain, in the background, as a Go plugin, and swapped in through
// their trampolines (trampoline.go): yaegi keeps running the session, and
// the next call of a compiled func runs compiled. A func is compiled when
// everything it uses is: the standard library and poolkit, the session's
// variables (reached through pointers into the interpreter's storage), its
// consts, and other funcs that are compiled too; a func that uses a type a
// cell declared stays interpreted. Plugins cannot be unloaded: an engine
// builds at most maxBuilds of them, then keeps running interpreted.
//
// GOKERNEL_COMPILE=off turns the tier off; it is off too where plugins do
// not work (no cgo, no go command), and in a race-enabled engine unless
// GOKERNEL_COMPILE=on.

// pluginSeq numbers the plugins of the process: a plugin is known by its
// package path, which must be new for each.
var pluginSeq atomic.Int64

// maxBuilds bounds the plugins an engine loads (each stays mapped).
const maxBuilds = 40

// waitCompile is how long, by default, a cell that calls a func being
// compiled waits for it before running it interpreted
// (GOKERNEL_COMPILE_WAIT sets it): a build takes about a second, and a
// cell that starts late is worse than one call interpreted. A func that
// sleeps is not waited for: compiling it saves nothing.
const waitCompile = 300 * time.Millisecond

// compileWait is waitCompile or GOKERNEL_COMPILE_WAIT.
func compileWait() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("GOKERNEL_COMPILE_WAIT")); err == nil && d >= 0 {
		return d
	}
	return waitCompile
}

// tier is an engine's compiled tier.
type tier struct {
	e   *Engine
	on  bool
	why string // why it is off
	dir string // work folder: one module per build
	src string // the gokernel module's source (for poolkit), or ""

	mu       sync.Mutex
	funcs    map[string]*tierFunc // by func name: the newest declaration
	builds   int
	max      int           // builds allowed (maxBuilds)
	building chan struct{} // closed when the build under way ends
	dirty    bool          // a func changed during the build
	ready    *builtPlugin  // a build waiting to be bound
	log      func(string)

	stop atomic.Bool // the running cell was interrupted
}

// tierFunc is the newest declaration of a func, as the tier sees it.
type tierFunc struct {
	name string
	cell int
	text string // its declaration, as checked, with its //line directive
	v    string // its trampoline variable
	typ  string // its type
	// mapV is the variable of poolkit.Map over it, compiled, mapOut its
	// result type as the cells write it, mapInT and mapOutT its argument's
	// and result's types (trampoline.go).
	mapV, mapOut    string
	mapInT, mapOutT types.Type
	calls           []string // the session funcs it calls
	vars            map[string]string
	imps            map[string]string // import name → path
	status          string            // "compiled", or why it is interpreted
	edits           []tierEdit
	bound           bool
	// sleeps says it calls time.Sleep: its time is the sleep's, so a cell
	// does not wait for its compile.
	sleeps bool
	// varTypes and constObjs are the session's vars and consts it uses.
	varTypes  map[string]types.Type
	constObjs map[string]*types.Const
}

// tierEdit is a change of a func's text for the plugin: a session
// variable read through its pointer, a check for interrupts in a loop.
type tierEdit struct {
	off, end int
	text     string
}

func newTier(e *Engine, off bool) *tier {
	t := &tier{e: e, funcs: map[string]*tierFunc{}, max: maxBuilds, log: func(string) {}}
	if os.Getenv("GOKERNEL_DEBUG") != "" {
		// The engine's stderr is the cell's: the tier says nothing there
		// unless asked (inspect says how a func runs, and why).
		t.log = func(s string) { fmt.Fprintln(os.Stderr, "gokernel: "+s) }
	}
	switch {
	case off:
		t.why = "the compiled tier is off"
	case os.Getenv("GOKERNEL_COMPILE") == "off":
		t.why = "the compiled tier is off (GOKERNEL_COMPILE=off)"
	case !cgoEnabled:
		t.why = "the engine was built without cgo: Go plugins need it"
	case raceEnabled && os.Getenv("GOKERNEL_COMPILE") != "on":
		// Its plugins would need a race-enabled standard library built
		// for plugins: minutes of the first cells.
		t.why = "the engine was built with the race detector (GOKERNEL_COMPILE=on compiles anyway)"
	default:
		if _, err := exec.LookPath(goTool()); err != nil {
			t.why = "no go command: Go plugins need the toolchain"
			break
		}
		removeStaleDirs()
		dir, err := os.MkdirTemp("", fmt.Sprintf("gokernel-tier-%d-", os.Getpid()))
		if err != nil {
			t.why = "no work folder: " + err.Error()
			break
		}
		t.dir, t.src, t.on = dir, moduleSource(), true
	}
	return t
}

// close waits for a build under way and removes the work folder.
func (t *tier) close() {
	if !t.on {
		return
	}
	t.mu.Lock()
	t.builds = t.max // no more builds
	done := t.building
	t.mu.Unlock()
	if done != nil {
		<-done
	}
	_ = os.RemoveAll(t.dir)
}

// removeStaleDirs removes the work folders of engines that have ended
// (an engine killed by its supervisor cannot remove its own).
func removeStaleDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "gokernel-tier-*-*"))
	for _, d := range dirs {
		var pid int
		if _, err := fmt.Sscanf(filepath.Base(d), "gokernel-tier-%d-", &pid); err != nil || pid == os.Getpid() {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Signal(syscall.Signal(0)) == nil {
			continue // still running
		}
		_ = os.RemoveAll(d)
	}
}

// moduleSource finds the source of the gokernel module, for plugins that
// import poolkit: $GOKERNEL_SOURCE (go run ./install sets it), else a
// parent of the working folder.
func moduleSource() string {
	if s := os.Getenv("GOKERNEL_SOURCE"); s != "" {
		return s
	}
	dir, _ := os.Getwd()
	for dir != "" && dir != "/" {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module "+modulePath+"\n") {
			return dir
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

const modulePath = "github.com/aulago/gokernel"

// declared records the funcs of a cell that ran, and starts a build.
func (t *tier) declared(fs []*tierFunc) {
	if !t.on || len(fs) == 0 {
		return
	}
	t.mu.Lock()
	for _, f := range fs {
		t.funcs[f.name] = f
	}
	t.mu.Unlock()
	t.start()
}

// start builds the current funcs unless a build is under way (it builds
// again when that one ends).
func (t *tier) start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.building != nil {
		t.dirty = true
		return
	}
	if t.builds >= t.max {
		for _, f := range t.funcs {
			if f.status != "compiled" {
				f.status = fmt.Sprintf("interpreted: this engine has loaded %d plugins already (they cannot be unloaded); restart the kernel to compile again", t.max)
			}
		}
		return
	}
	funcs := t.eligible()
	if len(funcs) == 0 {
		return
	}
	t.builds++
	n := int(pluginSeq.Add(1))
	done := make(chan struct{})
	t.building = done
	go func() {
		bp, err := t.build(n, funcs)
		t.mu.Lock()
		if err != nil {
			t.log(fmt.Sprintf("compiled tier: build %d failed: %v", n, err))
			for _, f := range funcs {
				if t.funcs[f.name] == f {
					f.status = "interpreted: its compile failed: " + compileError(err.Error())
				}
			}
		} else {
			t.ready = bp
		}
		t.building = nil
		again := t.dirty
		t.dirty = false
		close(done)
		t.mu.Unlock()
		if again {
			t.start()
		}
	}()
}

// eligible returns the funcs that can be compiled, marking the others with
// the reason; t.mu is held.
func (t *tier) eligible() []*tierFunc {
	ok := map[string]bool{}
	for name, f := range t.funcs {
		ok[name] = f.text != "" && !strings.HasPrefix(f.status, "interpreted: its compile failed")
	}
	// A func is compiled only with the session funcs it calls.
	for changed := true; changed; {
		changed = false
		for name, f := range t.funcs {
			if !ok[name] {
				continue
			}
			for _, u := range f.calls {
				if !ok[u] {
					ok[name] = false
					f.status = "interpreted: it calls " + u + ", which is interpreted"
					changed = true
					break
				}
			}
		}
	}
	var out []*tierFunc
	for name, f := range t.funcs {
		if ok[name] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// builtPlugin is a loaded plugin, not bound yet.
type builtPlugin struct {
	funcs   []*tierFunc
	exports map[string]any
	vars    map[string]any
	stop    **atomic.Bool
	intr    *error
	stdout  *io.Writer
}

// build writes, compiles and opens plugin n.
func (t *tier) build(n int, funcs []*tierFunc) (*builtPlugin, error) {
	dir := filepath.Join(t.dir, fmt.Sprintf("g%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	src, usesPoolkit := pluginSource(funcs, t.src != "")
	mod := fmt.Sprintf("module gokernel.session/g%d\n\ngo 1.26\n", n)
	if usesPoolkit {
		if t.src == "" {
			return nil, errors.New("poolkit's source is not known (set GOKERNEL_SOURCE)")
		}
		mod += fmt.Sprintf("\nrequire %s v0.0.0\n\nreplace %s => %s\n", modulePath, modulePath, t.src)
		if sum, err := os.ReadFile(filepath.Join(t.src, "go.sum")); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "session.go"), []byte(src), 0o644); err != nil {
		return nil, err
	}
	so := filepath.Join(dir, "session.so")
	args := []string{"build", "-buildmode=plugin", "-o", so}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(context.Background(), goTool(), append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GO111MODULE=on")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	p, err := plugin.Open(so)
	if err != nil {
		return nil, err
	}
	bp := &builtPlugin{funcs: funcs}
	for name, dst := range map[string]any{"Exports": &bp.exports, "Vars": &bp.vars} {
		sym, err := p.Lookup(name)
		if err != nil {
			return nil, err
		}
		reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(sym).Elem())
	}
	stop, err := p.Lookup("Stop")
	if err != nil {
		return nil, err
	}
	bp.stop = stop.(**atomic.Bool)
	intr, err := p.Lookup("Interrupted")
	if err != nil {
		return nil, err
	}
	bp.intr = intr.(*error)
	out, err := p.Lookup("Stdout")
	if err != nil {
		return nil, err
	}
	bp.stdout = out.(*io.Writer)
	return bp, nil
}

// bind swaps a loaded plugin in: its variables point at the
// interpreter's, and the trampolines of the funcs it compiled (if they are
// still the newest declarations) at the compiled funcs. It runs between
// cells, in the goroutine that runs them.
func (t *tier) bind() {
	t.mu.Lock()
	bp := t.ready
	t.ready = nil
	t.mu.Unlock()
	if bp == nil {
		return
	}
	*bp.stop = &t.stop
	*bp.intr = ErrInterrupted
	*bp.stdout = t.e.stdout
	for name, ptr := range bp.vars {
		v, err := t.e.in.Eval("&" + name)
		dst := reflect.ValueOf(ptr).Elem()
		if err != nil || !v.IsValid() || !v.Type().ConvertibleTo(dst.Type()) {
			t.log(fmt.Sprintf("compiled tier: cannot bind variable %s", name))
			return
		}
		dst.Set(v.Convert(dst.Type()))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range bp.funcs {
		if t.funcs[f.name] != f {
			continue // declared again since: its own build will come
		}
		fn, ok := bp.exports[f.name]
		if !ok {
			continue
		}
		v, err := t.e.in.Eval("&" + f.v)
		if err != nil || !setFunc(v, fn) {
			f.status = "interpreted: its trampoline could not be set"
			continue
		}
		f.status, f.bound = "compiled", true
		if m, ok := bp.exports["Map:"+f.name]; ok && f.mapV != "" {
			if mv, err := t.e.in.Eval("&" + f.mapV); err == nil {
				setFunc(mv, m)
			}
		}
	}
}

// setFunc sets the func variable ptr points to to fn. Their types may be
// two descriptors of one func type (one made by reflect.FuncOf in the
// interpreter before the plugin was loaded): fn is converted.
func setFunc(ptr reflect.Value, fn any) bool {
	if !ptr.IsValid() || ptr.Kind() != reflect.Pointer {
		return false
	}
	v := reflect.ValueOf(fn)
	dst := ptr.Elem()
	if !v.Type().ConvertibleTo(dst.Type()) {
		return false
	}
	dst.Set(v.Convert(dst.Type()))
	return true
}

// waitFor waits, up to a bound, for a build under way if the cell's code
// names one of the funcs it compiles, then binds what is ready.
func (t *tier) waitFor(code string) {
	t.waitNames(identifiers(code), compileWait())
}

// ownWait bounds the wait of a cell for the funcs it declares and calls
// itself (calibrar(espera) in the exercises): their compile has just
// started, and its results should be measured compiled.
const ownWait = 5 * time.Second

// waitNames waits, up to bound, for a build under way that compiles one
// of the funcs names holds, then binds what is ready.
func (t *tier) waitNames(names map[string]bool, bound time.Duration) {
	if !t.on {
		return
	}
	t.mu.Lock()
	done := t.building
	pending := false
	if done != nil || t.dirty {
		for name, f := range t.funcs {
			if names[name] && !f.bound && !f.sleeps && f.status == "interpreted: being compiled" {
				pending = true
			}
		}
	}
	t.mu.Unlock()
	if pending && done != nil {
		timeout := time.After(bound)
		select {
		case <-done:
			// A build that was pending when this one ended has started now.
			t.mu.Lock()
			next := t.building
			t.mu.Unlock()
			if next != nil {
				select {
				case <-next:
				case <-timeout:
				}
			}
		case <-timeout:
		}
	}
	t.bind()
}

// settle waits for the builds under way and binds what they made.
func (t *tier) settle() {
	for {
		t.mu.Lock()
		done := t.building
		t.mu.Unlock()
		if done == nil {
			break
		}
		<-done
	}
	t.bind()
}

// mapVar is the variable of the compiled poolkit.Map over the newest
// declaration of a func, and the func's result type.
func (t *tier) mapVar(name string) (string, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.funcs[name]; ok {
		return f.mapV, f.mapOut
	}
	return "", ""
}

// mapCompiled reports whether poolkit.Map over a func runs compiled.
func (t *tier) mapCompiled(name string) bool {
	t.mu.Lock()
	f, ok := t.funcs[name]
	t.mu.Unlock()
	if !ok || f.mapV == "" {
		return false
	}
	v, err := t.e.in.Eval(f.mapV + " != nil")
	return err == nil && v.IsValid() && v.Kind() == reflect.Bool && v.Bool()
}

// notice is the tier's line for the kernel's log.
func (t *tier) notice() string {
	if !t.on {
		return "compiled tier: off: " + t.why + "; cells run interpreted"
	}
	src := t.src
	if src == "" {
		src = "unknown: funcs that use poolkit stay interpreted"
	}
	return fmt.Sprintf("compiled tier: on (plugins in %s, poolkit's source %s)", t.dir, src)
}

// statusOf says how a func runs, for inspect.
func (t *tier) statusOf(name string) string {
	if !t.on {
		return "interpreted: " + t.why
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.funcs[name]; ok {
		return f.status
	}
	return ""
}

// compileError is the first error the toolchain printed.
func compileError(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "cell[") || strings.Contains(l, ".go:") {
			return strings.TrimSpace(l)
		}
	}
	return strings.SplitN(s, "\n", 2)[0]
}
