package kerneltest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// An interrupt while a cell waits for input stops the cell at the read:
// what follows the read never runs, neither then nor later (a ReadString
// does not go on with an empty line), the engine uses no CPU after, and
// the session lives on.
func TestInterruptStopsAtTheRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel")
	}
	cases := []struct{ name, code string }{
		{"fmt.Scanln", "var v string\nfmt.Scanln(&v)\nfmt.Println(\"li\", v)\nx = 0"},
		{"bufio ReadString", "s, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(\"li\", len(s), err)\nx = 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := kerneltest.Start(t, plain(t))
			if r := f.Execute("import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n)\nvar _ = bufio.NewReader\nvar _ = os.Stdin\nx := 41", 20*time.Second); r.Reply["status"] != "ok" {
				t.Fatal(r.Reply)
			}
			engines := children(f.Cmd.Process.Pid)
			req := f.Send(f.Shell, "execute_request", map[string]any{"code": c.code, "allow_stdin": true})
			if in := f.RecvReply(f.Stdin, 20*time.Second); in.Header.MsgType != "input_request" {
				t.Fatalf("got %s on stdin", in.Header.MsgType)
			}
			f.Send(f.Control, "interrupt_request", map[string]any{})
			f.RecvReply(f.Control, 5*time.Second)
			run := f.Collect(req, f.Shell, 20*time.Second)
			if run.Reply["status"] != "error" {
				t.Errorf("status %v, want error", run.Reply["status"])
			}
			if said := errorText(run); !strings.Contains(said, ": the cell was interrupted; what earlier statements defined is kept.") {
				t.Errorf("the kernel said %q", said)
			}
			printed := run.Stream("stdout")
			// Anything printed after the cell's end (by its goroutine,
			// stuck at the read) comes on iopub too.
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
			assertCalm(t, f)
			if r := f.Execute("fmt.Println(\"next\", x+1)", 20*time.Second); !strings.Contains(r.Stream("stdout"), "next 42") {
				t.Errorf("the next cell printed %q, want next 42", r.Stream("stdout"))
			} else {
				printed += strings.Replace(r.Stream("stdout"), "next 42\n", "", 1)
			}
			if strings.Contains(printed, "li") {
				t.Errorf("the statement after the interrupted read ran: printed %q", printed)
			}
			if now := children(f.Cmd.Process.Pid); len(now) != 1 || len(engines) != 1 || now[0] != engines[0] {
				t.Errorf("engines %v before, %v after: the engine was restarted", engines, now)
			}
		})
	}
}
