package kerneltest_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// resident returns the resident memory of pid, in bytes.
func resident(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := strconv.ParseInt(strings.Fields(string(b))[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// openFiles returns how many file descriptors pid has open.
func openFiles(t *testing.T, pid int) int {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// A long session (3,000 executes, 300 pool runs, 20 crashes) leaves the
// kernel process's memory and file descriptors bounded. It takes about a
// minute: set GOKERNEL_SOAK=1 (scripts/test.sh does).
func TestSoak(t *testing.T) {
	if os.Getenv("GOKERNEL_SOAK") == "" {
		t.Skip("set GOKERNEL_SOAK=1 to run the soak test")
	}
	f := kerneltest.Start(t, plain(t))
	pid := f.Cmd.Process.Pid
	setup := "import \"time\"\nfunc sq(x int) int { return x * x }\np := poolkit.NewPool(2)\nxs := make([]int, 1000)\ntotal := 0"
	if r := f.Execute(setup, 30*time.Second); r.Reply["status"] != "ok" {
		t.Fatal(r.Reply)
	}
	ok := func(code string) {
		t.Helper()
		if r := f.Execute(code, 60*time.Second); r.Reply["status"] != "ok" {
			t.Fatalf("%q: %v", code, r.Reply)
		}
	}
	// Warm up, then measure.
	for i := 0; i < 100; i++ {
		ok("total++")
	}
	mem0, fds0 := resident(t, pid), openFiles(t, pid)
	for i := 0; i < 3000; i++ {
		ok("total++")
		if i%10 == 0 {
			ok("total += len(poolkit.Map(p, sq, xs))")
		}
		if i%150 == 0 {
			r := f.Execute("go func() { panic(\"soak\") }()\ntime.Sleep(5 * time.Second)", 60*time.Second)
			if r.Reply["status"] != "error" {
				t.Fatalf("crash %d: %v", i/150, r.Reply)
			}
			ok("p = poolkit.NewPool(2)\nxs = make([]int, 1000)\ntotal = 0")
		}
	}
	mem1, fds1 := resident(t, pid), openFiles(t, pid)
	t.Logf("kernel resident memory %d → %d MB, file descriptors %d → %d", mem0>>20, mem1>>20, fds0, fds1)
	if mem1 > mem0+64<<20 {
		t.Errorf("kernel memory grew by %d MB", (mem1-mem0)>>20)
	}
	if fds1 > fds0+8 {
		t.Errorf("kernel file descriptors grew from %d to %d", fds0, fds1)
	}
}
