package poolkit

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// errGoexit is the panic value recorded for a task that called
// runtime.Goexit (for example through testing.T.FailNow).
var errGoexit = errors.New("poolkit: task called runtime.Goexit")

// run is one call that hands n tasks to a pool: a Map, a stream, a future.
type run struct {
	p       *Pool
	per     *period
	id      int // number of the run in its busy period
	n       int
	chunk   int
	task    func(int)
	chunked func(lo, hi int, at *int) // a whole chunk per call (RunChunks)
	input   func(int) any
	emit    func(int)
	done    func(error)
	ordered bool
	hook    func(int, int)
	batch   *Batch

	next     int // first index not handed out yet; guarded by p.mu
	inflight int // chunks handed out and not done; guarded by p.mu

	stopped atomic.Bool // no more tasks may start

	mu       sync.Mutex
	finished bool
	err      error  // first task failure
	ready    []bool // ordered streams: tasks done but not emitted
	nextEmit int    // ordered streams: next index to emit
}

// defaultChunk is Python's Pool.map chunk size: ceil(n / (4*workers)).
func defaultChunk(n, workers int) int {
	d := 4 * workers
	c := (n + d - 1) / d
	if c < 1 {
		c = 1
	}
	return c
}

// Run runs task(i) for every i in [0, n) on the workers of p and waits for
// them: it is the compiled core of [Map]. Tasks are handed out in chunks of
// consecutive indices ([ChunkSize]; by default ceil(n/(4*Workers()))), in
// increasing order.
//
// Run returns nil when every task returned. When a task panics, no further
// task of the call starts, Run waits for the tasks already running and
// returns a [*TaskError] for the first panic, with Input set to input(i) if
// input is not nil. When the call is stopped by [Pool.Terminate] or
// [StopAll], Run returns [ErrTerminated] or the StopAll error at once,
// without waiting for running tasks (whose work must then be ignored).
//
// Run panics with [ErrClosed] if p is closed, and panics if n < 0 or task
// is nil.
func (p *Pool) Run(n int, task func(i int), input func(i int) any, opts ...Option) error {
	return p.Start(n, task, input, opts...).Wait()
}

// RunChunks is [Pool.Run] for hosts that interpret the tasks: with
// [SetChunkCalls](true), each chunk is one call chunk(lo, hi, at), which
// must run tasks lo..hi-1 in order, setting *at to each index before
// running it (so that a panic names the failing input). A loop inside an
// interpreter costs a fraction of one call into it per task. Stops
// ([Pool.Terminate], [StopAll]) then take effect between chunks, and the
// host stops the interpreted loop itself. Otherwise RunChunks is
// Run(n, task, input, opts...). It is the core of [Map].
func (p *Pool) RunChunks(n int, task func(i int), chunk func(lo, hi int, at *int), input func(i int) any, opts ...Option) error {
	if p == nil || p.pool == nil {
		panic("poolkit: nil *Pool or Pool not made by NewPool")
	}
	r := &run{n: n, task: task, input: input, chunk: chunkOf(opts, chunkOf(p.opts, defaultChunk(n, p.n)))}
	if chunkCalls.Load() {
		r.chunked = chunk
	}
	return p.submit(r).Wait()
}

// chunkCalls is set by SetChunkCalls.
var chunkCalls atomic.Bool

// SetChunkCalls makes [Map] call its function once per chunk instead of
// once per task (see [Pool.RunChunks]). The notebook kernel sets it: its
// tasks are interpreted, and each call from compiled code into the
// interpreter costs about 0.7 µs. Compiled programs leave it off.
func SetChunkCalls(on bool) { chunkCalls.Store(on) }

// Start is [Pool.Run] without the wait: it hands the n tasks to p and
// returns a [*Batch] that completes when Run would return. It is the
// compiled core of the futures ([Submit], [ApplyAsync]).
func (p *Pool) Start(n int, task func(i int), input func(i int) any, opts ...Option) *Batch {
	if p == nil || p.pool == nil {
		panic("poolkit: nil *Pool or Pool not made by NewPool")
	}
	return p.submit(&run{n: n, task: task, input: input, chunk: chunkOf(opts, chunkOf(p.opts, defaultChunk(n, p.n)))})
}

// Stream runs task(i) for every i in [0, n) on the workers of p without
// waiting, and reports each finished task by calling emit(i): it is the
// compiled core of [IMap] (ordered) and [IMapUnordered]. Chunks are of
// size 1 unless [ChunkSize] says otherwise.
//
// Calls to emit are serialized (never two at once) and made from worker
// goroutines, so emit must not block for long: the generic layer sends on a
// channel with room for all n results. If ordered is true, emit(i) is called
// for increasing i, as soon as task i and all tasks before it are done;
// otherwise as soon as task i is done. After the last emit, done(err) is
// called exactly once, with the error [Pool.Run] would return; no emit
// follows it. When a task panics, no further task starts and no result
// after it is emitted (in order: none at or after its index; unordered:
// none finished after the panic). When the call is stopped by
// [Pool.Terminate] or [StopAll], done is called at once and the results of
// tasks still running are never emitted. The error is also recorded for
// [Pool.Err] just before done is called.
//
// A panic in emit counts as a panic of task i; done must not panic.
//
// The returned [*Batch] completes after done returns. Stream panics with
// [ErrClosed] if p is closed, and panics if n < 0 or task, emit or done is
// nil.
func (p *Pool) Stream(n int, ordered bool, task func(i int), input func(i int) any, emit func(i int), done func(err error), opts ...Option) *Batch {
	if p == nil || p.pool == nil {
		panic("poolkit: nil *Pool or Pool not made by NewPool")
	}
	if emit == nil || done == nil {
		panic("poolkit: Stream: nil emit or done function")
	}
	r := &run{n: n, task: task, input: input, emit: emit, done: done, ordered: ordered, chunk: chunkOf(opts, chunkOf(p.opts, 1))}
	if ordered && n > 0 {
		r.ready = make([]bool, n)
	}
	return p.submit(r)
}

// submit validates r, queues it and starts the workers it needs.
func (p *Pool) submit(r *run) *Batch {
	if r.n < 0 {
		panic(fmt.Sprintf("poolkit: negative task count %d", r.n))
	}
	if r.task == nil {
		panic("poolkit: nil task function")
	}
	r.p = p
	r.batch = newBatch()
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		panic(ErrClosed)
	}
	if r.n == 0 {
		p.mu.Unlock()
		r.finish(nil)
		return r.batch
	}
	p.beginLocked(r)
	p.queue = append(p.queue, r)
	chunks := (r.n + r.chunk - 1) / r.chunk
	for k := 0; k < chunks && p.running < p.n; k++ {
		p.spawnLocked()
	}
	register(r)
	p.mu.Unlock()
	return r.batch
}

// runChunk runs tasks lo..hi-1 on the worker of index slot, stopping early
// if the run is stopped or a task panics, and records the chunk in the
// timeline.
func (r *run) runChunk(slot, lo, hi int) {
	start := time.Now()
	i := lo
	failed := true
	func() {
		defer func() {
			if !failed {
				return
			}
			v := recover()
			if v == nil { // runtime.Goexit: the goroutine ends anyway
				v = errGoexit
			}
			r.fail(&TaskError{Index: i, Input: r.inputOf(i), Value: v, Stack: string(debug.Stack())})
		}()
		if r.chunked != nil && r.emit == nil && !r.stopped.Load() {
			r.chunked(lo, hi, &i)
			if r.stopped.Load() {
				failed = false // cut short: nothing of it counts
				return
			}
			for i = lo; i < hi; i++ {
				if r.hook != nil {
					r.progress()
				}
			}
			failed = false
			return
		}
		for ; i < hi; i++ {
			if r.stopped.Load() {
				break
			}
			r.task(i)
			if r.emit != nil {
				r.emitted(i)
			}
			if r.hook != nil {
				r.progress()
			}
		}
		failed = false
	}()
	end := i
	if failed {
		end = i + 1
	}
	if end > lo {
		r.per.record(Span{Worker: slot, Run: r.id, Lo: lo, Hi: end, Start: start.Sub(r.per.start), End: time.Since(r.per.start), Failed: failed})
	}
}

// inputOf returns input(i), or nil if there is no input function or it
// panics.
func (r *run) inputOf(i int) (v any) {
	if r.input == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	return r.input(i)
}

// fail records the first task failure and stops the run.
func (r *run) fail(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
	r.stopped.Store(true)
}

// emitted reports that task i is done to the run's emit function.
func (r *run) emitted(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished {
		return
	}
	if !r.ordered {
		if r.err == nil {
			r.emit(i)
		}
		return
	}
	r.ready[i] = true
	for r.nextEmit < r.n && r.ready[r.nextEmit] {
		r.ready[r.nextEmit] = false
		r.emit(r.nextEmit)
		r.nextEmit++
	}
}

// progress counts a finished task and calls the progress hook when the
// percentage done changes or all tasks are done.
func (r *run) progress() {
	per := r.per
	d := per.done.Add(1)
	t := per.total.Load()
	if d < t && d*100/t == (d-1)*100/t {
		return
	}
	p := r.p
	p.progMu.Lock()
	defer p.progMu.Unlock()
	if d <= per.reported {
		return
	}
	per.reported = d
	r.hook(int(d), int(t))
}

// chunkDoneLocked accounts for the end of a chunk of r and returns r if
// that was the last piece of work of the run. p.mu must be held.
func (r *run) chunkDoneLocked() *run {
	r.inflight--
	if r.inflight == 0 && (r.next >= r.n || r.stopped.Load()) {
		return r
	}
	return nil
}

// complete finishes r after its last chunk, with its task failure if any.
func (r *run) complete() {
	r.mu.Lock()
	err := r.err
	r.mu.Unlock()
	r.finish(err)
}

// stop stops r from outside (Terminate, StopAll) and finishes it at once.
func (r *run) stop(err error) {
	r.stopped.Store(true)
	r.finish(err)
}

// finish ends r once: it unregisters the run, calls the stream's done
// function and completes the batch.
func (r *run) finish(err error) {
	r.mu.Lock()
	if r.finished {
		r.mu.Unlock()
		return
	}
	r.finished = true
	r.mu.Unlock()
	p := r.p
	p.mu.Lock()
	p.endLocked(r)
	if r.done != nil {
		p.lastErr = err
	}
	p.mu.Unlock()
	unregister(r)
	if r.done != nil {
		r.done(err)
	}
	r.batch.complete(err)
}
