package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

func benchSession(b *testing.B, setup ...string) *testSession {
	s := newTestSession(b)
	for _, c := range setup {
		if r := s.run(b, c); r.err != "" {
			b.Fatalf("%q: %s", c, r.err)
		}
	}
	return s
}

func (s *testSession) time(b *testing.B, code string) time.Duration {
	rec := &recorder{}
	start := time.Now()
	res := s.e.Execute(context.Background(), kernel.ExecuteRequest{Code: code}, rec)
	if res.Status != "ok" {
		b.Fatalf("%q: %v", code, rec.errors)
	}
	return time.Since(start)
}

// BenchmarkCellMapTiny: from a cell, Map over 200,000 tiny interpreted
// tasks on 2 workers (compare with scripts/bench_pool.py, Python's
// multiprocessing.Pool(2).map on the same input).
func BenchmarkCellMapTiny(b *testing.B) {
	s := benchSession(b, "func tiny(x int) int { return x * x }",
		"xs := make([]int, 200000)\nfor i := range xs { xs[i] = i }\np := poolkit.NewPool(2)")
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += s.time(b, "r := poolkit.Map(p, tiny, xs)")
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/map")
}

// BenchmarkCellCPUSpeedup: an interpreted CPU-bound func over 8 inputs on
// 1 and then 2 workers; reports the speedup (target: 1.7x on 2 idle cores).
func BenchmarkCellCPUSpeedup(b *testing.B) {
	s := benchSession(b, "func busy(n int) int { s := 0; for i := 0; i < n; i++ { s += i % 7 }; return s }",
		"work := []int{300000, 300000, 300000, 300000, 300000, 300000, 300000, 300000}\np1 := poolkit.NewPool(1).With(poolkit.ChunkSize(1))\np2 := poolkit.NewPool(2).With(poolkit.ChunkSize(1))")
	var t1, t2 time.Duration
	for i := 0; i < b.N; i++ {
		t1 += s.time(b, "r1 := poolkit.Map(p1, busy, work)")
		t2 += s.time(b, "r2 := poolkit.Map(p2, busy, work)")
	}
	b.ReportMetric(float64(t1)/float64(t2), "x-speedup")
}

// BenchmarkCellMapSleep: N sleeping tasks on n workers from a cell, with
// Map's default chunks (ceil(N/(4n)), as Python's map: 20 tasks on 2
// workers make 7 chunks of 3, so one worker sleeps 12 times, not 10) and
// with chunks of 1; reports wall time over ceil(N/n) * sleep.
func BenchmarkCellMapSleep(b *testing.B) {
	for _, tc := range []struct{ tasks, workers, chunk int }{{20, 2, 0}, {20, 2, 1}, {16, 4, 0}} {
		b.Run(fmt.Sprintf("N=%d/n=%d/chunk=%d", tc.tasks, tc.workers, tc.chunk), func(b *testing.B) {
			pool := fmt.Sprintf("poolkit.NewPool(%d)", tc.workers)
			if tc.chunk > 0 {
				pool += fmt.Sprintf(".With(poolkit.ChunkSize(%d))", tc.chunk)
			}
			s := benchSession(b, "import \"time\"", "func nap(x int) int { time.Sleep(20 * time.Millisecond); return x }",
				fmt.Sprintf("in := make([]int, %d)\np := %s", tc.tasks, pool))
			var total time.Duration
			for i := 0; i < b.N; i++ {
				total += s.time(b, "r := poolkit.Map(p, nap, in)")
			}
			ideal := time.Duration((tc.tasks+tc.workers-1)/tc.workers) * 20 * time.Millisecond
			b.ReportMetric(float64(total)/float64(b.N)/float64(ideal), "x-ideal")
		})
	}
}
