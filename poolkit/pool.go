package poolkit

import (
	"sync"
	"time"
)

// Pool runs tasks on at most Workers() worker goroutines, in the shape of
// Python's multiprocessing.Pool. Work is handed out first come, first served:
// the chunks of one call are all handed out before those of a later call.
//
// Workers start when work arrives and exit as soon as there is nothing left
// to hand out, so an idle pool holds no goroutine. A Pool is safe for use by
// many goroutines at once. A task must not wait for other work of the same
// pool (for example by calling [Map] on it): with every worker waiting, that
// work never starts. Create pools with [NewPool]; the zero Pool is not
// usable.
type Pool struct {
	*pool
	opts []Option // default options of calls through this handle (With)
}

// pool is the state shared by a Pool and the handles made by With.
type pool struct {
	n int

	mu      sync.Mutex
	idle    *sync.Cond     // broadcast when running or active drops to zero
	queue   []*run         // runs with chunks left to hand out, in order
	active  map[*run]bool  // runs not finished yet
	slots   []bool         // worker indices in use
	running int            // live worker goroutines
	closed  bool           // no new work accepted
	term    bool           // terminated
	per     *period        // current or most recent busy period
	hook    func(int, int) // progress hook for new runs
	lastErr error          // error of the last finished stream

	progMu sync.Mutex // serializes progress hook calls
}

// NewPool returns a pool of n workers; n <= 0 means [CPUCount]. Call
// [Pool.Close] when done with it (typically with defer); an idle pool holds
// no goroutine, so forgetting to close it leaks nothing.
func NewPool(n int) *Pool {
	if n <= 0 {
		n = CPUCount()
	}
	p := &Pool{pool: &pool{n: n, active: make(map[*run]bool), slots: make([]bool, n)}}
	p.idle = sync.NewCond(&p.mu)
	return p
}

// With returns a handle to the same pool (same workers, same state: closing
// one closes both) whose calls use opts by default, for passing options to
// the generic functions, as in Python's pool.map(f, xs, chunksize=10):
//
//	poolkit.Map(p.With(poolkit.ChunkSize(10)), f, xs)
//
// Options given to a call of the core ([Pool.Run], [Pool.Start],
// [Pool.Stream]) take precedence over those of the handle.
func (p *Pool) With(opts ...Option) *Pool {
	return &Pool{pool: p.pool, opts: append(append([]Option(nil), p.opts...), opts...)}
}

// Workers returns the number of workers of p: the most tasks that run at
// the same time.
func (p *Pool) Workers() int {
	return p.n
}

// Close stops p from accepting new work; work already handed to it still
// runs to the end. Handing work to a closed pool panics with [ErrClosed].
// Close does not wait (see [Pool.Join]); it is idempotent and safe to defer.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}

// Join waits until all work handed to p has finished and all its worker
// goroutines have ended. It panics if p was neither closed nor terminated,
// as Python's Pool.join does.
func (p *Pool) Join() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		panic("poolkit: Join called before Close or Terminate")
	}
	for len(p.active) > 0 || p.running > 0 {
		p.idle.Wait()
	}
}

// Terminate closes p and stops its work now: no further task of p starts
// (but one a worker took just before, which may begin right after), and
// every unfinished call ends with [ErrTerminated] ([Map] and the other
// blocking calls panic with it, streams close their channel and report it
// through [Pool.Err], futures return it). Goroutines cannot be killed: a
// task already running goes on until its function returns, and its result is
// discarded; [Pool.Join] waits for such tasks. Terminate is idempotent.
func (p *Pool) Terminate() {
	p.mu.Lock()
	p.closed = true
	p.term = true
	runs := make([]*run, 0, len(p.active))
	for r := range p.active {
		runs = append(runs, r)
	}
	p.mu.Unlock()
	for _, r := range runs {
		r.stop(ErrTerminated)
	}
}

// Err returns the error that ended the most recently finished [IMap],
// [IMapUnordered] or [Pool.Stream] call on p: nil if it ran to the end, a
// [*TaskError] if a task panicked, [ErrTerminated] or the error given to
// [StopAll] if it was stopped. Check it after the range loop over a stream's
// channel, like bufio.Scanner.Err.
func (p *Pool) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastErr
}

// spawnLocked starts a worker on the lowest free index. p.mu must be held.
func (p *Pool) spawnLocked() {
	slot := 0
	for slot < len(p.slots) && p.slots[slot] {
		slot++
	}
	p.slots[slot] = true
	p.running++
	go p.work(slot)
}

// exitLocked records the end of the worker on slot. p.mu must be held.
func (p *Pool) exitLocked(slot int) {
	p.slots[slot] = false
	p.running--
	if p.running == 0 {
		p.idle.Broadcast()
	}
}

// nextLocked hands out the next chunk [lo, hi) of the first run with work
// left, dropping stopped and exhausted runs from the queue. It returns a nil
// run when there is nothing to hand out. p.mu must be held.
func (p *Pool) nextLocked() (r *run, lo, hi int) {
	for len(p.queue) > 0 {
		r = p.queue[0]
		if r.stopped.Load() || r.next >= r.n {
			p.queue[0] = nil
			p.queue = p.queue[1:]
			continue
		}
		lo = r.next
		hi = lo + r.chunk
		if hi > r.n {
			hi = r.n
		}
		r.next = hi
		r.inflight++
		if r.next >= r.n {
			p.queue[0] = nil
			p.queue = p.queue[1:]
		}
		return r, lo, hi
	}
	p.queue = nil
	return nil, 0, 0
}

// work is the loop of the worker goroutine on slot: it takes chunks until
// none is left, then exits.
func (p *Pool) work(slot int) {
	var cur *run
	normal := false
	defer func() {
		if !normal {
			p.abort(slot, cur)
		}
	}()
	for {
		p.mu.Lock()
		var fin *run
		if cur != nil {
			fin = cur.chunkDoneLocked()
		}
		r, lo, hi := p.nextLocked()
		if r == nil {
			p.exitLocked(slot)
		}
		p.mu.Unlock()
		if fin != nil {
			fin.complete()
		}
		cur = r
		if r == nil {
			normal = true
			return
		}
		r.runChunk(slot, lo, hi)
	}
}

// abort cleans up after a worker whose task called runtime.Goexit: the
// goroutine is ending anyway, so it gives back its slot, finishes the
// accounting of its chunk and starts a replacement if work is left.
func (p *Pool) abort(slot int, cur *run) {
	p.mu.Lock()
	var fin *run
	if cur != nil {
		fin = cur.chunkDoneLocked()
	}
	p.exitLocked(slot)
	if len(p.queue) > 0 {
		p.spawnLocked()
	}
	p.mu.Unlock()
	if fin != nil {
		fin.complete()
	}
}

// beginLocked registers r as active, opening a new busy period if p was
// idle. p.mu must be held.
func (p *Pool) beginLocked(r *run) {
	if len(p.active) == 0 {
		p.per = newPeriod(p.n, time.Now())
	}
	r.per = p.per
	r.id = p.per.runs
	p.per.runs++
	p.per.total.Add(int64(r.n))
	r.hook = p.hook
	p.active[r] = true
}

// endLocked unregisters r, closing the busy period if p becomes idle.
// p.mu must be held.
func (p *Pool) endLocked(r *run) {
	if !p.active[r] {
		return
	}
	delete(p.active, r)
	if len(p.active) == 0 {
		p.per.close(time.Now())
		p.idle.Broadcast()
	}
}
