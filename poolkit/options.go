package poolkit

import "fmt"

// Option adjusts how a pool runs a call, such as [Map] or [Pool.Run]. Give
// options to the generic functions through [Pool.With], or directly to the
// core methods. The zero Option changes nothing.
type Option struct {
	chunk int
}

// ChunkSize sets how many consecutive inputs a worker takes at a time, like
// the chunksize argument of Python's Pool.map. Larger chunks cost less
// per task; smaller chunks balance uneven tasks better. It panics if n < 1.
//
// Without it, [Map] and [Pool.Run] use ceil(len/(4*workers)), and [IMap],
// [IMapUnordered] and [Pool.Stream] use 1.
func ChunkSize(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("poolkit: ChunkSize(%d): chunk size must be at least 1", n))
	}
	return Option{chunk: n}
}

// chunkOf returns the chunk size chosen by opts, or def when none is set.
func chunkOf(opts []Option, def int) int {
	c := def
	for _, o := range opts {
		if o.chunk > 0 {
			c = o.chunk
		}
	}
	if c < 1 {
		c = 1
	}
	return c
}
