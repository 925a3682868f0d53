package guard

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/go-zeromq/zmq4"
)

// greetingLen is the length of a ZMTP 3.0 greeting.
const greetingLen = 64

// maxHandshakeFrame caps the peer's first command (the NULL READY).
const maxHandshakeFrame = 64 << 10

// nullGreeting is the greeting zmq4 writes for the NULL mechanism, as
// server or not: signature 0xFF, 8 zero bytes, 0x7F, version 3.0,
// mechanism "NULL" zero padded to 20 bytes, as-server 0, zero filler.
var nullGreeting = func() [greetingLen]byte {
	var g [greetingLen]byte
	g[0], g[9] = 0xFF, 0x7F
	g[10], g[11] = 3, 0
	copy(g[12:32], "NULL")
	return g
}()

// errHandshake is wrapped by every handshake refusal.
var errHandshake = errors.New("guard: bad ZMTP handshake")

// handshake writes our greeting to raw, then reads the peer's greeting and
// READY command, all within timeout. It returns the bytes read, for zmq4 to
// replay, and the socket type the peer announces.
func handshake(raw net.Conn, timeout time.Duration) ([]byte, zmq4.SocketType, error) {
	if err := raw.SetDeadline(time.Now().Add(timeout)); err != nil {
		return nil, "", err
	}
	if _, err := raw.Write(nullGreeting[:]); err != nil {
		return nil, "", err
	}
	buf := make([]byte, greetingLen+maxHeader, greetingLen+maxHeader+256)
	if _, err := io.ReadFull(raw, buf[:greetingLen+1]); err != nil {
		return nil, "", err
	}
	if err := checkGreeting(buf[:greetingLen]); err != nil {
		return nil, "", err
	}
	hl := headerLen(buf[greetingLen])
	if _, err := io.ReadFull(raw, buf[greetingLen+1:greetingLen+hl]); err != nil {
		return nil, "", err
	}
	h, _, _ := decodeHeader(buf[greetingLen : greetingLen+hl])
	if !h.command() || h.more() || h.size > maxHandshakeFrame {
		return nil, "", fmt.Errorf("%w: first frame (flags %#x, %d bytes) is not a command of at most %d bytes",
			errHandshake, h.flags, h.size, maxHandshakeFrame)
	}
	buf = append(buf[:greetingLen+hl], make([]byte, h.size)...)
	if _, err := io.ReadFull(raw, buf[greetingLen+hl:]); err != nil {
		return nil, "", err
	}
	peer, err := readyType(buf[greetingLen+hl:])
	if err != nil {
		return nil, "", err
	}
	if err := raw.SetDeadline(time.Time{}); err != nil {
		return nil, "", err
	}
	return buf, peer, nil
}

// checkGreeting refuses a greeting zmq4 would refuse: a bad signature, a
// version before 3.0 or a mechanism other than NULL.
func checkGreeting(g []byte) error {
	switch {
	case g[0] != 0xFF || g[9] != 0x7F:
		return fmt.Errorf("%w: not a ZMTP signature", errHandshake)
	case g[10] < 3:
		return fmt.Errorf("%w: ZMTP version %d.%d", errHandshake, g[10], g[11])
	case string(g[12:32]) != string(nullGreeting[12:32]):
		return fmt.Errorf("%w: mechanism %q is not NULL", errHandshake, g[12:32])
	}
	return nil
}
