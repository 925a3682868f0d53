package kerneltest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// resultText returns the text/plain of a run's execute_result.
func resultText(r kerneltest.Run) string {
	for _, o := range r.Of("execute_result") {
		if s, ok := o.Content["data"].(map[string]any)["text/plain"].(string); ok {
			return s
		}
	}
	return ""
}

// A captured message sent again runs once, also when a hex letter of its
// signature is upper-cased (the HMAC check accepts either case).
func TestReplayWithOtherCase(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute(`runs := 0`, 20*time.Second)
	m := f.NewRequest("execute_request", map[string]any{"code": "runs++", "silent": true})
	frames, _ := kerneltest.Encode(f, m)
	f.SendFrames(f.Shell, frames)
	f.RecvReply(f.Shell, 10*time.Second)
	sig := []byte(string(frames[1]))
	i := strings.IndexAny(string(sig), "abcdef")
	if i < 0 {
		t.Skip("a signature with no hex letter")
	}
	sig[i] -= 'a' - 'A'
	replay := append([][]byte(nil), frames...)
	replay[1] = sig
	f.SendFrames(f.Shell, replay)
	f.SendFrames(f.Shell, frames)
	if got := resultText(f.Execute(`runs`, 20*time.Second)); got != "1" {
		t.Errorf("runs = %q after two replays, want 1", got)
	}
}

// An execute_request on the control channel gets an error reply and runs
// nothing.
func TestExecuteOnControl(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute(`ran := false`, 20*time.Second)
	req := f.Send(f.Control, "execute_request", map[string]any{"code": "ran = true"})
	reply := f.RecvReply(f.Control, 10*time.Second)
	var c map[string]any
	_ = json.Unmarshal(reply.Content, &c)
	if reply.Header.MsgType != "execute_reply" || c["status"] != "error" || c["ename"] != "WrongChannel" {
		t.Errorf("reply %s %v", reply.Header.MsgType, c)
	}
	_ = req
	time.Sleep(200 * time.Millisecond)
	if got := resultText(f.Execute(`ran`, 20*time.Second)); got != "false" {
		t.Errorf("ran = %q", got)
	}
}

// Nothing a cell prints, or writes to the engine's pipes, wedges the
// kernel: the next cell runs.
func TestCellsCannotWedgeTheKernel(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute("import (\n\t\"fmt\"\n\t\"os\"\n)", 20*time.Second)
	tests := []struct{ name, code, stdout string }{
		{"a printed mark", `fmt.Print("a\x1b]5379;gok:1\a b")`, "a\x1b]5379;gok:1\a b"},
		{"a printed panic mark", `fmt.Print("\x1b]5379;pos:1:1\a")`, "\x1b]5379;pos:1:1\a"},
		{"a bad line on the event pipe", `_, _ = os.NewFile(4, "events").WriteString("garbage\n")`, ""},
		{"a forged event on the event pipe", `_, _ = os.NewFile(4, "events").WriteString("{\"op\":\"done\",\"seq\":1}\n")`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.Execute(tc.code, 20*time.Second)
			if r.Reply["status"] != "ok" || r.Stream("stdout") != tc.stdout {
				t.Errorf("reply %v, stdout %q", r.Reply, r.Stream("stdout"))
			}
			if got := resultText(f.Execute(`1 + 1`, 20*time.Second)); got != "2" {
				t.Errorf("next cell: %q", got)
			}
		})
	}
}

// A huge result shows a notice at once instead of hanging the cell.
func TestHugeResult(t *testing.T) {
	f := kerneltest.Start(t, binary)
	r := f.Execute("import \"strings\"\nstrings.Repeat(\"x\", 300<<20)", 120*time.Second)
	if r.Reply["status"] != "ok" || !strings.Contains(resultText(r), "[output truncated: this result is") {
		t.Errorf("reply %v, result %.300q", r.Reply, resultText(r))
	}
	if got := resultText(f.Execute(`1 + 1`, 20*time.Second)); got != "2" {
		t.Errorf("next cell: %q", got)
	}
}
