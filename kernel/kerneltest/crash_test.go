package kerneltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// Each mistake ends the engine process; the kernel process lives on, the
// cell shows the cause, and the next cell runs.
func TestCrashes(t *testing.T) {
	cases := []struct {
		name, code, ename, evalue string
	}{
		{"goroutine panic", "import \"time\"\ngo func() { panic(\"in goroutine\") }()\ntime.Sleep(5 * time.Second)", "panic", "in goroutine"},
		{"concurrent map writes", "import (\"sync\"; \"time\")\nm := map[int]int{}\nvar wg sync.WaitGroup\nfor g := 0; g < 4; g++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); for i := 0; i < 1000000; i++ { m[i%100] = i } }()\n}\nwg.Wait()\ntime.Sleep(10 * time.Second)", "fatal error", "concurrent map"},
		{"stack overflow", "func down(n int) int { return down(n+1) + 1 }\ndown(0)", "fatal error", "stack overflow"},
		{"os.Exit in a goroutine", "import (\"os\"; \"time\")\ngo os.Exit(3)\ntime.Sleep(5 * time.Second)", "panic", "os.Exit(3)"},
	}
	f := kerneltest.Start(t, binary)
	pid := f.Cmd.Process.Pid
	f.Execute("import \"strings\"\nfunc declaredBefore() string { return strings.ToUpper(\"ok\") }", 20*time.Second)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.Execute("before := 1", 20*time.Second)
			run := f.Execute(c.code, 60*time.Second)
			if run.Reply["status"] != "error" {
				t.Fatalf("reply %v", run.Reply)
			}
			errs := run.Of("error")
			if len(errs) != 1 {
				t.Fatalf("error outputs: %v", run.Outputs)
			}
			e := errs[0].Content
			if e["ename"] != c.ename || !strings.Contains(e["evalue"].(string), c.evalue) {
				t.Errorf("error %v: %v", e["ename"], e["evalue"])
			}
			tb := strings.Join(toStrings(e["traceback"]), "\n")
			if !strings.Contains(tb, "restarted") {
				t.Errorf("traceback does not say the state was reset: %q", tb)
			}
			// The funcs and imports of earlier cells were declared again.
			if got := f.Execute("declaredBefore()", 30*time.Second); len(got.Of("execute_result")) != 1 {
				t.Errorf("func of an earlier cell after the restart: %v", got.Outputs)
			}
			next := f.Execute("import \"fmt\"\nfmt.Println(\"alive\")", 30*time.Second)
			if next.Reply["status"] != "ok" || next.Stream("stdout") != "alive\n" {
				t.Errorf("next cell: %v %v", next.Reply, next.Outputs)
			}
			if f.Cmd.ProcessState != nil || f.Cmd.Process.Pid != pid {
				t.Errorf("kernel process changed")
			}
		})
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// yaegi turns os.Exit in the cell's own goroutine into a panic: the cell
// fails, and the session is kept.
func TestOsExitKeepsSession(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute("kept := 7", 20*time.Second)
	run := f.Execute("import \"os\"\nos.Exit(3)", 20*time.Second)
	if run.Reply["status"] != "error" || run.Reply["ename"] != "os.Exit" {
		t.Fatalf("reply %v", run.Reply)
	}
	after := f.Execute("kept", 10*time.Second)
	if r := after.Of("execute_result"); len(r) != 1 || r[0].Content["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("session after os.Exit: %v", after.Outputs)
	}
}
