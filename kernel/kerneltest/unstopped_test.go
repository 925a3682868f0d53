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

// engineCPU returns the CPU time (user and system) the kernel's children
// (its engine) have used so far.
func engineCPU(t *testing.T, kernelPID int) time.Duration {
	t.Helper()
	var ticks int64
	for _, pid := range children(kernelPID) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		// After the name: state is field 3, utime 14, stime 15.
		for _, i := range []int{11, 12} {
			n, _ := strconv.ParseInt(f[i], 10, 64)
			ticks += n
		}
	}
	return time.Duration(ticks) * time.Second / 100 // USER_HZ
}

// assertCalm fails the test if the engine used 0.3 s of CPU or more in
// the second that follows: a goroutine that spins still uses one core.
func assertCalm(t *testing.T, f *kerneltest.Frontend) {
	t.Helper()
	before := engineCPU(t, f.Cmd.Process.Pid)
	time.Sleep(time.Second)
	used := engineCPU(t, f.Cmd.Process.Pid) - before
	t.Logf("engine CPU in the second after the interrupt: %s", used)
	if used >= 300*time.Millisecond {
		t.Errorf("the engine used %s of CPU in the second after the interrupt: something spins still", used)
	}
}

// An interrupt says it stopped a goroutine only when it did: a spinning
// goroutine or cell stops (and uses no CPU after); a goroutine blocked in
// compiled code (sync.WaitGroup.Wait) does not, and the engine is restarted
// with the session back, the notice saying what did not stop.
func TestInterruptSaysWhatItStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel")
	}
	f := kerneltest.Start(t, plain(t))
	if r := f.Execute("import (\n\t\"sync\"\n\t\"time\"\n)\nkept := 7", 20*time.Second); r.Reply["status"] != "ok" {
		t.Fatal(r.Reply)
	}
	interrupt := func() {
		f.Send(f.Control, "interrupt_request", map[string]any{})
		f.RecvReply(f.Control, 5*time.Second)
	}
	// idle starts code in a cell, then interrupts the idle kernel.
	idle := func(code, want string) func() (string, string) {
		return func() (string, string) {
			r := f.Execute(code, 20*time.Second)
			want = fmt.Sprintf(want, int(r.Reply["execution_count"].(float64)))
			time.Sleep(300 * time.Millisecond)
			f.DrainIOPub(100 * time.Millisecond)
			interrupt()
			return displaysUntil(t, f, 30*time.Second, want), want
		}
	}
	// busy interrupts a cell that runs code.
	busy := func(code, want string) func() (string, string) {
		return func() (string, string) {
			req := f.Send(f.Shell, "execute_request", map[string]any{"code": code})
			time.Sleep(500 * time.Millisecond)
			interrupt()
			run := f.Collect(req, f.Shell, 30*time.Second)
			if strings.Contains(want, "%d") {
				want = fmt.Sprintf(want, int(run.Reply["execution_count"].(float64)))
			}
			return errorText(run), want
		}
	}
	const (
		spin    = "go func() { for {} }()"
		blocked = "go func() {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\twg.Wait()\n}()"
		restart = " did not stop within 1 s of the interrupt: the engine was restarted."
	)
	cases := []struct {
		name string
		// run starts the code, interrupts it, and returns what the
		// kernel said and what it should have said.
		run      func() (said, want string)
		restarts bool
	}{
		{"idle spinning goroutine", idle(spin, "Interrupted while idle: stopped 1 goroutine started by cell [%d]."), false},
		{"idle blocked goroutine", idle(blocked, "Interrupted while idle: 1 goroutine started by cell [%d]"+restart), true},
		{"busy spinning goroutine", busy(spin+"\ntime.Sleep(time.Hour)", "The interrupt also stopped 1 goroutine started by cell [%d]."), false},
		{"busy blocked goroutine", busy(blocked+"\ntime.Sleep(time.Hour)", "1 goroutine started by cell [%d]"+restart), true},
		{"spinning cell", busy("for {}", "the cell was interrupted"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			engines := children(f.Cmd.Process.Pid)
			said, want := c.run()
			if !strings.Contains(said, want) {
				t.Errorf("the kernel said %q, want %q", said, want)
			}
			if c.restarts && strings.Contains(said, "stopped 1") {
				t.Errorf("the kernel claims it stopped the goroutine: %q", said)
			}
			assertCalm(t, f)
			if got := resultText(f.Execute("kept", 20*time.Second)); got != "7" {
				t.Errorf("after the interrupt kept = %q, want 7", got)
			}
			now := children(f.Cmd.Process.Pid)
			if restarted := len(now) != 1 || len(engines) != 1 || now[0] != engines[0]; restarted != c.restarts {
				t.Errorf("engines %v before, %v after: restarted %v, want %v", engines, now, restarted, c.restarts)
			}
		})
	}
}

// errorText is the traceback of a run's errors, in one string.
func errorText(r kerneltest.Run) string {
	var b strings.Builder
	for _, e := range r.Of("error") {
		b.WriteString(strings.Join(toStrings(e.Content["traceback"]), "\n"))
	}
	return b.String()
}
