package buildcache

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// holdSlot is the child process of TestSlotsAcrossProcesses: it takes a
// slot, marks itself as a holder in a folder, counts the holders, holds
// the slot a moment, and prints the count.
func holdSlot(slots, holders string, n int) {
	release, err := Slots{Dir: slots, N: n}.Acquire(context.Background())
	if err != nil {
		fmt.Println("error", err)
		return
	}
	me := filepath.Join(holders, strconv.Itoa(os.Getpid()))
	os.WriteFile(me, nil, 0o600)
	time.Sleep(30 * time.Millisecond)
	entries, _ := os.ReadDir(holders)
	os.Remove(me)
	release()
	fmt.Println("holders", len(entries))
}

func init() {
	if v := os.Getenv("GOKERNEL_TEST_HOLD_SLOT"); v != "" {
		f := strings.Fields(v)
		n, _ := strconv.Atoi(f[2])
		holdSlot(f[0], f[1], n)
		os.Exit(0)
	}
}

// At most N goroutines hold a slot at once, and N do at some point: each
// Acquire opens the slot files itself, so goroutines contend as
// processes do.
func TestSlots(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := Slots{Dir: filepath.Join(t.TempDir(), "slots"), N: n}
			var holding, peak atomic.Int64
			var wg sync.WaitGroup
			for i := 0; i < 4*n+2; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					release, err := s.Acquire(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					h := holding.Add(1)
					for p := peak.Load(); h > p && !peak.CompareAndSwap(p, h); p = peak.Load() {
					}
					time.Sleep(20 * time.Millisecond)
					holding.Add(-1)
					release()
				}()
			}
			wg.Wait()
			if p := peak.Load(); p > int64(n) || p < 1 {
				t.Errorf("%d held a slot at once, cap %d", p, n)
			}
		})
	}
}

// The cap holds across processes: children of the test binary take one
// of two slots, each counting the holders while it holds its own.
func TestSlotsAcrossProcesses(t *testing.T) {
	const n = 2
	slots, holders := filepath.Join(t.TempDir(), "slots"), t.TempDir()
	var cmds []*exec.Cmd
	for i := 0; i < 6; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("GOKERNEL_TEST_HOLD_SLOT=%s %s %d", slots, holders, n))
		cmds = append(cmds, cmd)
	}
	outs := make([][]byte, len(cmds))
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Add(1)
		go func() { defer wg.Done(); outs[i], _ = cmd.Output() }()
	}
	wg.Wait()
	for _, out := range outs {
		var count int
		if _, err := fmt.Sscanf(string(out), "holders %d", &count); err != nil || count < 1 || count > n {
			t.Errorf("a child said %q (cap %d)", out, n)
		}
	}
}

// A queued Acquire ends with its context; the install's read-only slot
// files are used as they are.
func TestSlotsContextAndInstallFiles(t *testing.T) {
	dir := t.TempDir()
	if err := MakeSlotFiles(dir, 1); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(slotFile(dir, 0))
	if info.Mode().Perm() != 0o644 {
		t.Errorf("slot file mode %v", info.Mode())
	}
	t.Setenv("GOKERNEL_BUILD_SLOTS", dir)
	s := DefaultSlots()
	if s.Dir != dir {
		t.Fatalf("DefaultSlots uses %s, not the install's %s", s.Dir, dir)
	}
	s.N = 1
	release, err := s.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := s.Acquire(ctx); err == nil {
		t.Error("a second holder of the only slot")
	}
}
