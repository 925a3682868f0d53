package poolkit_test

import (
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestBatchStates(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	release := make(chan struct{})
	ok := p.Start(3, func(i int) { <-release }, nil)
	bad := p.Start(3, func(i int) {
		<-release
		if i == 1 {
			panic("boom")
		}
	}, nil, poolkit.ChunkSize(1))
	for name, b := range map[string]*poolkit.Batch{"ok": ok, "bad": bad} {
		if b.Ready() || b.Successful() || b.Err() != nil {
			t.Errorf("%s before release: Ready %v, Successful %v, Err %v", name, b.Ready(), b.Successful(), b.Err())
		}
		if b.WaitTimeout(5 * time.Millisecond) {
			t.Errorf("%s: WaitTimeout true before release", name)
		}
		select {
		case <-b.Done():
			t.Errorf("%s: Done closed before release", name)
		default:
		}
	}
	close(release)
	tests := []struct {
		name    string
		b       *poolkit.Batch
		success bool
	}{{"ok", ok, true}, {"bad", bad, false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Wait()
			if (err == nil) != tt.success || tt.b.Err() != err {
				t.Errorf("Wait() = %v, Err() = %v", err, tt.b.Err())
			}
			if !tt.b.Ready() || tt.b.Successful() != tt.success || !tt.b.WaitTimeout(0) {
				t.Errorf("Ready %v, Successful %v", tt.b.Ready(), tt.b.Successful())
			}
			<-tt.b.Done()
		})
	}
}

func TestWhenDone(t *testing.T) {
	p := poolkit.NewPool(3)
	defer p.Close()
	gates := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
	batches := make([]*poolkit.Batch, len(gates))
	for i, g := range gates {
		batches[i] = p.Start(1, func(int) { <-g }, nil)
	}
	order := make(chan int, 10)
	done := make(chan struct{})
	poolkit.WhenDone(batches, func(i int) { order <- i }, func() { close(done) })
	for _, i := range []int{2, 0, 1} {
		close(gates[i])
		if got := <-order; got != i {
			t.Fatalf("emitted %d, want %d", got, i)
		}
	}
	<-done
	if len(order) != 0 {
		t.Errorf("extra emits: %d", len(order))
	}
}

func TestWhenDoneEdgeCases(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	finished := p.Start(1, func(int) {}, nil)
	finished.Wait()
	tests := []struct {
		name    string
		batches []*poolkit.Batch
		want    []int
	}{
		{"none", nil, nil},
		{"already done", []*poolkit.Batch{finished}, []int{0}},
		{"listed twice", []*poolkit.Batch{finished, finished}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int
			doneCalls := 0
			poolkit.WhenDone(tt.batches, func(i int) { got = append(got, i) }, func() { doneCalls++ })
			sort.Ints(got)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || doneCalls != 1 {
				t.Errorf("emitted %v, done %d times; want %v, once", got, doneCalls, tt.want)
			}
		})
	}
	if msg := fmt.Sprint(mustPanic(t, func() { poolkit.WhenDone([]*poolkit.Batch{nil}, func(int) {}, func() {}) })); msg != "poolkit: WhenDone: nil *Batch at index 0" {
		t.Errorf("panic %q", msg)
	}
}

func ExampleBatch() {
	p := poolkit.NewPool(2)
	defer p.Close()
	b := p.Start(3, func(i int) {
		if i == 2 {
			panic(errors.New("disk full"))
		}
	}, nil)
	fmt.Println(b.Wait())
	fmt.Println(b.Ready(), b.Successful())
	// Output:
	// poolkit: task 2 panicked: disk full
	// true false
}

func ExampleBatch_Wait() {
	p := poolkit.NewPool(2)
	defer p.Close()
	sum := make([]int, 10)
	err := p.Start(10, func(i int) { sum[i] = i }, nil).Wait()
	fmt.Println(err, sum)
	// Output: <nil> [0 1 2 3 4 5 6 7 8 9]
}

func ExampleBatch_WaitTimeout() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	b := p.Start(1, func(int) { <-release }, nil)
	fmt.Println(b.WaitTimeout(10 * time.Millisecond))
	close(release)
	fmt.Println(b.WaitTimeout(time.Minute))
	// Output:
	// false
	// true
}

func ExampleBatch_Ready() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	b := p.Start(1, func(int) { <-release }, nil)
	fmt.Println(b.Ready())
	close(release)
	b.Wait()
	fmt.Println(b.Ready())
	// Output:
	// false
	// true
}

func ExampleBatch_Successful() {
	p := poolkit.NewPool(1)
	defer p.Close()
	good := p.Start(1, func(int) {}, nil)
	bad := p.Start(1, func(int) { panic("no") }, nil)
	good.Wait()
	bad.Wait()
	fmt.Println(good.Successful(), bad.Successful())
	// Output: true false
}

func ExampleBatch_Err() {
	p := poolkit.NewPool(1)
	defer p.Close()
	b := p.Start(1, func(int) { panic("no") }, nil)
	<-b.Done()
	fmt.Println(b.Err())
	// Output: poolkit: task 0 panicked: no
}

func ExampleBatch_Done() {
	p := poolkit.NewPool(1)
	defer p.Close()
	b := p.Start(1, func(int) { time.Sleep(time.Millisecond) }, nil)
	select {
	case <-b.Done():
		fmt.Println("done")
	case <-time.After(time.Minute):
		fmt.Println("too slow")
	}
	// Output: done
}

func ExampleWhenDone() {
	p := poolkit.NewPool(2)
	defer p.Close()
	slow, fast := make(chan bool), make(chan bool)
	batches := []*poolkit.Batch{
		p.Start(1, func(int) { <-slow }, nil),
		p.Start(1, func(int) { <-fast }, nil),
	}
	order := make(chan int, len(batches))
	poolkit.WhenDone(batches, func(i int) { order <- i }, func() { close(order) })
	close(fast)
	fmt.Println(<-order)
	close(slow)
	fmt.Println(<-order)
	// Output:
	// 1
	// 0
}
