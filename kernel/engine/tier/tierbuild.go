package tier

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aulago/gokernel/kernel/buildcache"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
)

// pluginSeq numbers the plugins of the process: a plugin is known by its
// package path, which must be new for each.
var pluginSeq atomic.Int64

// start builds the current funcs unless a build is under way (it builds
// again when that one ends).
func (t *Tier) start() {
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
	// A free slot is taken now: the cell that declared the funcs may wait
	// for their build. Else the build is queued, and no cell waits.
	release, free, err := t.slots.TryAcquire()
	if err != nil {
		t.log("compiled tier: building without a slot: " + err.Error())
		release, free = func() {}, true
	}
	t.queued = !free
	go func() {
		queued := time.Now()
		if !free {
			release = t.slot()
			t.mu.Lock()
			t.queued = false
			t.mu.Unlock()
		}
		began := time.Now()
		bp, err := t.build(n, funcs)
		release()
		t.log(fmt.Sprintf("compiled tier: build %d queued %s, took %s", n, began.Sub(queued).Round(time.Millisecond), time.Since(began).Round(time.Millisecond)))
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

// slot waits for one of the machine's build slots (buildcache.Slots), so
// that the kernels of every user build a few plugins at a time; their
// cells run interpreted meanwhile. Where no slot file can be opened, the
// build runs anyway.
func (t *Tier) slot() (release func()) {
	release, err := t.slots.Acquire(t.ctx)
	if err != nil {
		if t.ctx.Err() == nil {
			t.log("compiled tier: building without a slot: " + err.Error())
		}
		return func() {}
	}
	return release
}

// eligible returns the funcs that can be compiled, marking the others with
// the reason; t.mu is held.
func (t *Tier) eligible() []*tierFunc {
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
func (t *Tier) build(n int, funcs []*tierFunc) (*builtPlugin, error) {
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
	if err := t.goBuild(dir, append(args, ".")); err != nil {
		return nil, err
	}
	p, err := plugin.Open(so)
	// The plugin stays mapped: its folder can go (5 MB a plugin, up to
	// maxBuilds of them).
	_ = os.RemoveAll(dir)
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

// goBuild runs the go command in dir, at the lowest CPU priority, with
// its temporary files in the work folder (a build killed with its engine
// leaves nothing in the shared temporary folder), and its build cache
// served by GOKERNEL_CACHEPROG when the binary has one (the shared cache
// of the install, then the user's, capped).
func (t *Tier) goBuild(dir string, args []string) error {
	tmp := filepath.Join(t.dir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return err
	}
	cmd := exec.CommandContext(t.ctx, toolchain.GoTool(), args...)
	cmd.Dir = dir
	// A build must not outlive its engine (killed by its supervisor, or
	// closed): it would take the cores of the next one.
	cmd.SysProcAttr = buildProcAttr()
	cmd.Env = append(os.Environ(), buildEnv(tmp)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return err
	}
	// The go command starts its compilers and linker later: they inherit
	// its priority.
	buildcache.LowPriority(cmd.Process.Pid)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(out.String()))
	}
	return nil
}

// buildEnv is what a plugin build adds to the engine's environment.
func buildEnv(tmp string) []string {
	env := []string{"GOWORK=off", "GOFLAGS=-mod=mod", "GO111MODULE=on", "TMPDIR=" + tmp}
	if prog := os.Getenv("GOKERNEL_CACHEPROG"); prog != "" && prog != "off" {
		env = append(env, "GOCACHEPROG="+prog)
		if dir, err := buildcache.GoCacheDir(); err == nil {
			env = append(env, "GOCACHE="+dir)
		}
	}
	return env
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
