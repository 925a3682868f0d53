package buildcache

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Slots bounds the plugin builds that run at once on the machine: a build
// holds an advisory lock (flock) on one of N files of a folder that every
// user can open, and waits while all are held. A lock ends with its
// holder's process, however it ends.
type Slots struct {
	Dir string
	N   int
}

// SharedSlotsDir is the folder of slot files when the install made none:
// sticky and world-writable, as /tmp itself. It is /tmp's, not
// os.TempDir()'s: TMPDIR may be a user's own (pam_tmpdir, or an engine's,
// which the kernel sets to its work folder), and the slots are the
// machine's.
func SharedSlotsDir() string { return "/tmp/gokernel-build-slots" }

// DefaultSlots is the machine's slots: GOKERNEL_BUILD_SLOTS (the folder
// go run ./install makes beside the kernel, with its files) if it holds
// any, else SharedSlotsDir; max(1, NumCPU/2) of them.
func DefaultSlots() Slots {
	n := max(1, runtime.NumCPU()/2)
	if dir := os.Getenv("GOKERNEL_BUILD_SLOTS"); dir != "" {
		if _, err := os.Stat(slotFile(dir, 0)); err == nil {
			return Slots{Dir: dir, N: n}
		}
	}
	return Slots{Dir: SharedSlotsDir(), N: n}
}

func slotFile(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("slot-%d", i)) }

// MakeSlotFiles creates n slot files in dir, readable by every user (a
// lock needs only a read-only descriptor).
func MakeSlotFiles(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		f, err := os.OpenFile(slotFile(dir, i), os.O_RDONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		f.Close()
		if err := os.Chmod(slotFile(dir, i), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// open opens slot i: read-only if it exists (the install's files, owned
// by whoever installed them), else it creates it, readable by all
// whatever the umask, so that every user's builds share it.
func (s Slots) open(i int) (*os.File, error) {
	p := slotFile(s.Dir, i)
	if f, err := os.Open(p); err == nil {
		return f, nil
	}
	if err := os.Mkdir(s.Dir, 0o777); err == nil {
		// Sticky, as /tmp: nobody removes another's slot files.
		_ = os.Chmod(s.Dir, 0o777|os.ModeSticky)
	}
	f, err := os.OpenFile(p, os.O_RDONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	_ = os.Chmod(p, 0o666)
	return f, nil
}

// pollEvery is how often a queued build tries the slots again.
const pollEvery = 100 * time.Millisecond

// TryAcquire takes a free slot if there is one, without waiting: ok
// says whether it did. err says that no slot file can be opened at all.
func (s Slots) TryAcquire() (release func(), ok bool, err error) {
	n := max(1, s.N)
	start := rand.IntN(n)
	opened := 0
	for k := 0; k < n; k++ {
		f, err := s.open((start + k) % n)
		if err != nil {
			continue
		}
		opened++
		if tryLock(f) {
			return func() {
				unlock(f)
				f.Close()
			}, true, nil
		}
		f.Close()
	}
	if opened == 0 {
		return nil, false, fmt.Errorf("no build slot file can be opened in %s", s.Dir)
	}
	return nil, false, nil
}

// Acquire waits for a free slot, and returns the func that frees it. It
// fails when ctx ends, or when no slot file can be opened at all (then
// the caller builds without one rather than never).
func (s Slots) Acquire(ctx context.Context) (release func(), err error) {
	for {
		release, ok, err := s.TryAcquire()
		if ok || err != nil {
			return release, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pollEvery + time.Duration(rand.Int64N(int64(pollEvery)))):
		}
	}
}

// UsePrivateSlots gives this process and the kernels it starts slots of
// their own (GOKERNEL_BUILD_SLOTS, in the temporary folder), for tests:
// a test that waits for a compile must not queue behind the builds of
// the machine's other test runs. The folders of ended processes go.
func UsePrivateSlots() error {
	prefix := filepath.Join(os.TempDir(), "gokernel-test-slots-")
	old, _ := filepath.Glob(prefix + "*")
	for _, d := range old {
		pid, err := strconv.Atoi(strings.TrimPrefix(d, prefix))
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == syscall.ESRCH {
			_ = os.RemoveAll(d)
		}
	}
	dir := prefix + strconv.Itoa(os.Getpid())
	if err := MakeSlotFiles(dir, max(1, runtime.NumCPU()/2)); err != nil {
		return err
	}
	return os.Setenv("GOKERNEL_BUILD_SLOTS", dir)
}
