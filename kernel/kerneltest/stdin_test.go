package kerneltest_test

import (
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// fmt.Scanln in a cell sends input_request on stdin, addressed like the
// shell request, and reads the frontend's input_reply.
func TestInputRequest(t *testing.T) {
	f := kerneltest.Start(t, binary)
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": "import \"fmt\"\nvar name string\nfmt.Scanln(&name)\n\"olá, \" + name", "allow_stdin": true})
	in := f.RecvReply(f.Stdin, 20*time.Second)
	if in.Header.MsgType != "input_request" {
		t.Fatalf("got %s on stdin", in.Header.MsgType)
	}
	var parent struct {
		MsgID string `json:"msg_id"`
	}
	_ = json.Unmarshal(in.ParentHeader, &parent)
	if parent.MsgID != req.Header.MsgID {
		t.Errorf("input_request parent %s, want %s", parent.MsgID, req.Header.MsgID)
	}
	f.Send(f.Stdin, "input_reply", map[string]any{"value": "Ana"})
	run := f.Collect(req, f.Shell, 20*time.Second)
	if r := run.Of("execute_result"); len(r) != 1 || r[0].Content["data"].(map[string]any)["text/plain"] != "olá, Ana" {
		t.Errorf("outputs %v", run.Outputs)
	}
	// Without allow_stdin, reading fails with a clear error instead of hanging.
	run = f.Execute("var again string\n_, err := fmt.Scanln(&again)\nerr", 20*time.Second)
	if r := run.Of("execute_result"); len(r) != 1 {
		t.Errorf("outputs %v", run.Outputs)
	}
}

// SIGINT to the kernel process interrupts the running cell, like
// interrupt_request, and the kernel lives on.
func TestSIGINTInterrupts(t *testing.T) {
	f := kerneltest.Start(t, binary)
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": "for {}"})
	time.Sleep(500 * time.Millisecond)
	if err := f.Cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	run := f.Collect(req, f.Shell, 5*time.Second)
	if run.Reply["status"] != "error" || run.Reply["ename"] != "Interrupted" {
		t.Errorf("reply %v", run.Reply)
	}
	if after := f.Execute("1 + 1", 10*time.Second); after.Reply["status"] != "ok" {
		t.Errorf("after SIGINT: %v", after.Reply)
	}
}
