package poolkit_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

var sink []int

// BenchmarkMapOverhead measures the cost per task of Map over many tiny
// tasks on 2 workers, reported as ns/task.
func BenchmarkMapOverhead(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		for _, chunk := range []int{0, 1} {
			name := fmt.Sprintf("n=%d/chunk=default", n)
			if chunk > 0 {
				name = fmt.Sprintf("n=%d/chunk=%d", n, chunk)
			}
			b.Run(name, func(b *testing.B) {
				p := poolkit.NewPool(2)
				defer p.Close()
				if chunk > 0 {
					p = p.With(poolkit.ChunkSize(chunk))
				}
				in := make([]int, n)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					sink = poolkit.Map(p, func(x int) int { return x + 1 }, in)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/task")
			})
		}
	}
}

// BenchmarkIMapOverhead is BenchmarkMapOverhead for IMapUnordered and IMap
// (chunk size 1, one channel send per task).
func BenchmarkIMapOverhead(b *testing.B) {
	const n = 10000
	for _, ordered := range []bool{true, false} {
		b.Run(fmt.Sprint("ordered=", ordered), func(b *testing.B) {
			p := poolkit.NewPool(2)
			defer p.Close()
			in := make([]int, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var ch <-chan int
				if ordered {
					ch = poolkit.IMap(p, func(x int) int { return x + 1 }, in)
				} else {
					ch = poolkit.IMapUnordered(p, func(x int) int { return x + 1 }, in)
				}
				for range ch {
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/task")
		})
	}
}

// BenchmarkSubmit measures a future round trip.
func BenchmarkSubmit(b *testing.B) {
	p := poolkit.NewPool(2)
	defer p.Close()
	for i := 0; i < b.N; i++ {
		poolkit.Submit(p, func() int { return 1 }).Wait()
	}
}

// BenchmarkMapSleep runs N tasks that sleep on n workers and reports the
// ratio of the wall time to the ideal ceil(N/n)*sleep.
func BenchmarkMapSleep(b *testing.B) {
	const sleep = 2 * time.Millisecond
	for _, tc := range []struct{ tasks, workers int }{{8, 2}, {20, 4}, {64, 8}} {
		b.Run(fmt.Sprintf("N=%d/n=%d", tc.tasks, tc.workers), func(b *testing.B) {
			p := poolkit.NewPool(tc.workers).With(poolkit.ChunkSize(1))
			defer p.Close()
			in := make([]int, tc.tasks)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				poolkit.Map(p, func(x int) int { time.Sleep(sleep); return x }, in)
			}
			ideal := time.Duration((tc.tasks+tc.workers-1)/tc.workers) * sleep
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(ideal), "x-ideal")
		})
	}
}
