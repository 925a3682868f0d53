package kerneltest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// children returns the pids of pid's child processes (each thread of pid
// lists the children it started).
func children(pid int) []int {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	var out []int
	for _, task := range tasks {
		b, _ := os.ReadFile(task)
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// running reports whether pid is a live process (not gone, not a zombie).
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(s[i+1:], " Z")
}

// waitGone waits until none of pids runs, or fails after d.
func waitGone(t *testing.T, d time.Duration, what string, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		alive := 0
		for _, p := range pids {
			if running(p) {
				alive++
			}
		}
		if alive == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, p := range pids {
		if running(p) {
			t.Errorf("%s: process %d still runs %s later", what, p, d)
			_ = syscall.Kill(p, syscall.SIGKILL)
		}
	}
}

// A kernel whose launcher is killed (kill -9 of jupyter_server) ends, with
// its engine, within a few seconds: it watches JPY_PARENT_PID.
func TestLauncherDeath(t *testing.T) {
	c := kerneltest.NewConn(t)
	path := kerneltest.WriteConn(t, c)
	// The launcher is a shell that starts the kernel as its child, with
	// JPY_PARENT_PID set to its own pid, as jupyter_client does.
	launcher := exec.Command("sh", "-c", `JPY_PARENT_PID=$$ "$0" kernel -f "$1" & wait`, binary, path)
	if err := launcher.Start(); err != nil {
		t.Fatal(err)
	}
	f := kerneltest.Connect(t, c)
	f.WaitReady(10 * time.Second)
	if r := f.Execute(`x := 1; x`, 20*time.Second); r.Reply["status"] != "ok" {
		t.Fatal("no reply")
	}
	kids := children(launcher.Process.Pid)
	if len(kids) != 1 {
		t.Fatalf("launcher's children %v", kids)
	}
	kern := kids[0]
	engines := children(kern)
	if len(engines) == 0 {
		t.Fatal("the kernel has no engine process")
	}
	_ = launcher.Process.Kill()
	_, _ = launcher.Process.Wait()
	waitGone(t, 5*time.Second, "after the launcher's death", append(engines, kern)...)
}

// SIGTERM ends the kernel and its engine.
func TestSIGTERM(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute(`1`, 20*time.Second)
	kern := f.Cmd.Process.Pid
	engines := children(kern)
	if len(engines) == 0 {
		t.Fatal("the kernel has no engine process")
	}
	_ = f.Cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _, _ = f.Cmd.Process.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the kernel runs 5 s after SIGTERM")
	}
	waitGone(t, 5*time.Second, "after SIGTERM", engines...)
}

// A cell past the engine's memory limit (GOKERNEL_MEMORY_LIMIT in the
// kernelspec's env) says so; the kernel stays up and the next cell runs.
func TestMemoryLimitKeepsKernel(t *testing.T) {
	f := kerneltest.StartEnv(t, binary, "GOKERNEL_MEMORY_LIMIT=600MiB")
	pid := f.Cmd.Process.Pid
	r := f.Execute("import \"bytes\"\nb := bytes.Repeat([]byte{1}, 2<<30)\nlen(b)", 60*time.Second)
	want := "this cell used more than 600 MiB of memory; the engine was restarted"
	if r.Reply["status"] != "error" || r.Reply["ename"] != "MemoryError" || r.Reply["evalue"] != want {
		t.Fatalf("reply %v", r.Reply)
	}
	if got := f.Execute(`1 + 1`, 30*time.Second); got.Reply["status"] != "ok" || f.Cmd.Process.Pid != pid || !running(pid) {
		t.Errorf("after the limit: %v", got.Reply)
	}
}
