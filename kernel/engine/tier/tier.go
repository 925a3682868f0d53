package tier

import (
	"context"
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aulago/gokernel/kernel/buildcache"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
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

// maxBuilds bounds the plugins an engine loads (each stays mapped).
const maxBuilds = 40

// waitCompile is how long, by default, a cell that calls a func being
// compiled waits for it before running it interpreted
// (GOKERNEL_COMPILE_WAIT sets it): a build takes about a second, and a
// cell that starts late is worse than one call interpreted. A func that
// sleeps is not waited for: compiling it saves nothing.
const waitCompile = 300 * time.Millisecond

// CompileWait is how long a cell waits for a func it calls that is
// being compiled: waitCompile or GOKERNEL_COMPILE_WAIT.
func CompileWait() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("GOKERNEL_COMPILE_WAIT")); err == nil && d >= 0 {
		return d
	}
	return waitCompile
}

// Tier is an engine's compiled Tier.
type Tier struct {
	host Host
	On   bool
	Why  string // why it is off
	dir  string // work folder: one module per build
	// own is the work folder when the engine made it itself (no
	// GOKERNEL_WORKDIR from its kernel).
	own   *buildcache.WorkDir
	slots buildcache.Slots // the machine's build slots
	src   string           // the gokernel module's source (for poolkit), or ""

	mu       sync.Mutex
	funcs    map[string]*tierFunc // by func name: the newest declaration
	builds   int
	max      int           // builds allowed (maxBuilds)
	building chan struct{} // closed when the build under way ends
	// queued: the build under way waits for a build slot (the machine's
	// other kernels hold them all); no cell waits for it.
	queued bool
	dirty  bool         // a func changed during the build
	ready  *builtPlugin // a build waiting to be bound
	log    func(string)

	Stop atomic.Bool // the running cell was interrupted

	ctx    context.Context // cancelled by close: it kills a build under way
	cancel context.CancelFunc
}

// tierFunc is the newest declaration of a func, as the tier sees it.
type tierFunc struct {
	name string
	cell int
	text string // its declaration, as checked, with its //line directive
	v    string // its trampoline variable
	// expr is how the plugin names it: the func, or a method expression
	// ("Par.Sum", "(*Par).Move").
	expr string
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
	// cellTypes are the plain structs of the cells it uses (the plugin
	// declares them too).
	cellTypes map[string]*types.Named
}

// tierEdit is a change of a func's text for the plugin: a session
// variable read through its pointer, a check for interrupts in a loop.
type tierEdit struct {
	off, end int
	text     string
}

func New(host Host, off bool) *Tier {
	t := &Tier{host: host, funcs: map[string]*tierFunc{}, max: maxBuilds, log: func(string) {}}
	if os.Getenv("GOKERNEL_DEBUG") != "" {
		// The engine's stderr is the cell's: the tier says nothing there
		// unless asked (inspect says how a func runs, and why).
		t.log = func(s string) { fmt.Fprintln(os.Stderr, "gokernel: "+s) }
	}
	switch {
	case off:
		t.Why = "the compiled tier is off"
	case os.Getenv("GOKERNEL_COMPILE") == "off":
		t.Why = "the compiled tier is off (GOKERNEL_COMPILE=off)"
	case !cgoEnabled:
		t.Why = "the engine was built without cgo: Go plugins need it"
	case raceEnabled && os.Getenv("GOKERNEL_COMPILE") != "on":
		// Its plugins would need a race-enabled standard library built
		// for plugins: minutes of the first cells.
		t.Why = "the engine was built with the race detector (GOKERNEL_COMPILE=on compiles anyway)"
	default:
		if _, err := exec.LookPath(toolchain.GoTool()); err != nil {
			t.Why = "no go command: Go plugins need the toolchain"
			break
		}
		removeStaleDirs()
		if err := t.workDir(); err != nil {
			t.Why = "no work folder: " + err.Error()
			break
		}
		t.src, t.On = moduleSource(), true
		t.slots = buildcache.DefaultSlots()
		t.ctx, t.cancel = context.WithCancel(context.Background())
	}
	return t
}

// Close waits for a build under way and removes the work folder.
func (t *Tier) Close() {
	if !t.On {
		return
	}
	t.mu.Lock()
	t.builds = t.max // no more builds
	done := t.building
	t.mu.Unlock()
	t.cancel()
	if done != nil {
		<-done
	}
	if t.own != nil {
		_ = t.own.Remove()
	} else {
		_ = os.RemoveAll(t.dir)
	}
}

// workDir sets the tier's work folder: GOKERNEL_WORKDIR, which the kernel
// process made in the user's cache and removes when this engine ends
// (however it ends), else a folder of the engine's own there, which close
// removes (and the next engine, if this one is killed).
func (t *Tier) workDir() error {
	if dir := os.Getenv("GOKERNEL_WORKDIR"); dir != "" && filepath.IsAbs(dir) {
		t.dir = dir
		return os.MkdirAll(dir, 0o700)
	}
	wd, err := buildcache.NewWorkDir("engine-")
	if err != nil {
		return err
	}
	t.dir, t.own = wd.Path, wd
	return nil
}

// removeStaleDirs removes the work folders that engines of earlier
// versions, which built in the shared temporary folder, left there.
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
// import poolkit: $GOKERNEL_SOURCE (go run ./install sets it to its copy in
// the kernelspec folder), else the src folder beside the executable (that
// copy, where kernel.json lost its env), else a parent of the working
// folder. A folder without the module's go.mod (a checkout since deleted)
// is skipped. Plugins must see poolkit at the path the engine's binary was
// built from: the go command's package hashes include the source's path,
// so install builds the binary in its copy, and neither build uses
// -trimpath (a replaced module is trimmed to path@v0.0.0, the main module
// to its path alone: they would differ again).
func moduleSource() string {
	if s := os.Getenv("GOKERNEL_SOURCE"); s != "" && isModuleRoot(s) {
		return s
	}
	if exe, err := os.Executable(); err == nil {
		if s := filepath.Join(filepath.Dir(exe), "src"); isModuleRoot(s) {
			return s
		}
	}
	dir, _ := os.Getwd()
	for dir != "" && dir != "/" {
		if isModuleRoot(dir) {
			return dir
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// isModuleRoot reports whether dir holds the gokernel module's go.mod.
func isModuleRoot(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && strings.HasPrefix(string(b), "module "+modulePath+"\n")
}

const modulePath = "github.com/aulago/gokernel"

// Declared records the funcs of a cell that ran, and starts a build.
func (t *Tier) Declared(fs []*tierFunc) {
	if !t.On || len(fs) == 0 {
		return
	}
	t.mu.Lock()
	for _, f := range fs {
		t.funcs[f.name] = f
	}
	t.mu.Unlock()
	t.start()
}

// Notice is the tier's line for the kernel's log.
func (t *Tier) Notice() string {
	if !t.On {
		return "compiled tier: off: " + t.Why + "; cells run interpreted (go: " + toolchain.Note() + ")"
	}
	src := t.src
	if src == "" {
		src = "unknown: funcs that use poolkit stay interpreted"
	}
	return fmt.Sprintf("compiled tier: on (go: %s; plugins in %s, poolkit's source %s)", toolchain.Note(), t.dir, src)
}

// Buildable reports whether this build of the engine can load plugins:
// built with cgo, without the race detector.
func Buildable() bool { return cgoEnabled && !raceEnabled }

// LimitBuilds sets the number of plugins the tier may load (maxBuilds by
// default).
func (t *Tier) LimitBuilds(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.max = n
}

// UseSlots makes the tier take its build slots from slots.
func (t *Tier) UseSlots(slots buildcache.Slots) { t.slots = slots }

// Queued reports whether the build under way waits for a build slot.
func (t *Tier) Queued() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.queued
}

// Builds is the number of plugins the tier has built.
func (t *Tier) Builds() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.builds
}

// Full reports whether the tier has built as many plugins as it may.
func (t *Tier) Full() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.builds >= t.max
}

// StatusOf says how a func runs, for inspect.
func (t *Tier) StatusOf(name string) string {
	if !t.On {
		return "interpreted: " + t.Why
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.funcs[name]; ok {
		return f.status
	}
	return ""
}
