package poolkit_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestMapOrder(t *testing.T) {
	tests := []struct {
		name       string
		workers, n int
		chunk      int
	}{
		{"empty", 2, 0, 0},
		{"one", 2, 1, 0},
		{"fewer than workers", 4, 3, 0},
		{"default chunks", 2, 1000, 0},
		{"chunk 1", 3, 100, 1},
		{"odd chunk", 2, 101, 10},
		{"one worker", 1, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(tt.workers)
			defer p.Close()
			if tt.chunk > 0 {
				p = p.With(poolkit.ChunkSize(tt.chunk))
			}
			in := seq(0, tt.n)
			// Uneven task times shuffle the order in which tasks finish.
			got := poolkit.Map(p, func(x int) string {
				if x%7 == 0 {
					time.Sleep(50 * time.Microsecond)
				}
				return fmt.Sprint(x)
			}, in)
			if got == nil || len(got) != tt.n {
				t.Fatalf("len %d (nil %v), want %d", len(got), got == nil, tt.n)
			}
			for i, s := range got {
				if s != fmt.Sprint(i) {
					t.Fatalf("got[%d] = %q", i, s)
				}
			}
		})
	}
}

func TestIMapOrderAndIMapUnorderedSet(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		chunk   int
		ordered bool
	}{
		{"imap empty", 0, 0, true},
		{"imap one", 1, 0, true},
		{"imap", 200, 0, true},
		{"imap chunks", 200, 9, true},
		{"unordered empty", 0, 0, false},
		{"unordered", 200, 0, false},
		{"unordered chunks", 200, 9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(3)
			defer p.Close()
			if tt.chunk > 0 {
				p = p.With(poolkit.ChunkSize(tt.chunk))
			}
			f := func(x int) int {
				if x%5 == 0 {
					time.Sleep(20 * time.Microsecond)
				}
				return x * 2
			}
			var ch <-chan int
			if tt.ordered {
				ch = poolkit.IMap(p, f, seq(0, tt.n))
			} else {
				ch = poolkit.IMapUnordered(p, f, seq(0, tt.n))
			}
			var got []int
			for v := range ch {
				got = append(got, v)
			}
			if p.Err() != nil {
				t.Fatalf("Err() = %v", p.Err())
			}
			if !tt.ordered {
				sort.Ints(got)
			}
			if len(got) != tt.n {
				t.Fatalf("%d results, want %d", len(got), tt.n)
			}
			for i, v := range got {
				if v != 2*i {
					t.Fatalf("result %d = %d, want %d", i, v, 2*i)
				}
			}
		})
	}
}

func TestIMapDeliversEarlyResultsEarly(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	release := make(chan struct{})
	ch := poolkit.IMapUnordered(p, func(x int) int {
		if x == 0 {
			<-release
		}
		return x
	}, []int{0, 1, 2, 3})
	for i := 0; i < 3; i++ { // 1, 2, 3 come while 0 still runs
		if v := <-ch; v == 0 {
			t.Fatal("got the blocked result first")
		}
	}
	close(release)
	if v := <-ch; v != 0 {
		t.Fatalf("last = %d, want 0", v)
	}
	if _, ok := <-ch; ok {
		t.Fatal("channel not closed")
	}
}

func TestMapPanicsWithTaskError(t *testing.T) {
	tests := []struct {
		name    string
		in      []string
		wantIdx int
		wantIn  string
		wantMsg string
	}{
		{"first", []string{"bad", "a", "b"}, 0, "bad", "poolkit: task 0 (input bad) panicked: bad input"},
		{"middle", []string{"a", "b", "bad", "c"}, 2, "bad", "poolkit: task 2 (input bad) panicked: bad input"},
		{"last", []string{"a", "b", "c", "bad"}, 3, "bad", "poolkit: task 3 (input bad) panicked: bad input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(2)
			defer p.Close()
			v := mustPanic(t, func() {
				poolkit.Map(p, func(s string) int {
					if s == "bad" {
						panic("bad input")
					}
					return len(s)
				}, tt.in)
			})
			te, ok := v.(*poolkit.TaskError)
			if !ok {
				t.Fatalf("panicked with %T %v, want *TaskError", v, v)
			}
			if te.Index != tt.wantIdx || te.Input != tt.wantIn || te.Value != "bad input" || te.Error() != tt.wantMsg {
				t.Errorf("got %d %v %v %q", te.Index, te.Input, te.Value, te.Error())
			}
			if !strings.Contains(te.Stack, "generic_test.go") {
				t.Errorf("stack lacks the task:\n%s", te.Stack)
			}
		})
	}
}

func TestMapRuntimeErrorUnwraps(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	v := mustPanic(t, func() {
		poolkit.Map(p, func(xs []int) int { return xs[5] }, [][]int{{1}})
	})
	var re interface{ RuntimeError() }
	if err, ok := v.(error); !ok || !errors.As(err, &re) {
		t.Errorf("panic %v does not unwrap to a runtime.Error", v)
	}
}

func TestIMapPanicClosesEarly(t *testing.T) {
	for _, ordered := range []bool{true, false} {
		t.Run(fmt.Sprint("ordered=", ordered), func(t *testing.T) {
			p := poolkit.NewPool(1)
			defer p.Close()
			f := func(x int) int {
				if x == 3 {
					panic("boom")
				}
				return x
			}
			var ch <-chan int
			if ordered {
				ch = poolkit.IMap(p, f, seq(0, 10))
			} else {
				ch = poolkit.IMapUnordered(p, f, seq(0, 10))
			}
			var got []int
			for v := range ch {
				got = append(got, v)
			}
			var te *poolkit.TaskError
			if fmt.Sprint(got) != "[0 1 2]" || !errors.As(p.Err(), &te) || te.Index != 3 || te.Input != 3 {
				t.Errorf("results %v, Err() %v; want [0 1 2] and task 3's error", got, p.Err())
			}
			// A successful run clears Err.
			for range poolkit.IMap(p, f, []int{1}) {
			}
			if p.Err() != nil {
				t.Errorf("Err() = %v after a good run", p.Err())
			}
		})
	}
}

func TestFutures(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	release := make(chan struct{})
	slow := poolkit.Submit(p, func() string { <-release; return "slow" })
	bad := poolkit.ApplyAsync(p, func(x int) int { <-release; panic(fmt.Sprint("bad ", x)) }, 7)

	if slow.Ready() || slow.Successful() || slow.WaitTimeout(5*time.Millisecond) {
		t.Error("unfinished future looks finished")
	}
	if v, err := slow.GetTimeout(5 * time.Millisecond); v != "" || err != poolkit.ErrTimeout {
		t.Errorf("GetTimeout = %q, %v; want ErrTimeout", v, err)
	}
	select {
	case <-slow.Done():
		t.Error("Done closed early")
	default:
	}
	close(release)
	slow.Wait()
	<-slow.Done()
	if v, err := slow.Get(); v != "slow" || err != nil || !slow.Ready() || !slow.Successful() {
		t.Errorf("slow: %q, %v, ready %v, successful %v", v, err, slow.Ready(), slow.Successful())
	}
	if v, err := slow.GetTimeout(time.Minute); v != "slow" || err != nil {
		t.Errorf("GetTimeout after done = %q, %v", v, err)
	}
	v, err := bad.Get()
	var te *poolkit.TaskError
	if v != 0 || !errors.As(err, &te) || te.Input != 7 || te.Value != "bad 7" || !bad.Ready() || bad.Successful() {
		t.Errorf("bad: %v, %v", v, err)
	}
	if !bad.WaitTimeout(0) {
		t.Error("WaitTimeout(0) false on a ready future")
	}
	if got := poolkit.Apply(p, func(s string) int { return len(s) }, "four"); got != 4 {
		t.Errorf("Apply = %d", got)
	}
	if te, ok := mustPanic(t, func() { poolkit.Apply(p, func(x int) int { panic("no") }, 1) }).(*poolkit.TaskError); !ok || te.Input != 1 {
		t.Errorf("Apply panic = %v", te)
	}
}

func TestAsCompleted(t *testing.T) {
	p := poolkit.NewPool(3)
	defer p.Close()
	gates := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
	futures := make([]*poolkit.Future[int], 3)
	for i := range futures {
		futures[i] = poolkit.ApplyAsync(p, func(k int) int { <-gates[k]; return k }, i)
	}
	ch := poolkit.AsCompleted(futures)
	for _, k := range []int{1, 2, 0} {
		close(gates[k])
		f := <-ch
		if v, _ := f.Get(); v != k || f != futures[k] {
			t.Fatalf("got future of %d, want %d", v, k)
		}
	}
	if _, ok := <-ch; ok {
		t.Fatal("channel not closed")
	}
	if _, ok := <-poolkit.AsCompleted[int](nil); ok {
		t.Fatal("AsCompleted(nil) yielded")
	}
	if msg := fmt.Sprint(mustPanic(t, func() { poolkit.AsCompleted([]*poolkit.Future[int]{nil}) })); !strings.HasPrefix(msg, "poolkit: AsCompleted") {
		t.Errorf("panic %q", msg)
	}
}

func TestGenericNilFunctionsPanic(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	tests := map[string]func(){
		"Map":           func() { poolkit.Map[int, int](p, nil, nil) },
		"IMapUnordered": func() { poolkit.IMapUnordered[int, int](p, nil, nil) },
		"Submit":        func() { poolkit.Submit[int](p, nil) },
		"ApplyAsync":    func() { poolkit.ApplyAsync[int, int](p, nil, 1) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			if msg := fmt.Sprint(mustPanic(t, f)); !strings.HasPrefix(msg, "poolkit: "+name+": nil function") && !strings.HasPrefix(msg, "poolkit: IMap: nil function") {
				t.Errorf("panic %q", msg)
			}
		})
	}
}

func ExampleMap() {
	p := poolkit.NewPool(2)
	defer p.Close()
	words := []string{"pool", "map", "go"}
	fmt.Println(poolkit.Map(p, func(s string) int { return len(s) }, words))
	// Output: [4 3 2]
}

func ExampleIMap() {
	p := poolkit.NewPool(2)
	defer p.Close()
	for r := range poolkit.IMap(p, func(x int) int { return x * x }, []int{1, 2, 3, 4}) {
		fmt.Println(r) // in input order, each as soon as it and those before it are done
	}
	if err := p.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1
	// 4
	// 9
	// 16
}

func ExampleIMapUnordered() {
	p := poolkit.NewPool(2)
	defer p.Close()
	sum := 0
	for r := range poolkit.IMapUnordered(p, func(x int) int { return x * x }, []int{1, 2, 3, 4}) {
		sum += r // in the order they finish
	}
	fmt.Println(sum, p.Err())
	// Output: 30 <nil>
}

func ExampleSubmit() {
	p := poolkit.NewPool(2)
	defer p.Close()
	n := 30
	f := poolkit.Submit(p, func() int { return n * 2 })
	fmt.Println(f.Get())
	// Output: 60 <nil>
}

func ExampleApplyAsync() {
	p := poolkit.NewPool(2)
	defer p.Close()
	f := poolkit.ApplyAsync(p, func(x int) int { return x + 1 }, 41)
	fmt.Println(f.Get())
	// Output: 42 <nil>
}

func ExampleApply() {
	p := poolkit.NewPool(2)
	defer p.Close()
	fmt.Println(poolkit.Apply(p, func(s string) string { return s + "!" }, "hi"))
	// Output: hi!
}

func ExampleAsCompleted() {
	p := poolkit.NewPool(3)
	defer p.Close()
	gates := []chan bool{make(chan bool), make(chan bool), make(chan bool)}
	futures := []*poolkit.Future[string]{}
	for i, name := range []string{"a", "b", "c"} {
		futures = append(futures, poolkit.Submit(p, func() string { <-gates[i]; return name }))
	}
	done := poolkit.AsCompleted(futures)
	for _, i := range []int{2, 0, 1} {
		close(gates[i])
		v, _ := (<-done).Get()
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output: c a b
}

func ExampleFuture() {
	p := poolkit.NewPool(2)
	defer p.Close()
	futures := []*poolkit.Future[int]{}
	for _, x := range []int{1, 2, 3} {
		futures = append(futures, poolkit.ApplyAsync(p, func(v int) int { return v * 10 }, x))
	}
	for _, f := range futures {
		v, err := f.Get()
		fmt.Println(v, err)
	}
	// Output:
	// 10 <nil>
	// 20 <nil>
	// 30 <nil>
}

func ExampleFuture_Get() {
	p := poolkit.NewPool(1)
	defer p.Close()
	_, err := poolkit.ApplyAsync(p, func(x int) int { return 1 / x }, 0).Get()
	fmt.Println(err)
	// Output: poolkit: task 0 (input 0) panicked: runtime error: integer divide by zero
}

func ExampleFuture_GetTimeout() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	defer close(release)
	f := poolkit.Submit(p, func() string { <-release; return "late" })
	v, err := f.GetTimeout(10 * time.Millisecond)
	fmt.Printf("%q %v\n", v, err)
	// Output: "" poolkit: timeout
}

func ExampleFuture_Wait() {
	p := poolkit.NewPool(1)
	defer p.Close()
	var ran atomic.Bool
	f := poolkit.Submit(p, func() bool { ran.Store(true); return true })
	f.Wait()
	fmt.Println(ran.Load())
	// Output: true
}

func ExampleFuture_WaitTimeout() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	f := poolkit.Submit(p, func() int { <-release; return 1 })
	fmt.Println(f.WaitTimeout(10 * time.Millisecond))
	close(release)
	fmt.Println(f.WaitTimeout(time.Minute))
	// Output:
	// false
	// true
}

func ExampleFuture_Ready() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	f := poolkit.Submit(p, func() int { <-release; return 1 })
	fmt.Println(f.Ready())
	close(release)
	f.Wait()
	fmt.Println(f.Ready())
	// Output:
	// false
	// true
}

func ExampleFuture_Successful() {
	p := poolkit.NewPool(1)
	defer p.Close()
	ok := poolkit.Submit(p, func() int { return 1 })
	bad := poolkit.Submit(p, func() int { panic("no") })
	ok.Wait()
	bad.Wait()
	fmt.Println(ok.Successful(), bad.Successful())
	// Output: true false
}

func ExampleFuture_Done() {
	p := poolkit.NewPool(1)
	defer p.Close()
	f := poolkit.Submit(p, func() int { return 1 })
	select {
	case <-f.Done():
		fmt.Println(f.Get())
	case <-time.After(time.Minute):
		fmt.Println("too slow")
	}
	// Output: 1 <nil>
}
