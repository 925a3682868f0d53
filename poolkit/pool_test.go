package poolkit_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

// settleGoroutines waits up to 2 s for the number of goroutines to drop to
// at most n and returns the last count.
func settleGoroutines(n int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(time.Millisecond)
	}
}

// mustPanic calls f and returns what it panicked with, failing t if it did
// not panic.
func mustPanic(t *testing.T, f func()) (v any) {
	t.Helper()
	defer func() { v = recover() }()
	f()
	t.Fatal("did not panic")
	return nil
}

func TestNewPoolWorkers(t *testing.T) {
	tests := []struct{ n, want int }{
		{1, 1}, {3, 3}, {64, 64}, {0, runtime.NumCPU()}, {-5, runtime.NumCPU()},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			if got := poolkit.NewPool(tt.n).Workers(); got != tt.want {
				t.Errorf("NewPool(%d).Workers() = %d, want %d", tt.n, got, tt.want)
			}
		})
	}
}

func TestAtMostWorkersRunAtOnce(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := poolkit.NewPool(n)
			defer p.Close()
			var cur, peak atomic.Int32
			poolkit.Map(p.With(poolkit.ChunkSize(1)), func(x int) int {
				c := cur.Add(1)
				for {
					old := peak.Load()
					if c <= old || peak.CompareAndSwap(old, c) {
						break
					}
				}
				time.Sleep(time.Millisecond)
				cur.Add(-1)
				return x
			}, make([]int, 30))
			if got := peak.Load(); got > int32(n) || got < 1 {
				t.Errorf("peak concurrency %d, want 1..%d", got, n)
			}
		})
	}
}

func TestCloseJoin(t *testing.T) {
	p := poolkit.NewPool(2)
	var done atomic.Int32
	futures := make([]*poolkit.Future[int], 6)
	for i := range futures {
		futures[i] = poolkit.Submit(p, func() int { time.Sleep(5 * time.Millisecond); done.Add(1); return 1 })
	}
	p.Close()
	p.Close() // idempotent
	if got := mustPanic(t, func() { poolkit.Submit(p, func() int { return 0 }) }); got != poolkit.ErrClosed {
		t.Errorf("Submit after Close panicked with %v, want ErrClosed", got)
	}
	p.Join()
	if got := done.Load(); got != 6 {
		t.Errorf("after Join, %d of 6 tasks done", got)
	}
	for _, f := range futures {
		if !f.Ready() {
			t.Error("future not ready after Join")
		}
	}
	p.Join() // joining twice is fine
}

func TestJoinBeforeClosePanics(t *testing.T) {
	p := poolkit.NewPool(1)
	msg, _ := mustPanic(t, p.Join).(string)
	if !strings.HasPrefix(msg, "poolkit: Join") {
		t.Errorf("panic %q, want poolkit: Join...", msg)
	}
}

func TestClosedPoolRefusesWork(t *testing.T) {
	p := poolkit.NewPool(1)
	p.Close()
	calls := map[string]func(){
		"Map":           func() { poolkit.Map(p, func(x int) int { return x }, []int{1}) },
		"Map empty":     func() { poolkit.Map(p, func(x int) int { return x }, nil) },
		"IMap":          func() { poolkit.IMap(p, func(x int) int { return x }, []int{1}) },
		"IMapUnordered": func() { poolkit.IMapUnordered(p, func(x int) int { return x }, []int{1}) },
		"Submit":        func() { poolkit.Submit(p, func() int { return 1 }) },
		"ApplyAsync":    func() { poolkit.ApplyAsync(p, func(x int) int { return x }, 1) },
		"Run":           func() { p.Run(1, func(int) {}, nil) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if got := mustPanic(t, call); got != poolkit.ErrClosed {
				t.Errorf("panicked with %v, want ErrClosed", got)
			}
		})
	}
}

func TestTerminate(t *testing.T) {
	tests := []struct {
		name string
		call func(p *poolkit.Pool, task func(int) int) (err any)
	}{
		{"Map", func(p *poolkit.Pool, task func(int) int) (err any) {
			defer func() { err = recover() }()
			poolkit.Map(p.With(poolkit.ChunkSize(1)), task, make([]int, 10))
			return nil
		}},
		{"IMap", func(p *poolkit.Pool, task func(int) int) any {
			for range poolkit.IMap(p, task, make([]int, 10)) {
				return "IMap delivered a result"
			}
			return p.Err()
		}},
		{"IMapUnordered", func(p *poolkit.Pool, task func(int) int) any {
			for range poolkit.IMapUnordered(p, task, make([]int, 10)) {
				return "IMapUnordered delivered a result"
			}
			return p.Err()
		}},
		{"Future", func(p *poolkit.Pool, task func(int) int) any {
			_, err := poolkit.ApplyAsync(p, task, 0).Get()
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(2)
			var started atomic.Int32
			release := make(chan struct{})
			go func() {
				for started.Load() == 0 {
					time.Sleep(time.Millisecond)
				}
				p.Terminate()
			}()
			got := tt.call(p, func(x int) int { started.Add(1); <-release; return x })
			if got != poolkit.ErrTerminated {
				t.Errorf("got %v, want ErrTerminated", got)
			}
			n := started.Load()
			close(release)
			p.Join()
			// A worker that took its next task just before Terminate may
			// still start it (Go cannot stop a call about to begin): one
			// such task per worker not blocked in a task, no more.
			if got := started.Load(); got-n > 1 {
				t.Errorf("%d tasks started after Terminate, want at most 1", got-n)
			}
			if got := mustPanic(t, func() { poolkit.Submit(p, func() int { return 1 }) }); got != poolkit.ErrClosed {
				t.Errorf("Submit after Terminate panicked with %v, want ErrClosed", got)
			}
			p.Terminate() // idempotent
		})
	}
}

func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	p := poolkit.NewPool(4)
	poolkit.Map(p, func(x int) int { return x }, make([]int, 1000))
	for range poolkit.IMap(p, func(x int) int { return x }, make([]int, 100)) {
		break // abandon the channel early
	}
	for range poolkit.IMapUnordered(p, func(x int) int { return x }, make([]int, 100)) {
	}
	poolkit.Submit(p, func() int { return 1 }).Wait()
	func() {
		defer func() { recover() }()
		poolkit.Map(p, func(x int) int { panic("boom") }, make([]int, 100))
	}()
	// An idle pool holds no goroutine, even before Close.
	if got := settleGoroutines(before); got > before {
		t.Errorf("%d goroutines while idle, want at most %d", got, before)
	}
	p.Close()
	p.Join()
	if got := settleGoroutines(before); got > before {
		t.Errorf("%d goroutines after Join, want at most %d", got, before)
	}
}

func TestConcurrentCallsShareThePool(t *testing.T) {
	p := poolkit.NewPool(3)
	defer p.Close()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := make([]int, 200)
			for i := range in {
				in[i] = g*1000 + i
			}
			out := poolkit.Map(p, func(x int) int { return x * 2 }, in)
			for i, v := range out {
				if v != in[i]*2 {
					t.Errorf("caller %d: out[%d] = %d, want %d", g, i, v, in[i]*2)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func ExampleNewPool() {
	p := poolkit.NewPool(4)
	defer p.Close()
	fmt.Println(poolkit.Map(p, func(x int) int { return x * x * x }, []int{1, 2, 3, 4}))
	// Output: [1 8 27 64]
}

func ExamplePool() {
	// The lesson's pattern: a pool, a function, a list of inputs.
	cube := func(x int) int { return x * x * x }
	p := poolkit.NewPool(2)
	defer p.Close()
	results := poolkit.Map(p, cube, []int{1, 2, 3, 4, 5, 6})
	fmt.Println(results)
	// Output: [1 8 27 64 125 216]
}

func ExamplePool_Workers() {
	fmt.Println(poolkit.NewPool(3).Workers())
	// Output: 3
}

func ExamplePool_With() {
	p := poolkit.NewPool(2)
	defer p.Close()
	big := p.With(poolkit.ChunkSize(50)) // same workers, bigger chunks
	poolkit.Map(big, func(x int) int { return x }, make([]int, 100))
	fmt.Println(len(p.Timeline().Spans), "chunks", big.Workers(), "workers")
	// Output: 2 chunks 2 workers
}

func ExamplePool_Close() {
	p := poolkit.NewPool(2)
	defer p.Close() // safe even if closed again below
	f := poolkit.Submit(p, func() string { return "queued before Close" })
	p.Close()
	fmt.Println(f.Get())
	// Output: queued before Close <nil>
}

func ExamplePool_Join() {
	p := poolkit.NewPool(2)
	var done atomic.Int32
	for i := 0; i < 5; i++ {
		poolkit.Submit(p, func() bool { done.Add(1); return true })
	}
	p.Close()
	p.Join() // waits for all five
	fmt.Println(done.Load())
	// Output: 5
}

func ExamplePool_Terminate() {
	p := poolkit.NewPool(1)
	started, release := make(chan bool), make(chan bool)
	go func() { <-started; p.Terminate(); close(release) }()
	defer func() { fmt.Println(recover()); p.Join() }()
	poolkit.Map(p, func(x int) int { started <- true; <-release; return x }, []int{1, 2, 3})
	// Output: poolkit: pool terminated
}

func ExamplePool_Err() {
	p := poolkit.NewPool(2)
	defer p.Close()
	f := func(x int) int {
		if x == 3 {
			panic("boom")
		}
		return x * 10
	}
	for r := range poolkit.IMap(p, f, []int{1, 2, 3, 4}) {
		fmt.Println(r)
	}
	fmt.Println(p.Err())
	// Output:
	// 10
	// 20
	// poolkit: task 2 (input 3) panicked: boom
}
