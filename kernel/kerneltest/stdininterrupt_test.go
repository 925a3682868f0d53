package kerneltest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// An interrupt while a cell waits for input stops the cell at the read:
// what follows the read never runs, neither then nor later.
func TestInterruptStopsAtTheRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel")
	}
	f := kerneltest.Start(t, plain(t))
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": "import \"fmt\"\nvar v string\nfmt.Scanln(&v)\nfmt.Println(\"li\", v)", "allow_stdin": true})
	if in := f.RecvReply(f.Stdin, 20*time.Second); in.Header.MsgType != "input_request" {
		t.Fatalf("got %s on stdin", in.Header.MsgType)
	}
	f.Send(f.Control, "interrupt_request", map[string]any{})
	f.RecvReply(f.Control, 5*time.Second)
	run := f.Collect(req, f.Shell, 20*time.Second)
	if run.Reply["status"] != "error" {
		t.Errorf("status %v, want error", run.Reply["status"])
	}
	printed := run.Stream("stdout")
	// Anything printed after the cell's end (by its goroutine, stuck
	// at the read) comes on iopub too.
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		m, ok := f.RecvIOPub(100 * time.Millisecond)
		if !ok {
			continue
		}
		var c map[string]any
		_ = json.Unmarshal(m.Content, &c)
		if m.Header.MsgType == "stream" {
			printed += c["text"].(string)
		}
	}
	if r := f.Execute("fmt.Println(\"next\")", 20*time.Second); !strings.Contains(r.Stream("stdout"), "next") {
		t.Errorf("the next cell printed %q", r.Stream("stdout"))
	} else {
		printed += strings.Replace(r.Stream("stdout"), "next\n", "", 1)
	}
	if strings.Contains(printed, "li") {
		t.Errorf("the statement after the interrupted read ran: printed %q", printed)
	}
}
