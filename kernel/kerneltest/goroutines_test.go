package kerneltest_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// spinning reports whether the session variable spins still grows.
func spinning(t *testing.T, f *kerneltest.Frontend) bool {
	t.Helper()
	read := func() int {
		n, err := strconv.Atoi(resultText(f.Execute(`atomic.LoadInt64(&spins)`, 20*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	a := read()
	time.Sleep(300 * time.Millisecond)
	return read() != a
}

// displaysUntil collects, for d at most, the text of iopub displays; a
// stream fails the test (the kernel's notices are never on stderr).
func displaysUntil(t *testing.T, f *kerneltest.Frontend, d time.Duration, want string) string {
	var b strings.Builder
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) && !strings.Contains(b.String(), want) {
		m, ok := f.RecvIOPub(100 * time.Millisecond)
		if !ok {
			continue
		}
		var c map[string]any
		_ = json.Unmarshal(m.Content, &c)
		switch m.Header.MsgType {
		case "stream":
			t.Errorf("a stream after the cell: %v", c)
		case "display_data":
			s, _ := c["data"].(map[string]any)["text/plain"].(string)
			b.WriteString(s)
		}
	}
	return b.String()
}

// Interrupting an idle kernel stops the goroutines earlier cells left
// running, and says so in the last cell; interrupting a later cell stops
// them too and says so in its error. Compiled goroutines stop without
// ending the engine.
func TestInterruptStopsGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel")
	}
	f := kerneltest.Start(t, plain(t))
	pid := f.Cmd.Process.Pid
	setup := "import (\n\t\"sync/atomic\"\n\t\"time\"\n)\nvar spins int64\nkept := 7"
	if r := f.Execute(setup, 20*time.Second); r.Reply["status"] != "ok" {
		t.Fatal(r.Reply)
	}

	// Idle.
	r := f.Execute("go func() {\n\tfor {\n\t\tatomic.AddInt64(&spins, 1)\n\t}\n}()", 20*time.Second)
	n := int(r.Reply["execution_count"].(float64))
	if !spinning(t, f) {
		t.Fatal("the goroutine does not run")
	}
	f.DrainIOPub(100 * time.Millisecond)
	f.Send(f.Control, "interrupt_request", map[string]any{})
	f.RecvReply(f.Control, 5*time.Second)
	want := "Interrupted while idle: stopped 1 goroutine started by cell [" + strconv.Itoa(n) + "]."
	if got := displaysUntil(t, f, 5*time.Second, want); !strings.Contains(got, want) {
		t.Errorf("idle interrupt said %q, want %q", got, want)
	}
	if spinning(t, f) {
		t.Error("the goroutine runs on after the idle interrupt")
	}

	// A later cell.
	r = f.Execute("for range 2 {\n\tgo func() {\n\t\tfor {\n\t\t\tatomic.AddInt64(&spins, 1)\n\t\t}\n\t}()\n}", 20*time.Second)
	n = int(r.Reply["execution_count"].(float64))
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": "time.Sleep(time.Hour)"})
	time.Sleep(300 * time.Millisecond)
	f.Send(f.Control, "interrupt_request", map[string]any{})
	run := f.Collect(req, f.Shell, 10*time.Second)
	tb := ""
	for _, e := range run.Of("error") {
		tb += strings.Join(toStrings(e.Content["traceback"]), "\n")
	}
	want = "The interrupt also stopped 2 goroutines started by cell [" + strconv.Itoa(n) + "]."
	if !strings.Contains(tb, want) {
		t.Errorf("interrupted cell's error %q, want %q", tb, want)
	}
	if spinning(t, f) {
		t.Error("goroutines run on after the interrupt")
	}

	// Compiled code's own goroutine, stopped by the interrupt of a later
	// cell: the engine lives on (before, the compiled loop's check
	// panicked in a goroutine nothing recovered).
	r = f.Execute("func spin() {\n\tfor {\n\t\tatomic.AddInt64(&spins, 1)\n\t}\n}\nfunc startSpin() { go spin() }\nstartSpin()", 60*time.Second)
	mustRunCompiled(t, f, "spin")
	if !spinning(t, f) {
		t.Fatal("the compiled goroutine does not run")
	}
	req = f.Send(f.Shell, "execute_request", map[string]any{"code": "time.Sleep(time.Hour)"})
	time.Sleep(300 * time.Millisecond)
	f.Send(f.Control, "interrupt_request", map[string]any{})
	f.Collect(req, f.Shell, 10*time.Second)
	if spinning(t, f) {
		t.Error("the compiled goroutine runs on after the interrupt")
	}
	if got := resultText(f.Execute("kept", 20*time.Second)); got != "7" || f.Cmd.Process.Pid != pid {
		t.Errorf("after the interrupts kept = %q (the engine restarted?)", got)
	}
}
