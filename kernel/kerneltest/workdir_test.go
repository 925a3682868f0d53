package kerneltest_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/buildcache"
	"github.com/aulago/gokernel/kernel/kerneltest"
)

// The kernels of the tests build plugins at normal priority: tests wait
// for a compile with bounds (a cell waits 5 s for its own funcs), which a
// build at nice 19 misses on a busy machine. The benchmarks of builds
// set it back. Nor do they queue behind the builds of the machine's
// other test runs.
func init() {
	if os.Getenv("GOKERNEL_BUILD_NICE") == "" {
		os.Setenv("GOKERNEL_BUILD_NICE", "0")
	}
	_ = buildcache.UsePrivateSlots()
}

// waitFor polls cond until it holds, or fails after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not after %s", what, d)
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

// The kernel owns its engines' work folders, in the user's cache, never
// in the temporary folder: when an engine is killed (SIGKILL, so its own
// cleanup never runs) the kernel removes its folder and gives the next
// engine another; after a shutdown nothing is left, plugin builds and
// the engine's go commands included (its TMPDIR is in its folder).
func TestWorkFolderOwnedByKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and a plugin")
	}
	cache, tmp := t.TempDir(), t.TempDir()
	f := kerneltest.StartEnv(t, plain(t), "XDG_CACHE_HOME="+cache, "TMPDIR="+tmp)
	if r := f.Execute("func inc(n int) int { return n + 1 }", 60*time.Second); r.Reply["status"] != "ok" {
		t.Fatalf("cell: %v", r.Reply)
	}
	if text, ok := waitCompiled(t, f, "inc", 5*time.Minute); !ok {
		t.Fatalf("inc does not run compiled: %s", text)
	}
	kdirs, _ := filepath.Glob(filepath.Join(cache, "gokernel", "run", "kernel-*"))
	if len(kdirs) != 1 || !exists(filepath.Join(kdirs[0], "engine-1")) {
		t.Fatalf("kernel folders %v, want one with engine-1 in it", kdirs)
	}
	kdir := kdirs[0]
	engines := children(f.Cmd.Process.Pid)
	if len(engines) != 1 {
		t.Fatalf("engines %v", engines)
	}
	if err := syscall.Kill(engines[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the killed engine's folder removed, the next one's made", func() bool {
		return !exists(filepath.Join(kdir, "engine-1")) && exists(filepath.Join(kdir, "engine-2"))
	})
	f.Send(f.Control, "shutdown_request", map[string]any{"restart": false})
	done := make(chan error, 1)
	go func() { done <- f.Cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the kernel did not end after shutdown_request")
	}
	if exists(kdir) {
		t.Errorf("the kernel's folder %s is still there after its shutdown", kdir)
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "gokernel") || strings.HasPrefix(e.Name(), "go-build") {
			t.Errorf("left in the temporary folder: %s", e.Name())
		}
	}
}
