package poolkit_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

func TestOnProgress(t *testing.T) {
	tests := []struct {
		name     string
		n, chunk int
		maxCalls int
	}{
		{"one task", 1, 1, 1},
		{"seven tasks", 7, 1, 7},
		{"thousand tasks", 1000, 7, 101},
		{"thousand in big chunks", 1000, 0, 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(2)
			defer p.Close()
			var inHook atomic.Int32
			var calls [][2]int
			overlap := false
			p.OnProgress(func(done, total int) {
				if inHook.Add(1) > 1 {
					overlap = true
				}
				calls = append(calls, [2]int{done, total})
				inHook.Add(-1)
			})
			q := p
			if tt.chunk > 0 {
				q = p.With(poolkit.ChunkSize(tt.chunk))
			}
			poolkit.Map(q, func(x int) int { return x }, make([]int, tt.n))
			if overlap {
				t.Error("hook calls overlapped")
			}
			if len(calls) == 0 || len(calls) > tt.maxCalls {
				t.Fatalf("%d calls, want 1..%d", len(calls), tt.maxCalls)
			}
			for i, c := range calls {
				if c[1] != tt.n || (i > 0 && c[0] <= calls[i-1][0]) {
					t.Fatalf("calls %v: want increasing done and total %d", calls, tt.n)
				}
			}
			if last := calls[len(calls)-1]; last[0] != tt.n {
				t.Errorf("last call %v, want done = %d", last, tt.n)
			}
		})
	}
}

func TestOnProgressNilRemovesHook(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	calls := 0
	p.OnProgress(func(done, total int) { calls++ })
	p.OnProgress(nil)
	poolkit.Map(p, func(x int) int { return x }, make([]int, 10))
	if calls != 0 {
		t.Errorf("%d calls after removing the hook", calls)
	}
}

func ExamplePool_OnProgress() {
	p := poolkit.NewPool(2)
	defer p.Close()
	p.OnProgress(func(done, total int) {
		if done == total {
			fmt.Printf("%d/%d done\n", done, total)
		}
	})
	poolkit.Map(p, func(x int) int { return x * x }, make([]int, 50))
	// Output: 50/50 done
}
