// Package poolkit is a small toolbox for parallelism in the shape of
// Python's multiprocessing.Pool and concurrent.futures, written for teaching
// parallel programming in Go.
//
// A [Pool] owns up to [Pool.Workers] worker goroutines. The generic functions
// [Map], [IMap], [IMapUnordered], [Apply], [ApplyAsync] and
// [Submit] hand work to it:
//
//	p := poolkit.NewPool(4)
//	defer p.Close()
//	squares := poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2, 3})
//
// Options such as [ChunkSize] go through a handle made by [Pool.With]:
// poolkit.Map(p.With(poolkit.ChunkSize(10)), f, xs).
//
// Workers are goroutines, not processes: they share memory with the caller,
// start in microseconds and exit as soon as the pool has nothing left to do,
// so an idle pool holds no goroutines even if it is never closed.
//
// A task that panics never kills the program. Blocking calls such as [Map]
// re-panic in the caller's goroutine with a [*TaskError] that records the
// task's index, input, panic value and stack, the way Python re-raises a
// worker's exception in the parent; futures return it from [Future.Get];
// streaming calls ([IMap], [IMapUnordered]) close their channel early and
// report it through [Pool.Err].
//
// Costs, measured with a compiled caller on 2 workers: [Map] with its
// default chunks adds about 10 ns per task, with chunks of 1 about 150 ns;
// [IMap] 0.3 to 0.5 µs per task; a [Submit] round trip about 1.4 µs.
//
// The pool records its most recent busy period as a [Timeline], which renders
// as an SVG Gantt chart (one row per worker), and can report progress through
// [Pool.OnProgress]. [StopAll] stops every run in progress, for hosts such as
// a notebook kernel handling an interrupt.
//
// The package is split in two layers. The generic layer (file generic.go,
// also available as [GenericSource]) only allocates typed storage and hands
// closures over indices to the compiled, non-generic core ([Pool.Run],
// [Pool.Start], [Pool.Stream], [WhenDone]), which owns every goroutine,
// channel, panic recovery, cancellation, timeline and progress report. The
// generic layer uses only exported identifiers of the core and starts no
// goroutine, so that an interpreter can run it from source on top of the
// compiled core.
package poolkit
