package kerneltest_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

func TestKernelInfo(t *testing.T) {
	f := kerneltest.Start(t, binary)
	req := f.Send(f.Shell, "kernel_info_request", map[string]any{})
	run := f.Collect(req, f.Shell, 5*time.Second)
	if run.Reply["protocol_version"] != "5.3" || run.Reply["status"] != "ok" {
		t.Fatalf("reply %v", run.Reply)
	}
	li := run.Reply["language_info"].(map[string]any)
	for k, want := range map[string]string{"name": "go", "mimetype": "text/x-go", "file_extension": ".go", "pygments_lexer": "go", "codemirror_mode": "go"} {
		if li[k] != want {
			t.Errorf("language_info.%s = %v, want %s", k, li[k], want)
		}
	}
	if len(run.Outputs) != 1 || run.Outputs[0].Content["execution_state"] != "busy" {
		t.Errorf("iopub between busy and idle: %v", run.Outputs)
	}
}

func TestExecuteResultAndStream(t *testing.T) {
	f := kerneltest.Start(t, binary)
	cases := []struct {
		code, stdout, result string
		count                float64
	}{
		{"import \"fmt\"\nfmt.Println(\"olá\")", "olá\n", "", 1},
		{"6 * 7", "", "42", 2},
		{"x := 20\nx + 1", "", "21", 3},
	}
	for _, c := range cases {
		run := f.Execute(c.code, 20*time.Second)
		if run.Reply["status"] != "ok" || run.Reply["execution_count"] != c.count {
			t.Fatalf("%q: reply %v", c.code, run.Reply)
		}
		if got := run.Stream("stdout"); got != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, got, c.stdout)
		}
		res := run.Of("execute_result")
		got := ""
		if len(res) == 1 {
			got = res[0].Content["data"].(map[string]any)["text/plain"].(string)
		}
		if got != c.result {
			t.Errorf("%q: result %q, want %q", c.code, got, c.result)
		}
	}
}

// A line printed in a loop with a sleep shows up while the cell runs.
func TestStreamIsLive(t *testing.T) {
	f := kerneltest.Start(t, binary)
	run := f.Execute("import (\"fmt\"; \"time\")\nfor i := 0; i < 5; i++ { fmt.Println(i); time.Sleep(200 * time.Millisecond) }", 20*time.Second)
	streams := run.Of("stream")
	if len(streams) < 3 {
		t.Fatalf("want the lines in several batches, got %d: %v", len(streams), streams)
	}
	first, last := streams[0].At, run.Outputs[len(run.Outputs)-1].At
	if last.Sub(first) < 500*time.Millisecond {
		t.Errorf("first line arrived %s before the end: not live", last.Sub(first))
	}
}

func TestErrorAndStopOnError(t *testing.T) {
	f := kerneltest.Start(t, binary)
	bad := f.Send(f.Shell, "execute_request", map[string]any{"code": "panic(\"boom\")", "stop_on_error": true})
	queued := f.Send(f.Shell, "execute_request", map[string]any{"code": "1 + 1", "stop_on_error": true})
	run := f.Collect(bad, f.Shell, 20*time.Second)
	if run.Reply["status"] != "error" || run.Reply["ename"] != "panic" || run.Reply["evalue"] != "boom" {
		t.Fatalf("reply %v", run.Reply)
	}
	if errs := run.Of("error"); len(errs) != 1 {
		t.Fatalf("error outputs %v", errs)
	}
	aborted := f.Collect(queued, f.Shell, 10*time.Second)
	if aborted.Reply["status"] != "aborted" {
		t.Errorf("queued cell: %v, want aborted", aborted.Reply)
	}
	if after := f.Execute("1 + 1", 10*time.Second); after.Reply["status"] != "ok" {
		t.Errorf("cell after the abort: %v", after.Reply)
	}
}

func TestUnknownAndBadMessages(t *testing.T) {
	f := kerneltest.Start(t, binary)
	// Unknown request type: answered with an error reply.
	req := f.Send(f.Shell, "frobnicate_request", map[string]any{})
	run := f.Collect(req, f.Shell, 5*time.Second)
	if run.Reply["status"] != "error" {
		t.Errorf("unknown request: %v", run.Reply)
	}
	// Bad signature, duplicate, missing frames, invalid JSON: dropped.
	good := f.NewRequest("execute_request", map[string]any{"code": "1"})
	frames, _ := kerneltest.Encode(f, good)
	badSig := append([][]byte(nil), frames...)
	badSig[1] = []byte(strings.Repeat("0", 64))
	f.SendFrames(f.Shell, badSig)
	f.SendFrames(f.Shell, [][]byte{[]byte("<IDS|MSG>"), []byte("x")})
	f.SendFrames(f.Shell, [][]byte{[]byte("<IDS|MSG>"), []byte(""), []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")})
	f.SendFrames(f.Shell, frames) // executes once
	f.SendFrames(f.Shell, frames) // replay: dropped
	first := f.RecvReply(f.Shell, 10*time.Second)
	var c map[string]any
	_ = json.Unmarshal(first.Content, &c)
	if c["status"] != "ok" {
		t.Fatalf("good message after bad ones: %v", c)
	}
	// The kernel still answers, and answered only once.
	info := f.Collect(f.Send(f.Shell, "kernel_info_request", map[string]any{}), f.Shell, 5*time.Second)
	if info.Reply["status"] != "ok" {
		t.Errorf("kernel_info after bad messages: %v", info.Reply)
	}
}

func TestInterrupt(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute("keep := 41", 20*time.Second)
	for _, code := range []string{"for {}", "import \"time\"\ntime.Sleep(time.Hour)"} {
		req := f.Send(f.Shell, "execute_request", map[string]any{"code": code})
		time.Sleep(500 * time.Millisecond)
		start := time.Now()
		f.Collect(f.Send(f.Control, "interrupt_request", map[string]any{}), f.Control, 5*time.Second)
		run := f.Collect(req, f.Shell, 10*time.Second)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%q: stopped %s after the interrupt, want < 2s", code, took)
		}
		if run.Reply["status"] != "error" {
			t.Errorf("%q: reply %v", code, run.Reply)
		}
	}
	after := f.Execute("keep + 1", 10*time.Second)
	if r := after.Of("execute_result"); len(r) != 1 || r[0].Content["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("state after interrupts: %v", after.Outputs)
	}
}

func TestShutdown(t *testing.T) {
	f := kerneltest.Start(t, binary)
	rep := f.Collect(f.Send(f.Control, "shutdown_request", map[string]any{"restart": true}), f.Control, 5*time.Second)
	if rep.Reply["restart"] != true {
		t.Errorf("reply %v", rep.Reply)
	}
	done := make(chan error, 1)
	go func() { done <- f.Cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("kernel still running 5s after shutdown")
	}
}

func TestBadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte("{not json"), 0o600)
	for _, path := range []string{filepath.Join(dir, "missing.json"), bad} {
		out, err := exec.Command(binary, "kernel", "-f", path).CombinedOutput()
		if err == nil {
			t.Errorf("%s: exit 0", path)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], path) {
			t.Errorf("%s: want one line naming the file, got %q", path, out)
		}
	}
}
