package guard

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/go-zeromq/zmq4"
)

// curveTransport is a transport whose listeners are CURVE servers with
// curveKeys, registered for the tests only.
const curveTransport = "gkcurvetest"

var curveKeys, _ = curve.GenerateKeyPair(nil)

func registerCurveTest() error {
	opt := Options{Curve: curveKeys}
	return zmq4.RegisterTransport(curveTransport, guarded{network: "tcp", opt: &opt})
}

// listenCurve starts s on the CURVE test transport and returns its
// address.
func listenCurve(t *testing.T, s zmq4.Socket) string {
	t.Helper()
	t.Cleanup(func() { s.Close() })
	if err := s.Listen(curveTransport + "://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return s.Addr().String()
}

// curvePeer is a raw CURVE client over TCP: curve.Client for the crypto,
// ZMTP framing by hand.
type curvePeer struct {
	t    *testing.T
	c    net.Conn
	sess *curve.Session
	sent []byte   // every byte of the handshake sent, for replays
	wire [][]byte // every frame sent after the handshake, for replays
}

// clientGreeting is a CURVE client's greeting.
var clientGreeting = func() []byte {
	g := curveGreeting
	g[32] = 0
	return g[:]
}()

// dialCurve connects to addr and completes a CURVE handshake as a client
// of server announcing sockType.
func dialCurve(t *testing.T, addr string, server [curve.KeyLen]byte, sockType string) *curvePeer {
	t.Helper()
	p := &curvePeer{t: t, c: dialRaw(t, addr, clientGreeting), sent: append([]byte(nil), clientGreeting...)}
	p.c.SetDeadline(time.Now().Add(5 * time.Second))
	g := make([]byte, greetingLen)
	if _, err := io.ReadFull(p.c, g); err != nil || !bytes.Equal(g, curveGreeting[:]) {
		t.Fatalf("server greeting %q, %v", g, err)
	}
	cl, err := curve.NewClient(server)
	if err != nil {
		t.Fatal(err)
	}
	p.write(encodeFrame(flagCommand, cl.Hello()))
	if err := cl.Welcome(p.readCommand()); err != nil {
		t.Fatal(err)
	}
	p.write(encodeFrame(flagCommand, cl.Initiate(curve.Metadata("Socket-Type", sockType, "Identity", ""))))
	if _, p.sess, err = cl.Ready(p.readCommand()); err != nil {
		t.Fatal(err)
	}
	p.c.SetDeadline(time.Time{})
	return p
}

func (p *curvePeer) write(b []byte) {
	p.t.Helper()
	if p.sess == nil {
		p.sent = append(p.sent, b...)
	}
	if _, err := p.c.Write(b); err != nil {
		p.t.Fatal(err)
	}
}

// readFrame reads one raw frame.
func (p *curvePeer) readFrame() (header, []byte, error) {
	hdr := make([]byte, maxHeader)
	if _, err := io.ReadFull(p.c, hdr[:1]); err != nil {
		return header{}, nil, err
	}
	hl := headerLen(hdr[0])
	if _, err := io.ReadFull(p.c, hdr[1:hl]); err != nil {
		return header{}, nil, err
	}
	h, _, _ := decodeHeader(hdr[:hl])
	body := make([]byte, h.size)
	_, err := io.ReadFull(p.c, body)
	return h, body, err
}

func (p *curvePeer) readCommand() []byte {
	p.t.Helper()
	h, body, err := p.readFrame()
	if err != nil || !h.command() {
		p.t.Fatalf("command: flags %#x %q %v", h.flags, body, err)
	}
	return body
}

// send seals a message of frames (flags FlagCommand for a command).
func (p *curvePeer) send(flags byte, frames ...[]byte) {
	p.t.Helper()
	for i, f := range frames {
		fl := flags
		if i < len(frames)-1 {
			fl |= curve.FlagMore
		}
		b := encodeFrame(0, p.sess.Seal(nil, fl, f))
		p.wire = append(p.wire, b)
		p.write(b)
	}
}

// recv reads one whole message.
func (p *curvePeer) recv() ([][]byte, error) {
	var msg [][]byte
	for {
		h, body, err := p.readFrame()
		if err != nil {
			return msg, err
		}
		if h.flags != 0 && h.flags != flagLong {
			return msg, fmt.Errorf("MESSAGE frame with flags %#x", h.flags)
		}
		flags, payload, err := p.sess.Open(body)
		if err != nil {
			return msg, err
		}
		msg = append(msg, payload)
		if flags&curve.FlagMore == 0 {
			return msg, nil
		}
	}
}
