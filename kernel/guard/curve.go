package guard

import (
	"fmt"
	"io"
	"net"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/go-zeromq/zmq4"
)

// curveGreeting is the greeting of a CURVE server: nullGreeting with the
// mechanism "CURVE" and as-server 1. Its version stays 3.0, as zmq4's: a
// libzmq peer then sends subscriptions as messages, which zmq4 reads.
var curveGreeting = func() [greetingLen]byte {
	g := nullGreeting
	copy(g[12:32], "CURVE")
	g[32] = 1
	return g
}()

// curveHandshake runs the server side of the CURVE handshake on raw, all
// within timeout: greetings, HELLO, WELCOME and INITIATE. Our READY waits
// for zmq4's (see conn.sendReady), which carries our socket's metadata. It
// returns what zmq4 must read as if a NULL peer had sent it (the NULL
// greeting, then a READY with the client's metadata), the socket type the
// client announces and the session of the connection. A HELLO or INITIATE
// refused gets an ERROR command before the error is returned.
func curveHandshake(raw net.Conn, keys *curve.KeyPair, timeout time.Duration) ([]byte, zmq4.SocketType, *curve.Session, error) {
	if err := raw.SetDeadline(time.Now().Add(timeout)); err != nil {
		return nil, "", nil, err
	}
	if _, err := raw.Write(curveGreeting[:]); err != nil {
		return nil, "", nil, err
	}
	var g [greetingLen]byte
	if _, err := io.ReadFull(raw, g[:]); err != nil {
		return nil, "", nil, err
	}
	if err := checkCurveGreeting(g[:]); err != nil {
		return nil, "", nil, err
	}
	srv := curve.NewServer(keys)
	hello, err := readCommand(raw)
	if err != nil {
		return nil, "", nil, err
	}
	welcome, err := srv.Hello(hello)
	if err != nil {
		return nil, "", nil, refuse(raw, "HELLO refused", err)
	}
	if _, err := raw.Write(encodeFrame(flagCommand, welcome)); err != nil {
		return nil, "", nil, err
	}
	initiate, err := readCommand(raw)
	if err != nil {
		return nil, "", nil, err
	}
	meta, sess, err := srv.Initiate(initiate)
	if err != nil {
		return nil, "", nil, refuse(raw, "INITIATE refused", err)
	}
	ready := append([]byte("\x05"+zmq4.CmdReady), meta...)
	peer, err := readyType(ready)
	if err != nil {
		return nil, "", nil, refuse(raw, "INITIATE metadata refused", err)
	}
	if err := raw.SetDeadline(time.Time{}); err != nil {
		return nil, "", nil, err
	}
	replay := append(append(make([]byte, 0, greetingLen+maxHeader+len(ready)), nullGreeting[:]...), encodeFrame(flagCommand, ready)...)
	return replay, peer, sess, nil
}

// checkCurveGreeting refuses a greeting that is not a ZMTP 3 CURVE
// client's, a NULL client's among them.
func checkCurveGreeting(g []byte) error {
	switch {
	case g[0] != 0xFF || g[9] != 0x7F:
		return fmt.Errorf("%w: not a ZMTP signature", errHandshake)
	case g[10] < 3:
		return fmt.Errorf("%w: ZMTP version %d.%d", errHandshake, g[10], g[11])
	case string(g[12:32]) != string(curveGreeting[12:32]):
		return fmt.Errorf("%w: mechanism %q, this kernel requires CURVE", errHandshake, g[12:32])
	case g[32] != 0:
		return fmt.Errorf("%w: the peer greets as a CURVE server too", errHandshake)
	}
	return nil
}

// readCommand reads one handshake command frame and returns its body.
func readCommand(raw net.Conn) ([]byte, error) {
	var hdr [maxHeader]byte
	if _, err := io.ReadFull(raw, hdr[:1]); err != nil {
		return nil, err
	}
	hl := headerLen(hdr[0])
	if _, err := io.ReadFull(raw, hdr[1:hl]); err != nil {
		return nil, err
	}
	h, _, _ := decodeHeader(hdr[:hl])
	if !h.command() || h.more() || h.size > maxHandshakeFrame {
		return nil, fmt.Errorf("%w: frame (flags %#x, %d bytes) is not a command of at most %d bytes",
			errHandshake, h.flags, h.size, maxHandshakeFrame)
	}
	body := make([]byte, h.size)
	if _, err := io.ReadFull(raw, body); err != nil {
		return nil, err
	}
	return body, nil
}

// refuse sends an ERROR command giving reason, as spec 26 has a server
// reject a client, and returns err.
func refuse(raw net.Conn, reason string, err error) error {
	_, _ = raw.Write(encodeFrame(flagCommand, curve.ErrorCommand(reason)))
	return err
}

// encodeFrame encodes one ZMTP frame.
func encodeFrame(flags byte, body []byte) []byte {
	return append(appendHeader(make([]byte, 0, maxHeader+len(body)), flags, len(body)), body...)
}
