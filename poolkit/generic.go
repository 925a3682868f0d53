package poolkit

// This file is the generic layer of poolkit. Hosts may run it from source in
// an interpreter (see GenericSource), so it follows strict rules: it uses only
// exported identifiers of the rest of the package and imports nothing (so it
// cannot clash with the imports of the code it is evaluated with); it starts
// no goroutine and uses no reflect, select, iterators, range over functions
// or integers, min or max, nor method values of generic types. Generic functions have no variadic parameters and no
// parameters grouped under one type, closures name all their parameters,
// and no generic type is instantiated with a composite of a type parameter
// (such as Future[[]R]): yaegi v0.16.1 fails on each of these. The layer
// only allocates typed storage and hands closures over indices to the
// compiled core (Pool.Run, Pool.Start, Pool.Stream, WhenDone).

// Map calls f on every element of values on the workers of p and returns
// the results in the order of values, like Python's Pool.map. It blocks
// until all are done. Inputs are handed out in chunks of consecutive
// elements, by default ceil(len(values)/(4*p.Workers())); for another
// chunk size, pass p.With([ChunkSize](n)).
//
// If a call of f panics, no further call starts and Map panics in the
// caller's goroutine with a [*TaskError] for it once the calls already
// running have returned. If the work is stopped by [Pool.Terminate] or
// [StopAll], Map panics at once with [ErrTerminated] or the StopAll error.
// Map panics with [ErrClosed] if p is closed.
func Map[T, R any](p *Pool, f func(T) R, values []T) []R {
	if f == nil {
		panic("poolkit: Map: nil function")
	}
	out := make([]R, len(values))
	err := p.RunChunks(len(values), func(i int) { out[i] = f(values[i]) }, func(lo, hi int, at *int) {
		for i := lo; i < hi; i++ {
			*at = i
			out[i] = f(values[i])
		}
	}, func(i int) any { return values[i] })
	if err != nil {
		panic(err)
	}
	return out
}

// IMap calls f on every element of values on the workers of p and returns
// at once a channel of the results in the order of values, like Python's
// Pool.imap: each result is sent as soon as it and all results before it
// are done, and the channel is closed after the last one. Inputs are handed
// out one at a time unless [ChunkSize] says otherwise.
//
// The channel has room for all results, so a caller that stops reading
// early blocks nothing. A plain channel cannot carry a panic: if a call of
// f panics, or the work is stopped by [Pool.Terminate] or [StopAll], the
// channel is closed early (after the results before the failing input) and
// [Pool.Err] returns the [*TaskError] or the stop error; check it after the
// range loop. Pool.Err returns nil after a complete run.
func IMap[T, R any](p *Pool, f func(T) R, values []T) <-chan R {
	return stream(p, true, f, values)
}

// IMapUnordered is [IMap] with the results in the order they are done,
// like Python's Pool.imap_unordered:
//
//	for r := range poolkit.IMapUnordered(p, f, xs) { ... }
//
// On a panic or a stop, the channel is closed early as for IMap, and no
// result done after the failure is sent.
func IMapUnordered[T, R any](p *Pool, f func(T) R, values []T) <-chan R {
	return stream(p, false, f, values)
}

// stream is IMap (ordered) and IMapUnordered.
func stream[T, R any](p *Pool, ordered bool, f func(T) R, values []T) <-chan R {
	if f == nil {
		panic("poolkit: IMap: nil function")
	}
	out := make([]R, len(values))
	ch := make(chan R, len(values))
	p.Stream(len(values), ordered,
		func(i int) { out[i] = f(values[i]) },
		func(i int) any { return values[i] },
		func(i int) {
			ch <- out[i]
			var zero R
			out[i] = zero
		},
		func(err error) { close(ch) },
	)
	return ch
}

// Future is the result of a task that runs without the caller waiting, in
// the shape of Python's AsyncResult and concurrent.futures.Future. Create
// one with [Submit] or [ApplyAsync]. Its methods are safe for
// concurrent use.
type Future[R any] struct {
	batch *Batch
	value R
}

// Submit runs f on a worker of p and returns at once a [*Future] of its
// result, like concurrent.futures' executor.submit. Arguments are passed
// by closure: Submit(p, func() int { return fib(30) }). It panics with
// [ErrClosed] if p is closed.
func Submit[R any](p *Pool, f func() R) *Future[R] {
	if f == nil {
		panic("poolkit: Submit: nil function")
	}
	fut := &Future[R]{}
	fut.batch = p.Start(1, func(i int) { fut.value = f() }, nil)
	return fut
}

// ApplyAsync runs f(arg) on a worker of p and returns at once a [*Future]
// of its result, like Python's Pool.apply_async(f, (arg,)). If f panics,
// the future's error is a [*TaskError] whose Input is arg. It panics with
// [ErrClosed] if p is closed.
func ApplyAsync[T, R any](p *Pool, f func(T) R, arg T) *Future[R] {
	if f == nil {
		panic("poolkit: ApplyAsync: nil function")
	}
	fut := &Future[R]{}
	fut.batch = p.Start(1, func(i int) { fut.value = f(arg) }, func(i int) any { return arg })
	return fut
}

// Apply runs f(arg) on a worker of p and waits for its result, like
// Python's Pool.apply. If f panics, Apply panics in the caller's goroutine
// with a [*TaskError]; if stopped, with the stop error.
func Apply[T, R any](p *Pool, f func(T) R, arg T) R {
	v, err := ApplyAsync(p, f, arg).Get()
	if err != nil {
		panic(err)
	}
	return v
}

// Get waits for the result and returns it, or the zero value and the error:
// a [*TaskError] if the task panicked, [ErrTerminated] or the [StopAll]
// error if it was stopped.
func (f *Future[R]) Get() (R, error) {
	if err := f.batch.Wait(); err != nil {
		var zero R
		return zero, err
	}
	return f.value, nil
}

// GetTimeout is [Future.Get] waiting at most d: if the result is not ready
// by then, it returns the zero value and [ErrTimeout].
func (f *Future[R]) GetTimeout(d Duration) (R, error) {
	if !f.batch.WaitTimeout(d) {
		var zero R
		return zero, ErrTimeout
	}
	return f.Get()
}

// Wait waits until the result is ready.
func (f *Future[R]) Wait() {
	f.batch.Wait()
}

// WaitTimeout waits at most d until the result is ready and reports whether
// it is.
func (f *Future[R]) WaitTimeout(d Duration) bool {
	return f.batch.WaitTimeout(d)
}

// Ready reports whether the result is ready (successful or not).
func (f *Future[R]) Ready() bool {
	return f.batch.Ready()
}

// Successful reports whether the result is ready and the task did not fail;
// it is false while the result is not ready.
func (f *Future[R]) Successful() bool {
	return f.batch.Successful()
}

// Done returns a channel that is closed when the result is ready, for use
// in a select statement.
func (f *Future[R]) Done() <-chan struct{} {
	return f.batch.Done()
}

// AsCompleted returns a channel that yields each of futures as it becomes
// ready, in the order they become ready, and is then closed, like
// concurrent.futures.as_completed:
//
//	for f := range poolkit.AsCompleted(futures) { v, err := f.Get(); ... }
//
// The channel has room for all futures. A future listed twice is yielded
// twice. It panics if a future is nil. Under the yaegi interpreter
// (v0.16.1), whose type inference fails on arguments of generic types, write
// the type argument: AsCompleted[int](futures).
func AsCompleted[R any](futures []*Future[R]) <-chan *Future[R] {
	ch := make(chan *Future[R], len(futures))
	batches := make([]*Batch, len(futures))
	for i := 0; i < len(futures); i++ {
		if futures[i] == nil {
			panic("poolkit: AsCompleted: nil *Future")
		}
		batches[i] = futures[i].batch
	}
	WhenDone(batches, func(i int) { ch <- futures[i] }, func() { close(ch) })
	return ch
}
