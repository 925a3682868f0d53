package kerneltest_test

import (
	"encoding/json"
	"strings"
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

// A read of os.Stdin in a cell (bufio.NewReader(os.Stdin)) asks the
// frontend too, with what the cell printed before it as the prompt, which
// stdout does not repeat.
func TestInputRequestOsStdin(t *testing.T) {
	f := kerneltest.Start(t, binary)
	code := "import (\"bufio\"; \"fmt\"; \"os\")\nfmt.Print(\"Nome: \"); r := bufio.NewReader(os.Stdin); s, _ := r.ReadString('\\n'); fmt.Println(\"Olá,\", s)"
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": code, "allow_stdin": true})
	in := f.RecvReply(f.Stdin, 20*time.Second)
	if in.Header.MsgType != "input_request" {
		t.Fatalf("got %s on stdin", in.Header.MsgType)
	}
	var content struct {
		Prompt string `json:"prompt"`
	}
	_ = json.Unmarshal(in.Content, &content)
	if content.Prompt != "Nome: " {
		t.Errorf("prompt %q, want %q", content.Prompt, "Nome: ")
	}
	f.Send(f.Stdin, "input_reply", map[string]any{"value": "Ana"})
	run := f.Collect(req, f.Shell, 20*time.Second)
	out := run.Stream("stdout")
	if !strings.Contains(out, "Olá, Ana") || strings.Contains(out, "Nome:") {
		t.Errorf("stdout %q, want \"Olá, Ana\" without the prompt; outputs %v", out, run.Outputs)
	}
	// Without allow_stdin, the read fails with a clear error, and the
	// prompt stays in stdout.
	run = f.Execute("fmt.Print(\"Nome: \")\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(err)", 20*time.Second)
	if out := run.Stream("stdout"); !strings.Contains(out, "Nome: stdin: input is not available in this frontend") {
		t.Errorf("without stdin: stdout %q, outputs %v", out, run.Outputs)
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
