package poolkit

import (
	"fmt"
	"sync"
	"time"
)

// Batch is the compiled handle of work handed to a pool without waiting,
// returned by [Pool.Start] and [Pool.Stream]; the generic [Future] wraps
// one. It completes once, when all its tasks are done, one of them
// panicked, or it was stopped. Its methods are safe for concurrent use.
type Batch struct {
	done      chan struct{}
	mu        sync.Mutex
	finished  bool
	err       error
	callbacks []func()
}

// newBatch returns an incomplete batch.
func newBatch() *Batch {
	return &Batch{done: make(chan struct{})}
}

// complete records err, wakes the waiters and runs the callbacks.
func (b *Batch) complete(err error) {
	b.mu.Lock()
	if b.finished {
		b.mu.Unlock()
		return
	}
	b.finished = true
	b.err = err
	cbs := b.callbacks
	b.callbacks = nil
	close(b.done)
	b.mu.Unlock()
	for _, f := range cbs {
		f()
	}
}

// onDone calls f once b is complete: now if it already is, else from the
// goroutine that completes it.
func (b *Batch) onDone(f func()) {
	b.mu.Lock()
	if !b.finished {
		b.callbacks = append(b.callbacks, f)
		b.mu.Unlock()
		return
	}
	b.mu.Unlock()
	f()
}

// Wait waits for b to complete and returns its error: nil on success, a
// [*TaskError] if a task panicked, [ErrTerminated] or the [StopAll] error
// if it was stopped.
func (b *Batch) Wait() error {
	<-b.done
	return b.err
}

// WaitTimeout waits at most d for b to complete and reports whether it did.
func (b *Batch) WaitTimeout(d time.Duration) bool {
	if b.Ready() {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-b.done:
		return true
	case <-t.C:
		return false
	}
}

// Ready reports whether b has completed, like Python's AsyncResult.ready.
func (b *Batch) Ready() bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// Successful reports whether b has completed without error, like Python's
// AsyncResult.successful; it is false while b is not ready.
func (b *Batch) Successful() bool {
	return b.Ready() && b.err == nil
}

// Err returns the error of b once it has completed (see [Batch.Wait]), and
// nil while it has not.
func (b *Batch) Err() error {
	if !b.Ready() {
		return nil
	}
	return b.err
}

// Done returns a channel that is closed when b completes, for use in a
// select statement.
func (b *Batch) Done() <-chan struct{} {
	return b.done
}

// WhenDone calls emit(i) once for each batches[i] as it completes, in the
// order they complete, then calls done once after the last emit: it is the
// compiled core of [AsCompleted]. The calls are serialized and are made
// either from WhenDone itself (for batches already complete) or from the
// goroutines that complete the batches, so emit and done must not block for
// long. A batch listed twice is emitted twice. WhenDone panics if a batch
// is nil or emit or done is nil.
func WhenDone(batches []*Batch, emit func(i int), done func()) {
	if emit == nil || done == nil {
		panic("poolkit: WhenDone: nil emit or done function")
	}
	for i, b := range batches {
		if b == nil {
			panic(fmt.Sprintf("poolkit: WhenDone: nil *Batch at index %d", i))
		}
	}
	if len(batches) == 0 {
		done()
		return
	}
	var mu sync.Mutex
	left := len(batches)
	for i, b := range batches {
		b.onDone(func() {
			mu.Lock()
			defer mu.Unlock()
			emit(i)
			left--
			if left == 0 {
				done()
			}
		})
	}
}
