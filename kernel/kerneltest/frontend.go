// Package kerneltest is a fake Jupyter frontend for tests: it starts the
// real kernel binary on a fresh connection file and talks to it over real
// ZeroMQ sockets. Its helpers are named after protocol steps, so a test
// reads like the message trace.
package kerneltest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
	"github.com/gofrs/uuid/v5"
)

// Frontend is one connection to one running kernel process.
type Frontend struct {
	t       testing.TB
	Cmd     *exec.Cmd
	Key     string
	codec   *wire.Codec
	session string
	ctx     context.Context
	cancel  context.CancelFunc

	Shell, Control, Stdin, IOPub, HB zmq4.Socket
	iopub                            chan *wire.Message
	pending                          []*wire.Message // iopub of other requests, kept for their Collect
	Stderr                           *strings.Builder
}

// Conn is a connection file's content.
type Conn = kernel.ConnectionInfo

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// NewConn returns a connection with free ports and a random key.
func NewConn(t testing.TB) Conn {
	return Conn{Transport: "tcp", IP: "127.0.0.1", ShellPort: freePort(t), ControlPort: freePort(t),
		StdinPort: freePort(t), IOPubPort: freePort(t), HBPort: freePort(t),
		Key: uuid.Must(uuid.NewV4()).String(), SignatureScheme: "hmac-sha256"}
}

// Start runs "binary kernel -f conn.json" and connects to it.
func Start(t testing.TB, binary string) *Frontend {
	t.Helper()
	return StartEnv(t, binary)
}

// WriteConn writes c to a fresh connection file and returns its path.
func WriteConn(t testing.TB, c Conn) string {
	path := filepath.Join(t.TempDir(), "conn.json")
	b, _ := json.Marshal(c)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// StartEnv is Start with extra environment variables ("NAME=value").
func StartEnv(t testing.TB, binary string, env ...string) *Frontend {
	t.Helper()
	return StartConn(t, binary, NewConn(t), env...)
}

// StartConn is StartEnv on the connection c.
func StartConn(t testing.TB, binary string, c Conn, env ...string) *Frontend {
	t.Helper()
	path := WriteConn(t, c)
	cmd := exec.Command(binary, "kernel", "-f", path)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f := Connect(t, c)
	f.Cmd, f.Stderr = cmd, &stderr
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	f.WaitReady(10 * time.Second)
	return f
}

// Connect opens the client sockets of a connection.
func Connect(t testing.TB, c Conn) *Frontend {
	codec, err := wire.NewCodec(c.SignatureScheme, c.Key)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	id := zmq4.WithID(zmq4.SocketIdentity(uuid.Must(uuid.NewV4()).String()))
	f := &Frontend{t: t, Key: c.Key, codec: codec, session: uuid.Must(uuid.NewV4()).String(), ctx: ctx, cancel: cancel,
		Shell: zmq4.NewDealer(ctx, id), Control: zmq4.NewDealer(ctx, id), Stdin: zmq4.NewDealer(ctx, id),
		IOPub: zmq4.NewSub(ctx), HB: zmq4.NewReq(ctx), iopub: make(chan *wire.Message, 4096)}
	ep := func(p int) string { return fmt.Sprintf("tcp://%s:%d", c.IP, p) }
	for _, s := range []struct {
		s zmq4.Socket
		p int
	}{{f.Shell, c.ShellPort}, {f.Control, c.ControlPort}, {f.Stdin, c.StdinPort}, {f.IOPub, c.IOPubPort}, {f.HB, c.HBPort}} {
		if err := dialRetry(s.s, ep(s.p)); err != nil {
			t.Fatal(err)
		}
	}
	_ = f.IOPub.SetOption(zmq4.OptionSubscribe, "")
	go func() {
		for {
			msg, err := f.IOPub.Recv()
			if err != nil {
				return
			}
			if m, err := f.codec.Decode(msg.Frames); err == nil {
				f.iopub <- m
			}
		}
	}()
	t.Cleanup(f.Close)
	return f
}

func dialRetry(s zmq4.Socket, ep string) error {
	var err error
	for i := 0; i < 1000; i++ {
		if err = s.Dial(ep); err == nil {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return err
}

// Close closes the sockets.
func (f *Frontend) Close() {
	f.cancel()
	for _, s := range []zmq4.Socket{f.Shell, f.Control, f.Stdin, f.IOPub, f.HB} {
		_ = s.Close()
	}
}

// WaitReady sends kernel_info requests until the kernel answers and iopub
// delivers (a SUB socket misses what was sent before it joined).
func (f *Frontend) WaitReady(d time.Duration) {
	f.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		f.Send(f.Shell, "kernel_info_request", map[string]any{})
		if _, err := f.recvTimeout(f.Shell, time.Second); err != nil {
			continue
		}
		select {
		case <-f.iopub:
			f.DrainIOPub(100 * time.Millisecond)
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
	f.t.Fatalf("kernel not ready after %s", d)
}

// NewRequest builds a request of msgType with content.
func (f *Frontend) NewRequest(msgType string, content any) *wire.Message {
	b, _ := json.Marshal(content)
	return &wire.Message{Header: wire.NewHeader(msgType, f.session, "test"), Content: b}
}

// Send sends a request on s and returns it.
func (f *Frontend) Send(s zmq4.Socket, msgType string, content any) *wire.Message {
	m := f.NewRequest(msgType, content)
	f.SendMessage(s, m)
	return m
}

// SendMessage encodes and sends m on s.
func (f *Frontend) SendMessage(s zmq4.Socket, m *wire.Message) {
	frames, err := f.codec.Encode(m)
	if err != nil {
		f.t.Fatal(err)
	}
	f.SendFrames(s, frames)
}

// SendFrames sends raw frames (for malformed-message tests).
func (f *Frontend) SendFrames(s zmq4.Socket, frames [][]byte) {
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *Frontend) recvTimeout(s zmq4.Socket, d time.Duration) (*wire.Message, error) {
	type res struct {
		m   *wire.Message
		err error
	}
	ch := make(chan res, 1)
	go func() {
		msg, err := s.Recv()
		if err != nil {
			ch <- res{nil, err}
			return
		}
		m, err := f.codec.Decode(msg.Frames)
		ch <- res{m, err}
	}()
	select {
	case r := <-ch:
		return r.m, r.err
	case <-time.After(d):
		return nil, fmt.Errorf("no message within %s", d)
	}
}

// RecvReply waits for the reply on s.
func (f *Frontend) RecvReply(s zmq4.Socket, d time.Duration) *wire.Message {
	f.t.Helper()
	m, err := f.recvTimeout(s, d)
	if err != nil {
		f.t.Fatalf("waiting for a reply: %v", err)
	}
	return m
}

// RecvIOPub waits for the next iopub message.
func (f *Frontend) RecvIOPub(d time.Duration) (*wire.Message, bool) {
	select {
	case m := <-f.iopub:
		return m, true
	case <-time.After(d):
		return nil, false
	}
}

// DrainIOPub discards iopub messages until none comes for d.
func (f *Frontend) DrainIOPub(d time.Duration) {
	for {
		if _, ok := f.RecvIOPub(d); !ok {
			return
		}
	}
}

// Output is one iopub message of a request, with its arrival time.
type Output struct {
	Type    string
	Content map[string]any
	At      time.Time
}

// Run is what one execute produced.
type Run struct {
	Reply   map[string]any
	Outputs []Output
	Sent    time.Time
}

// Stdout returns what the cell printed on a stream.
func (r Run) Stream(name string) string {
	var b strings.Builder
	for _, o := range r.Outputs {
		if o.Type == "stream" && o.Content["name"] == name {
			b.WriteString(o.Content["text"].(string))
		}
	}
	return b.String()
}

// Of returns the outputs of a type.
func (r Run) Of(typ string) []Output {
	var out []Output
	for _, o := range r.Outputs {
		if o.Type == typ {
			out = append(out, o)
		}
	}
	return out
}

// Execute sends execute_request and collects its iopub messages until
// status idle, and its reply.
func (f *Frontend) Execute(code string, d time.Duration) Run {
	f.t.Helper()
	req := f.Send(f.Shell, "execute_request", map[string]any{"code": code, "silent": false,
		"store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	return f.Collect(req, f.Shell, d)
}

// Collect gathers the iopub messages whose parent is req until idle, and
// the reply on s.
func (f *Frontend) Collect(req *wire.Message, s zmq4.Socket, d time.Duration) Run {
	f.t.Helper()
	run := Run{Sent: time.Now()}
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			f.t.Fatalf("no idle for %s within %s; outputs so far: %v", req.Header.MsgType, d, run.Outputs)
		}
		m, ok := f.nextFor(req.Header.MsgID, left)
		if !ok {
			continue
		}
		var c map[string]any
		_ = json.Unmarshal(m.Content, &c)
		if m.Header.MsgType == "status" && c["execution_state"] == "idle" {
			break
		}
		run.Outputs = append(run.Outputs, Output{m.Header.MsgType, c, time.Now()})
	}
	rep := f.RecvReply(s, time.Until(deadline)+time.Second)
	_ = json.Unmarshal(rep.Content, &run.Reply)
	return run
}

// RecvReplyTimeout waits up to d for a message on s.
func (f *Frontend) RecvReplyTimeout(s zmq4.Socket, d time.Duration) (*wire.Message, error) {
	return f.recvTimeout(s, d)
}

// nextFor returns the next iopub message whose parent is msgID, keeping
// the messages of other requests for their own Collect.
func (f *Frontend) nextFor(msgID string, d time.Duration) (*wire.Message, bool) {
	parentOf := func(m *wire.Message) string {
		var h wire.Header
		_ = json.Unmarshal(m.ParentHeader, &h)
		return h.MsgID
	}
	for i, m := range f.pending {
		if parentOf(m) == msgID {
			f.pending = append(f.pending[:i:i], f.pending[i+1:]...)
			return m, true
		}
	}
	deadline := time.Now().Add(d)
	for {
		m, ok := f.RecvIOPub(time.Until(deadline))
		if !ok {
			return nil, false
		}
		if parentOf(m) == msgID {
			return m, true
		}
		if len(f.pending) < 10000 {
			f.pending = append(f.pending, m)
		}
	}
}
