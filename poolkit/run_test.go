package poolkit_test

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

func TestRunCallsEveryIndexOnce(t *testing.T) {
	tests := []struct {
		workers, n, chunk int
	}{
		{1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {4, 3, 1}, {2, 100, 1}, {2, 100, 7}, {3, 1000, 0}, {8, 10000, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("w%d_n%d_c%d", tt.workers, tt.n, tt.chunk), func(t *testing.T) {
			p := poolkit.NewPool(tt.workers)
			defer p.Close()
			if tt.chunk > 0 {
				p = p.With(poolkit.ChunkSize(tt.chunk))
			}
			counts := make([]int32, tt.n)
			if err := p.Run(tt.n, func(i int) { atomic.AddInt32(&counts[i], 1) }, nil); err != nil {
				t.Fatal(err)
			}
			for i, c := range counts {
				if c != 1 {
					t.Fatalf("task %d ran %d times", i, c)
				}
			}
		})
	}
}

func TestRunTaskError(t *testing.T) {
	tests := []struct {
		name      string
		value     any
		input     func(int) any
		wantInput any
		wantMsg   string
	}{
		{"string", "boom", func(i int) any { return i * 10 }, 30, "poolkit: task 3 (input 30) panicked: boom"},
		{"no input", "boom", nil, nil, "poolkit: task 3 panicked: boom"},
		{"error", errors.New("bad"), func(i int) any { return "x" }, "x", "poolkit: task 3 (input x) panicked: bad"},
		{"panicking input", "boom", func(i int) any { panic("oops") }, nil, "poolkit: task 3 panicked: boom"},
		{"nil panic", nil, nil, nil, "poolkit: task 3 panicked: panic called with nil argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(2)
			defer p.Close()
			err := p.Run(6, func(i int) {
				if i == 3 {
					panic(tt.value)
				}
			}, tt.input, poolkit.ChunkSize(1))
			var te *poolkit.TaskError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want a *TaskError", err)
			}
			if te.Index != 3 || te.Input != tt.wantInput {
				t.Errorf("Index, Input = %d, %v; want 3, %v", te.Index, te.Input, tt.wantInput)
			}
			if !strings.HasPrefix(te.Error(), tt.wantMsg) {
				t.Errorf("Error() = %q, want prefix %q", te.Error(), tt.wantMsg)
			}
			if !strings.Contains(te.Stack, "run_test.go") {
				t.Errorf("Stack does not show the panicking task:\n%s", te.Stack)
			}
		})
	}
}

func TestRunTaskGoexit(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	err := p.Run(20, func(i int) {
		if i == 0 {
			runtime.Goexit()
		}
	}, nil, poolkit.ChunkSize(1))
	var te *poolkit.TaskError
	if !errors.As(err, &te) || te.Index != 0 || !strings.Contains(te.Error(), "Goexit") {
		t.Fatalf("err = %v, want a TaskError for task 0 mentioning Goexit", err)
	}
	// The pool still works: the lost worker was replaced.
	if got := poolkit.Map(p, func(x int) int { return x + 1 }, []int{1, 2, 3}); fmt.Sprint(got) != "[2 3 4]" {
		t.Errorf("Map after Goexit = %v", got)
	}
}

func TestRunPanicStopsFurtherTasks(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	var ran atomic.Int32
	err := p.Run(100, func(i int) {
		ran.Add(1)
		if i == 5 {
			panic("stop")
		}
	}, nil, poolkit.ChunkSize(3))
	if err == nil {
		t.Fatal("no error")
	}
	if got := ran.Load(); got != 6 {
		t.Errorf("%d tasks ran on one worker, want 6 (0..5)", got)
	}
}

func TestRunMisusePanics(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	var nilPool *poolkit.Pool
	tests := map[string]func(){
		"negative n":  func() { p.Run(-1, func(int) {}, nil) },
		"nil task":    func() { p.Run(1, nil, nil) },
		"nil pool":    func() { nilPool.Run(1, func(int) {}, nil) },
		"zero pool":   func() { new(poolkit.Pool).Run(1, func(int) {}, nil) },
		"nil emit":    func() { p.Stream(1, true, func(int) {}, nil, nil, func(error) {}) },
		"nil done":    func() { p.Stream(1, true, func(int) {}, nil, func(int) {}, nil) },
		"nil Map fn":  func() { poolkit.Map[int, int](p, nil, []int{1}) },
		"nil IMap fn": func() { poolkit.IMap[int, int](p, nil, []int{1}) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			msg := fmt.Sprint(mustPanic(t, f))
			if !strings.HasPrefix(msg, "poolkit: ") {
				t.Errorf("panic %q lacks the poolkit: prefix", msg)
			}
		})
	}
}

// streamResult collects what a Stream call reports.
type streamResult struct {
	mu       sync.Mutex
	emitted  []int
	doneErr  error
	doneN    int
	emitLate bool // an emit came after done
	inEmit   atomic.Int32
	overlap  bool
	finished chan struct{}
}

func newStreamResult() *streamResult { return &streamResult{finished: make(chan struct{})} }

func (s *streamResult) emit(i int) {
	if s.inEmit.Add(1) > 1 {
		s.overlap = true
	}
	s.mu.Lock()
	if s.doneN > 0 {
		s.emitLate = true
	}
	s.emitted = append(s.emitted, i)
	s.mu.Unlock()
	s.inEmit.Add(-1)
}

func (s *streamResult) done(err error) {
	s.mu.Lock()
	s.doneN++
	s.doneErr = err
	s.mu.Unlock()
	close(s.finished)
}

func TestStream(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		ordered bool
		chunk   int
		fail    int // index that panics, or -1
		want    []int
	}{
		{"ordered", 50, true, 1, -1, seq(0, 50)},
		{"ordered chunks", 50, true, 7, -1, seq(0, 50)},
		{"unordered", 50, false, 1, -1, seq(0, 50)},
		{"empty ordered", 0, true, 1, -1, nil},
		{"empty unordered", 0, false, 1, -1, nil},
		{"ordered failure", 20, true, 1, 10, seq(0, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(3)
			defer p.Close()
			s := newStreamResult()
			b := p.Stream(tt.n, tt.ordered, func(i int) {
				if i == tt.fail {
					panic("boom")
				}
				if i%3 == 0 {
					runtime.Gosched()
				}
			}, nil, s.emit, s.done, poolkit.ChunkSize(tt.chunk))
			<-s.finished
			berr := b.Wait()
			s.mu.Lock()
			defer s.mu.Unlock()
			got := s.emitted
			if !tt.ordered {
				sort.Ints(got)
			}
			if tt.fail >= 0 && len(got) <= len(tt.want) {
				// Tasks before the failing one may be skipped if the panic
				// comes first, so any prefix of want is right.
				tt.want = tt.want[:len(got)]
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("emitted %v, want %v", got, tt.want)
			}
			if s.doneN != 1 || s.emitLate || s.overlap {
				t.Errorf("done called %d times, emit after done %v, overlapping emits %v", s.doneN, s.emitLate, s.overlap)
			}
			if (tt.fail >= 0) != (s.doneErr != nil) || berr != s.doneErr || p.Err() != s.doneErr {
				t.Errorf("done(%v), Batch.Wait() = %v, Err() = %v", s.doneErr, berr, p.Err())
			}
		})
	}
}

func TestStreamUnorderedFailureSendsNothingAfter(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	s := newStreamResult()
	p.Stream(10, false, func(i int) {
		if i == 4 {
			panic("boom")
		}
	}, nil, s.emit, s.done)
	<-s.finished
	if fmt.Sprint(s.emitted) != "[0 1 2 3]" {
		t.Errorf("emitted %v, want [0 1 2 3]", s.emitted)
	}
}

// seq returns lo, lo+1, ..., hi-1.
func seq(lo, hi int) []int {
	out := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}

func ExamplePool_Run() {
	p := poolkit.NewPool(2)
	defer p.Close()
	// The generic Map is this, with typed storage.
	values := []string{"a", "bb", "ccc"}
	out := make([]int, len(values))
	err := p.Run(len(values), func(i int) { out[i] = len(values[i]) }, func(i int) any { return values[i] })
	fmt.Println(out, err)
	// Output: [1 2 3] <nil>
}

func ExamplePool_Start() {
	p := poolkit.NewPool(2)
	defer p.Close()
	out := make([]int, 4)
	b := p.Start(len(out), func(i int) { out[i] = i * i }, nil)
	// ... other work here ...
	fmt.Println(b.Wait(), out) // read out only after Wait
	// Output: <nil> [0 1 4 9]
}

func ExamplePool_Stream() {
	p := poolkit.NewPool(2)
	defer p.Close()
	// The generic IMap is this, with typed storage.
	values := []int{1, 2, 3, 4}
	out := make([]int, len(values))
	ch := make(chan int, len(values))
	p.Stream(len(values), true,
		func(i int) { out[i] = values[i] * 100 },
		func(i int) any { return values[i] },
		func(i int) { ch <- out[i] },
		func(err error) { close(ch) })
	for v := range ch {
		fmt.Println(v)
	}
	// Output:
	// 100
	// 200
	// 300
	// 400
}
