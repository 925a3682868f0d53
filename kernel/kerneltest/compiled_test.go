package kerneltest_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

var (
	plainOnce   sync.Once
	plainBinary string
	plainErr    error
)

// plain is the kernel built without the race detector: its engine runs
// the compiled tier (a race-enabled engine turns it off).
func plain(t *testing.T) string {
	plainOnce.Do(func() {
		plainBinary = filepath.Join(filepath.Dir(binary), "gokernel-plain")
		out, err := exec.Command("go", "build", "-o", plainBinary, "github.com/aulago/gokernel/cmd/gokernel").CombinedOutput()
		if err != nil {
			plainErr = err
			t.Logf("%s", out)
		}
	})
	if plainErr != nil {
		t.Fatal(plainErr)
	}
	return plainBinary
}

// mustRunCompiled fails the test unless inspect says that the session's
// func name runs compiled.
func mustRunCompiled(t *testing.T, f *kerneltest.Frontend, name string) {
	t.Helper()
	insp := f.Collect(f.Send(f.Shell, "inspect_request", map[string]any{"code": name, "cursor_pos": len(name), "detail_level": 0}), f.Shell, 10*time.Second)
	if data, _ := insp.Reply["data"].(map[string]any); data == nil || !strings.Contains(data["text/plain"].(string), "Runs compiled.") {
		t.Fatalf("%s does not run compiled: %v", name, insp.Reply)
	}
}

// soleError returns the one error output of a failed cell, and its
// traceback as text.
func soleError(t *testing.T, run kerneltest.Run) (map[string]any, string) {
	t.Helper()
	errs := run.Of("error")
	if run.Reply["status"] != "error" || len(errs) != 1 {
		t.Fatalf("reply %v outputs %v", run.Reply, run.Outputs)
	}
	e := errs[0].Content
	return e, strings.Join(toStrings(e["traceback"]), "\n")
}

// A goroutine panic in compiled code ends the engine as in interpreted
// code: the cell shows the cause, the kernel lives on and restarts it.
func TestCompiledGoroutinePanic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and a plugin")
	}
	f := kerneltest.Start(t, plain(t))
	pid := f.Cmd.Process.Pid
	// The cell calls boom, so it waits for its compile.
	f.Execute("import \"time\"\nfunc boom(n int, fail bool) int {\n\tif fail {\n\t\tgo func() { panic(\"from compiled code\") }()\n\t}\n\treturn n\n}\nboom(0, false)", 60*time.Second)
	mustRunCompiled(t, f, "boom")
	run := f.Execute("boom(1, true)\ntime.Sleep(5 * time.Second)", 60*time.Second)
	e, tb := soleError(t, run)
	if e["ename"] != "panic" || !strings.Contains(e["evalue"].(string), "from compiled code") || !strings.Contains(tb, "restarted") {
		t.Errorf("error %v: %v\n%s", e["ename"], e["evalue"], tb)
	}
	next := f.Execute("boom(2, false)", 30*time.Second)
	if next.Reply["status"] != "ok" || f.Cmd.ProcessState != nil || f.Cmd.Process.Pid != pid {
		t.Errorf("after the crash: %v %v", next.Reply, next.Outputs)
	}
}

// A fatal error in compiled code (concurrent map writes, which no recover
// catches) is handled as in interpreted code: the cell shows it with its
// hint, the engine restarts, and the session's funcs come back.
func TestCompiledFatalError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and a plugin")
	}
	f := kerneltest.Start(t, plain(t))
	code := "import \"sync\"\nfunc race(n int) int {\n\tm := map[int]int{}\n\tvar wg sync.WaitGroup\n\tfor w := 0; w < 4; w++ {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfor i := 0; i < n; i++ {\n\t\t\t\tm[i] = i\n\t\t\t}\n\t\t}()\n\t}\n\twg.Wait()\n\treturn len(m)\n}\nrace(1)"
	if r := f.Execute(code, 60*time.Second); r.Reply["status"] != "ok" {
		t.Fatalf("setup: %v", r.Reply)
	}
	mustRunCompiled(t, f, "race")
	run := f.Execute("race(10000000)", 120*time.Second)
	e, tb := soleError(t, run)
	if e["ename"] != "fatal error" || !strings.Contains(e["evalue"].(string), "concurrent map") || !strings.Contains(tb, "sync.Mutex") || !strings.Contains(tb, "restarted") {
		t.Errorf("error %v: %v\n%s", e["ename"], e["evalue"], tb)
	}
	if next := f.Execute("race(1)", 60*time.Second); resultText(next) != "1" {
		t.Errorf("after the crash: %v %v", next.Reply, next.Outputs)
	}
}
