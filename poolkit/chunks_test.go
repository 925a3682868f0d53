package poolkit_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

// With chunk calls on, Map calls its chunk function once per chunk, and a
// panic names the input the chunk was at.
func TestChunkCalls(t *testing.T) {
	poolkit.SetChunkCalls(true)
	defer poolkit.SetChunkCalls(false)
	p := poolkit.NewPool(2).With(poolkit.ChunkSize(5))
	defer p.Close()
	var calls atomic.Int64
	out := make([]int, 20)
	err := p.RunChunks(20, func(i int) { t.Error("per-task call with chunk calls on") },
		func(lo, hi int, at *int) {
			calls.Add(1)
			for i := lo; i < hi; i++ {
				*at = i
				out[i] = i * i
			}
		}, nil)
	if err != nil || calls.Load() != 4 || out[19] != 361 {
		t.Fatalf("err %v, %d chunk calls, out %v", err, calls.Load(), out)
	}
	tests := []struct {
		name string
		bad  int
	}{{"first of a chunk", 5}, {"middle of a chunk", 12}, {"last", 19}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := p.RunChunks(20, func(int) {}, func(lo, hi int, at *int) {
				for i := lo; i < hi; i++ {
					*at = i
					if i == tc.bad {
						panic("bad input")
					}
				}
			}, func(i int) any { return i * 10 })
			var te *poolkit.TaskError
			if !errors.As(err, &te) || te.Index != tc.bad || te.Input != tc.bad*10 {
				t.Fatalf("err %v, want a TaskError for index %d", err, tc.bad)
			}
		})
	}
	// Map gives the same results either way.
	got := poolkit.Map(p, func(x int) int { return x + 1 }, []int{1, 2, 3})
	if fmt.Sprint(got) != "[2 3 4]" {
		t.Errorf("Map with chunk calls: %v", got)
	}
}

func ExamplePool_RunChunks() {
	p := poolkit.NewPool(2).With(poolkit.ChunkSize(2))
	defer p.Close()
	squares := make([]int, 6)
	err := p.RunChunks(6,
		func(i int) { squares[i] = i * i }, // per task (the default)
		func(lo, hi int, at *int) { // per chunk, with SetChunkCalls(true)
			for i := lo; i < hi; i++ {
				*at = i
				squares[i] = i * i
			}
		}, nil)
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16 25] <nil>
}

func ExampleSetChunkCalls() {
	poolkit.SetChunkCalls(true) // tasks run in an interpreter: one call per chunk
	defer poolkit.SetChunkCalls(false)
	p := poolkit.NewPool(2)
	defer p.Close()
	fmt.Println(poolkit.Map(p, func(x int) int { return 2 * x }, []int{1, 2, 3}))
	// Output: [2 4 6]
}
