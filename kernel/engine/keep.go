package engine

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/snapshot"
)

// keeper is what the engine knows of the copies of its variables that the
// kernel keeps (kernel.Snapshot): who set each variable, which ones share
// memory, which ones goroutines may still change, and which ones came back
// lost from a crash.
type keeper struct {
	setBy    map[string]int    // the cell that last set each variable
	group    map[string]string // variables that shared memory when copied
	pending  map[int][]string  // cell → the variables its goroutines may change
	deferred map[string]bool   // to copy once their goroutines have ended
	lost     map[string]string // variable → the error a cell using it gets
	running  map[string]bool   // the running cell's variables
}

func (k *keeper) init() {
	if k.setBy == nil {
		k.setBy, k.group, k.pending = map[string]int{}, map[string]string{}, map[int][]string{}
		k.deferred, k.lost = map[string]bool{}, map[string]string{}
	}
}

// startCell says, before the cell's statements run, what the kernel
// replays and which variables the cell may change (kernel.CellStart).
func (e *Engine) startCell(pl *plan, out kernel.Publisher, declared []string) {
	k := &e.keep
	k.init()
	vars, all := e.cellVars(pl, nil)
	if all {
		for name := range e.sess.Vars {
			vars[name] = true
		}
	}
	k.running = vars
	set, _ := topAssigned(pl)
	for name := range set {
		if e.sess.Vars[name] != nil {
			k.setBy[name] = pl.n
			delete(k.lost, name)
		}
	}
	cs, ok := out.(kernel.CellStarter)
	if !ok {
		return
	}
	changing := make([]kernel.KeptVar, 0, len(vars))
	for _, name := range sortedSet(vars) {
		changing = append(changing, e.keptVar(name))
	}
	cs.CellStarted(kernel.CellStart{Cell: pl.n, Declared: declared, Changing: changing})
}

func (e *Engine) keptVar(name string) kernel.KeptVar {
	kv := kernel.KeptVar{Name: name, SetBy: e.keep.setBy[name]}
	if d := e.sess.Vars[name]; d != nil {
		kv.Type = e.sess.UserName(d.Typ)
	}
	return kv
}

// keepSnapshot is snapshot, which a bug of its own must not turn into a
// crash of the engine: the cell's variables are then lost.
func (e *Engine) keepSnapshot(n int) (snap *kernel.Snapshot) {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			snap = &kernel.Snapshot{Cell: n}
			for _, v := range sortedSet(e.keep.running) {
				kv := e.keptVar(v)
				kv.Lost = fmt.Sprintf("the engine could not copy it (%v)", r)
				snap.Vars = append(snap.Vars, kv)
			}
			e.keep.running = nil
		}
	}()
	return e.snapshot(n)
}

// snapshot copies, at the end of cell n, the variables it may have
// changed, and those goroutines changed that have ended since.
func (e *Engine) snapshot(n int) *kernel.Snapshot {
	k := &e.keep
	k.init()
	live := e.goroutines.liveCells()
	for c := range k.pending {
		if !live[c] {
			delete(k.pending, c)
		}
	}
	if live[n] {
		k.pending[n] = sortedSet(k.running)
	}
	unsettled := map[string]bool{}
	for _, vs := range k.pending {
		for _, v := range vs {
			unsettled[v] = true
		}
	}
	copyNow := map[string]bool{}
	for v := range k.running {
		copyNow[v] = true
	}
	for v := range k.deferred {
		copyNow[v] = true
	}
	k.running = nil
	// Variables that shared memory are copied together, or not at all
	// while a goroutine may change one of them.
	e.closeGroups(copyNow)
	e.closeGroups(unsettled)
	snap := &kernel.Snapshot{Cell: n}
	k.deferred = map[string]bool{}
	var roots []snapshot.Root
	globals := e.globals()
	for _, v := range sortedSet(copyNow) {
		if unsettled[v] {
			continue
		}
		if _, isLost := k.lost[v]; isLost || e.sess.Vars[v] == nil {
			continue
		}
		if g, ok := globals[v]; ok && g.CanAddr() {
			roots = append(roots, snapshot.Root{Name: v, V: g})
		}
	}
	for _, v := range sortedSet(unsettled) {
		if e.sess.Vars[v] != nil {
			k.deferred[v] = true
			snap.Unsettled = append(snap.Unsettled, e.keptVar(v))
		}
	}
	if len(roots) == 0 {
		return snap
	}
	data, lost, _, group := snapshot.EncodeFrame(roots)
	if len(data) > snapshot.MaxKeptTotal {
		data, group = nil, nil
		for _, r := range roots {
			lost[r.Name] = fmt.Sprintf("the copy of cell [%d]'s variables is larger than %d MiB", n, snapshot.MaxKeptTotal>>20)
		}
	}
	if len(group) > 0 {
		snap.Data = data
	}
	for _, r := range roots {
		kv := e.keptVar(r.Name)
		if why, ok := lost[r.Name]; ok {
			kv.Lost = why
			delete(k.group, r.Name)
		} else {
			k.group[r.Name] = fmt.Sprintf("%d:%s", n, group[r.Name])
		}
		snap.Vars = append(snap.Vars, kv)
	}
	return snap
}

// closeGroups adds to set the variables that shared memory with one of it
// when they were last copied.
func (e *Engine) closeGroups(set map[string]bool) {
	groups := map[string]bool{}
	for v := range set {
		if g, ok := e.keep.group[v]; ok {
			groups[g] = true
		}
	}
	if len(groups) == 0 {
		return
	}
	for v, g := range e.keep.group {
		if groups[g] {
			set[v] = true
		}
	}
}

// lostUse is the error of a cell that uses a variable lost in a crash,
// before anything of it runs; nil if it uses none.
func (e *Engine) lostUse(pl *plan) *kernel.ErrorInfo {
	if len(e.keep.lost) == 0 {
		return nil
	}
	_, plain := topAssigned(pl)
	// A variable the cell declares again, or only assigns at its top
	// level ("x = ..."), is set before it is read: its lost value does
	// not matter.
	vars, _ := e.cellVars(pl, plain)
	for name := range pl.varType {
		delete(vars, name)
	}
	var names []string
	for v := range vars {
		if _, ok := e.keep.lost[v]; ok {
			names = append(names, v)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	msgs := make([]string, len(names))
	for i, n := range names {
		msgs[i] = e.keep.lost[n]
	}
	tb := []string{red("LostVariable") + ": " + msgs[0]}
	tb = append(tb, msgs[1:]...)
	return &kernel.ErrorInfo{EName: "LostVariable", EValue: msgs[0], Traceback: tb}
}

// Restore sets the variables kept from an engine that died (kernel.Restorer).
func (e *Engine) Restore(req kernel.RestoreRequest) kernel.RestoreReply {
	e.running.Lock()
	defer e.running.Unlock()
	k := &e.keep
	k.init()
	var reply kernel.RestoreReply
	globals := e.globals()
	for i, f := range req.Snapshots {
		current := map[string]bool{}
		for _, v := range f.Current {
			current[v] = true
		}
		restored, err := snapshot.DecodeFrame(f.Data, globals, current)
		if err != nil {
			if reply.Failed == nil {
				reply.Failed = map[string]string{}
			}
			for _, v := range f.Current {
				reply.Failed[v] = err.Error()
			}
			continue
		}
		for _, v := range restored {
			k.group[v] = fmt.Sprintf("restored:%d", i)
		}
		reply.Restored = append(reply.Restored, restored...)
	}
	for v, msg := range req.Lost {
		k.lost[v] = msg
	}
	for v, why := range reply.Failed {
		if msg, ok := req.IfFailed[v]; ok {
			k.lost[v] = strings.ReplaceAll(msg, "%why", why)
		}
	}
	for v, c := range req.SetBy {
		k.setBy[v] = c
	}
	sort.Strings(reply.Restored)
	return reply
}

var _ kernel.Restorer = (*Engine)(nil)

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// liveCells are the cells whose goroutines still run, or are about to.
func (g *goTracker) liveCells() map[int]bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[int]bool, len(g.live))
	for c := range g.live {
		out[c] = true
	}
	for c := range g.launching {
		out[c] = true
	}
	return out
}

// launch is the cell of a go statement about to start its goroutine
// (the rewrite calls it before the go statement): until the goroutine
// runs, liveCells counts it.
func (g *goTracker) launch() int {
	cell := g.current()
	g.mu.Lock()
	if g.launching == nil {
		g.launching = map[int]int{}
	}
	g.launching[cell]++
	g.mu.Unlock()
	return cell
}

// globals is the interpreter's storage of the session's variables.
// yaegi's Globals indexes its frame by every variable its scope knows,
// and panics when a declaration it saw did not run (a failed replay):
// then each variable is taken by its address, as the compiled tier does.
func (e *Engine) globals() (out map[string]reflect.Value) {
	defer func() {
		if recover() == nil {
			return
		}
		out = map[string]reflect.Value{}
		for name := range e.sess.Vars {
			if v, ok := e.addrOf(name); ok {
				out[name] = v
			}
		}
	}()
	return e.in.Globals()
}

// addrOf is a session variable's storage, taken by its address.
func (e *Engine) addrOf(name string) (v reflect.Value, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	p, err := e.in.Eval("&" + name)
	if err != nil || !p.IsValid() || p.Kind() != reflect.Pointer || p.IsNil() {
		return reflect.Value{}, false
	}
	return p.Elem(), true
}
