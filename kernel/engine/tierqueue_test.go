package engine

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/buildcache"
)

// The engine's tests build plugins at normal priority: they wait for
// compiles with bounds, which a build at nice 19 misses on a busy
// machine; nor queue behind the builds of the machine's other test runs.
func init() {
	if os.Getenv("GOKERNEL_BUILD_NICE") == "" {
		os.Setenv("GOKERNEL_BUILD_NICE", "0")
	}
	_ = buildcache.UsePrivateSlots()
}

// A build queued for a build slot (the machine's other kernels hold them
// all) holds no cell back: the wait for a compile skips it, cells run the
// func interpreted, and it compiles once a slot is free.
func TestQueuedBuild(t *testing.T) {
	s := newSessionWith(t, false)
	if !s.e.tier.On {
		t.Skipf("no compiled tier: %s", s.e.tier.Why)
	}
	slots := buildcache.Slots{Dir: t.TempDir(), N: 1}
	s.e.tier.UseSlots(slots)
	release, err := slots.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := s.run(t, "func twice(n int) int { return 2 * n }"); r.err != "" {
		t.Fatal(r.err)
	}
	if !s.e.tier.Queued() {
		t.Fatal("the build did not wait for the held slot")
	}
	// Waiting for it, however long the bound, returns: the slot is held
	// until this test frees it.
	waited := make(chan struct{})
	go func() {
		s.e.tier.WaitNames(map[string]bool{"twice": true}, time.Hour)
		close(waited)
	}()
	select {
	case <-waited:
	case <-time.After(time.Minute):
		t.Fatal("a cell waits for a build queued for a slot")
	}
	if r := s.run(t, "twice(21)"); r.result != "42" || s.e.tier.StatusOf("twice") != "interpreted: being compiled" {
		t.Errorf("while queued: %q %q, status %q", r.result, r.err, s.e.tier.StatusOf("twice"))
	}
	release()
	s.e.tier.Settle()
	if r := s.run(t, "twice(21)"); r.result != "42" || s.e.tier.StatusOf("twice") != "compiled" {
		t.Errorf("once a slot was free: %q %q, status %q", r.result, r.err, s.e.tier.StatusOf("twice"))
	}
}
