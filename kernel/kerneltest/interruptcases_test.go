package kerneltest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// An interrupt never claims what it did not do, with the compiled tier on:
// a compiled loop stops, in the cell or in a goroutine, and so does a
// sleep (the statement after it never runs); the engine then uses no CPU.
// A cell that does not return within 2 s of the interrupt (blocked or busy
// in compiled code, which never checks) makes the kernel restart the
// engine and say so, with the session back.
func TestInterruptCompiledAndBlocked(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and plugins")
	}
	const (
		stoppedCell = ": the cell was interrupted; what earlier statements defined is kept."
		cellStuck   = "the cell did not stop within 2 s of the interrupt: the engine was restarted."
	)
	cases := []struct {
		name string
		// decl declares funcs, which must run compiled before start runs.
		decl     string
		compiled []string
		// start runs before the interrupt; cell is the cell interrupted
		// ("": the interrupt comes while the kernel is idle).
		start, cell string
		// want is what the kernel says (%d: start's execution count);
		// not, what it must not say.
		want, not string
		restarts  bool
	}{
		{name: "compiled for {} called by the cell",
			decl: "func spin() {\n\tfor {\n\t}\n}", compiled: []string{"spin"},
			cell: "spin()", want: stoppedCell, not: "did not stop"},
		{name: "compiled for {} in a goroutine, idle",
			decl: "func spin() {\n\tfor {\n\t}\n}", compiled: []string{"spin"},
			start: "go spin()", want: "Interrupted while idle: stopped 1 goroutine started by cell [%d]."},
		{name: "compiled for {} in a goroutine, busy",
			decl: "func spin() {\n\tfor {\n\t}\n}", compiled: []string{"spin"},
			start: "go spin()", cell: "time.Sleep(time.Hour)",
			want: "The interrupt also stopped 1 goroutine started by cell [%d]."},
		{name: "sleeping cell", cell: "time.Sleep(time.Hour)\nx = 0", want: stoppedCell, not: "did not stop"},
		{name: "sleeping goroutine, idle",
			start: "go func() {\n\ttime.Sleep(time.Hour)\n\tx = 0\n}()",
			want:  "Interrupted while idle: stopped 1 goroutine started by cell [%d]."},
		{name: "cell in select {}", cell: "select {}", want: stoppedCell, not: "did not stop"},
		{name: "cell blocked in wg.Wait",
			cell: "var wg sync.WaitGroup\nwg.Add(1)\nwg.Wait()", want: cellStuck, not: "what earlier statements defined is kept", restarts: true},
		{name: "cell blocked in a compiled func",
			decl: "func block() {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\twg.Wait()\n}", compiled: []string{"block"},
			cell: "block()", want: cellStuck, not: "what earlier statements defined is kept", restarts: true},
		{name: "cell busy in a compiled library call",
			cell: "rsa.GenerateKey(rand.Reader, 16384)", want: cellStuck, not: "what earlier statements defined is kept", restarts: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := kerneltest.Start(t, plain(t))
			setup := "import (\n\t\"crypto/rand\"\n\t\"crypto/rsa\"\n\t\"sync\"\n\t\"time\"\n)\n" +
				"var _ = rand.Reader\nvar _ = rsa.GenerateKey\nvar _ sync.Mutex\nvar _ = time.Second\nx := 41\n" + c.decl
			if r := f.Execute(setup, 30*time.Second); r.Reply["status"] != "ok" {
				t.Fatal(r.Reply, r.Outputs)
			}
			for _, name := range c.compiled {
				if text, ok := waitCompiled(t, f, name, 2*time.Minute); !ok {
					t.Fatalf("%s does not run compiled: %s", name, text)
				}
			}
			n := 0
			if c.start != "" {
				r := f.Execute(c.start, 30*time.Second)
				if r.Reply["status"] != "ok" {
					t.Fatal(r.Reply, r.Outputs)
				}
				n = int(r.Reply["execution_count"].(float64))
			}
			want := c.want
			if strings.Contains(want, "%d") {
				want = fmt.Sprintf(want, n)
			}
			engines := children(f.Cmd.Process.Pid)
			said := interruptRun(t, f, c.cell, want)
			if !strings.Contains(said, want) {
				t.Errorf("the kernel said %q, want %q", said, want)
			}
			if c.not != "" && strings.Contains(said, c.not) {
				t.Errorf("the kernel said %q, which claims what it did not do (%q)", said, c.not)
			}
			assertCalm(t, f)
			if got := resultText(f.Execute("x + 1", 30*time.Second)); got != "42" {
				t.Errorf("after the interrupt x + 1 = %q, want 42", got)
			}
			now := children(f.Cmd.Process.Pid)
			if restarted := len(now) != 1 || len(engines) != 1 || now[0] != engines[0]; restarted != c.restarts {
				t.Errorf("engines %v before, %v after: restarted %v, want %v", engines, now, restarted, c.restarts)
			}
		})
	}
}

// interruptRun interrupts cell while it runs, and returns its error's
// traceback; with no cell, it interrupts the idle kernel and returns the
// displays that follow, until want.
func interruptRun(t *testing.T, f *kerneltest.Frontend, cell, want string) string {
	t.Helper()
	interrupt := func() {
		f.Send(f.Control, "interrupt_request", map[string]any{})
		f.RecvReply(f.Control, 5*time.Second)
	}
	if cell == "" {
		time.Sleep(300 * time.Millisecond)
		f.DrainIOPub(100 * time.Millisecond)
		interrupt()
		return displaysUntil(t, f, 30*time.Second, want)
	}
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": cell})
	time.Sleep(500 * time.Millisecond)
	interrupt()
	return errorText(f.Collect(req, f.Shell, 30*time.Second))
}
