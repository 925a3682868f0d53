package kernel

import (
	"runtime/debug"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel/textpages"
)

// idleFree is how long the kernel waits, idle after a request, before it
// gives back the heap it no longer uses and the pages of its binary the
// request mapped: a classroom server holds many idle kernels.
const idleFree = 2 * time.Second

// idleMemory frees memory once the kernel has been idle for idleFree.
type idleMemory struct {
	mu    sync.Mutex
	timer *time.Timer
}

// idle (re)starts the countdown; busy stops it.
func (m *idleMemory) idle() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
	m.timer = time.AfterFunc(idleFree, func() {
		debug.FreeOSMemory()
		textpages.Drop()
	})
}

func (m *idleMemory) busy() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
}
