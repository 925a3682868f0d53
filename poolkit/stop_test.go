package poolkit_test

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestStopAll(t *testing.T) {
	errInterrupt := errors.New("interrupted")
	tests := []struct {
		name string
		// call runs 20 tasks of task on p and returns what the caller sees:
		// the panic value of a blocking call, Err of a stream, the error of
		// a future, and the number of results delivered.
		call func(p *poolkit.Pool, task func(int) int) (got any, results int)
	}{
		{"Map", func(p *poolkit.Pool, task func(int) int) (got any, results int) {
			defer func() { got = recover() }()
			poolkit.Map(p, task, make([]int, 20))
			return nil, 0
		}},
		{"Apply", func(p *poolkit.Pool, task func(int) int) (got any, results int) {
			defer func() { got = recover() }()
			poolkit.Apply(p, task, 1)
			return nil, 0
		}},
		{"IMap", func(p *poolkit.Pool, task func(int) int) (any, int) {
			n := 0
			for range poolkit.IMap(p, task, make([]int, 20)) {
				n++
			}
			return p.Err(), n
		}},
		{"IMapUnordered", func(p *poolkit.Pool, task func(int) int) (any, int) {
			n := 0
			for range poolkit.IMapUnordered(p, task, make([]int, 20)) {
				n++
			}
			return p.Err(), n
		}},
		{"Submit", func(p *poolkit.Pool, task func(int) int) (any, int) {
			_, err := poolkit.Submit(p, func() int { return task(0) }).Get()
			return err, 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(2)
			defer p.Close()
			var started atomic.Int32
			release := make(chan struct{})
			var afterStop atomic.Int32 // tasks started after StopAll returned
			var stopped atomic.Bool
			go func() {
				for started.Load() == 0 {
					time.Sleep(time.Millisecond)
				}
				time.Sleep(5 * time.Millisecond)
				poolkit.StopAll(errInterrupt)
				stopped.Store(true)
			}()
			got, results := tt.call(p, func(x int) int {
				if stopped.Load() {
					afterStop.Add(1)
				}
				started.Add(1)
				<-release
				return x
			})
			if got != errInterrupt {
				t.Errorf("caller got %v, want the StopAll error", got)
			}
			if results != 0 {
				t.Errorf("%d results of stopped tasks delivered", results)
			}
			n := started.Load()
			close(release)
			// A later run on the same pool works normally.
			if out := poolkit.Map(p, func(x int) int { return x + 1 }, []int{1, 2}); fmt.Sprint(out) != "[2 3]" {
				t.Errorf("Map after StopAll = %v", out)
			}
			p.Close()
			p.Join()
			if got := started.Load(); got != n || afterStop.Load() != 0 {
				t.Errorf("%d tasks started after StopAll", got-n+afterStop.Load())
			}
		})
	}
}

func TestStopAllNilMeansErrStopped(t *testing.T) {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan struct{})
	started := make(chan struct{})
	f := poolkit.Submit(p, func() int { close(started); <-release; return 1 })
	<-started
	poolkit.StopAll(nil)
	if _, err := f.Get(); err != poolkit.ErrStopped {
		t.Errorf("Get() error %v, want ErrStopped", err)
	}
	close(release)
}

func TestStopAllWithNothingRunning(t *testing.T) {
	poolkit.StopAll(errors.New("nothing to stop"))
	p := poolkit.NewPool(2)
	defer p.Close()
	if got := poolkit.Map(p, func(x int) int { return 2 * x }, []int{1, 2, 3}); fmt.Sprint(got) != "[2 4 6]" {
		t.Errorf("Map = %v", got)
	}
}

func ExampleStopAll() {
	p := poolkit.NewPool(2)
	defer p.Close()
	started, release := make(chan bool, 20), make(chan bool)
	go func() {
		<-started
		// What a notebook kernel does when the user presses interrupt:
		poolkit.StopAll(errors.New("interrupted"))
		close(release)
	}()
	defer func() { fmt.Println("Map panicked:", recover()) }()
	poolkit.Map(p, func(x int) int { started <- true; <-release; return x }, make([]int, 20))
	// Output: Map panicked: interrupted
}
