package engine

import (
	"maps"
	"reflect"
	"sync"
	"time"
)

// time.Sleep, as cells call it, ends at an interrupt, as Python's does:
// yaegi's is the compiled one, and an interrupted cell (or goroutine)
// sleeping an hour slept on, in the background, once the cell had said
// it was interrupted. An interrupt wakes the sleeps once the interpreter
// has stopped (so the statement after a sleep never runs), and sleeps end
// at once until the next cell starts. The compiled tier has its own sleep
// (pluginsrc.go: __gkSleep).

// sleeps are the interpreted code's sleeps.
type sleeps struct {
	mu      sync.Mutex
	stopped bool          // interrupted, and no cell has started since
	wake    chan struct{} // closed at the interrupt
}

// sleep is time.Sleep for interpreted code.
func (s *sleeps) sleep(d time.Duration) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	if s.wake == nil {
		s.wake = make(chan struct{})
	}
	wake := s.wake
	s.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	}
}

// stop wakes the sleeps, after an interrupt has stopped the interpreter.
func (s *sleeps) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.wake != nil {
		close(s.wake)
		s.wake = nil
	}
}

// reset lets sleeps sleep again, when a cell starts.
func (s *sleeps) reset() {
	s.mu.Lock()
	s.stopped = false
	s.mu.Unlock()
}

// withSleep returns yaegi's time package with s's Sleep.
func withSleep(pkg map[string]reflect.Value, s *sleeps) map[string]reflect.Value {
	pkg = maps.Clone(pkg)
	pkg["Sleep"] = reflect.ValueOf(s.sleep)
	return pkg
}
