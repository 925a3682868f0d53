package kerneltest_test

import (
	"bytes"
	be "encoding/binary"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// A hand-made ZeroMQ peer (ZMTP 3.0, NULL security) with no key: what any
// local user of a classroom server can send to a kernel's ports.

// greeting is a ZMTP 3.0 NULL greeting of a client.
func greeting() []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10], g[11] = 0xff, 0x7f, 3, 0
	copy(g[12:], "NULL")
	return g
}

// ready is the READY command of a socket of type typ.
func ready(typ string) []byte {
	body := []byte("\x05READY")
	body = append(body, byte(len("Socket-Type")))
	body = append(body, "Socket-Type"...)
	body = be.BigEndian.AppendUint32(body, uint32(len(typ)))
	body = append(body, typ...)
	return append([]byte{0x04, byte(len(body))}, body...)
}

// rawPeer connects to port and sends a greeting and READY as typ.
func rawPeer(t *testing.T, port int, typ string) *net.TCPConn {
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	tc := c.(*net.TCPConn)
	_ = tc.SetReadBuffer(4096)
	t.Cleanup(func() { tc.Close() })
	if _, err := tc.Write(append(greeting(), ready(typ)...)); err != nil {
		t.Fatal(err)
	}
	return tc
}

// alive checks that a fresh client still gets kernel_info from the kernel.
func alive(t *testing.T, c kerneltest.Conn, within time.Duration) {
	t.Helper()
	g := kerneltest.Connect(t, c)
	req := g.Send(g.Shell, "kernel_info_request", map[string]any{})
	if _, err := g.RecvReplyTimeout(g.Shell, within); err != nil {
		t.Fatalf("a new client got no kernel_info_reply within %s: %v (request %s)", within, err, req.Header.MsgID)
	}
}

// startConn starts the kernel and returns its connection.
func startConn(t *testing.T) (*kerneltest.Frontend, kerneltest.Conn) {
	t.Helper()
	c := kerneltest.NewConn(t)
	f := kerneltest.StartConn(t, binary, c)
	return f, c
}

// A frame header declaring 2^50 bytes, before any key, closes that
// connection; the kernel lives on (zmq4 allocated the declared length).
func TestHugeFrameDeclaration(t *testing.T) {
	f, c := startConn(t)
	peer := rawPeer(t, c.ShellPort, "DEALER")
	hdr := []byte{0x02} // a long frame
	hdr = be.BigEndian.AppendUint64(hdr, 1<<50)
	if _, err := peer.Write(hdr); err != nil {
		t.Fatal(err)
	}
	_ = peer.SetReadDeadline(time.Now().Add(5 * time.Second))
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(peer); err != nil && !strings.Contains(err.Error(), "reset") {
		t.Errorf("the connection was not closed: %v", err)
	}
	if f.Cmd.ProcessState != nil {
		t.Fatal("the kernel ended")
	}
	alive(t, c, 5*time.Second)
}

// A connection that never sends its greeting keeps nobody else off.
func TestSilentConnection(t *testing.T) {
	_, c := startConn(t)
	for _, port := range []int{c.ShellPort, c.ControlPort, c.IOPubPort} {
		s, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
	}
	alive(t, c, 2*time.Second)
}

// An iopub subscriber that stops reading loses its own messages; the
// other clients' outputs and replies keep coming.
func TestStalledSubscriber(t *testing.T) {
	f, c := startConn(t)
	peer := rawPeer(t, c.IOPubPort, "SUB")
	if _, err := peer.Write([]byte{0x00, 0x01, 0x01}); err != nil { // subscribe to everything
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	f.Execute("import \"strings\"\nimport \"fmt\"", 20*time.Second)
	for i := 0; i < 20; i++ {
		start := time.Now()
		r := f.Execute(`fmt.Print(strings.Repeat("x", 1<<20 - 100))`, 20*time.Second)
		if r.Reply["status"] != "ok" || len(r.Stream("stdout")) != 1<<20-100 {
			t.Fatalf("cell %d: reply %v, %d bytes printed", i, r.Reply, len(r.Stream("stdout")))
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("cell %d took %s: iopub stalls on the subscriber that does not read", i, d)
		}
	}
}
