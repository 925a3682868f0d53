package guard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/go-zeromq/zmq4"
)

// conn is the net.Conn zmq4 gets: reads go through a reader that replays
// the handshake and enforces the size limits, writes through a writer that
// never blocks. The first 64 bytes zmq4 writes, its greeting, were already
// sent by the handshake and are swallowed. The READY command zmq4 writes
// next tells its socket type: a peer whose type does not match is closed,
// because zmq4 then abandons the connection without closing it.
type conn struct {
	raw     net.Conn
	network string
	linger  time.Duration
	peer    zmq4.SocketType // as the peer's READY announced; "" for unknown

	rmu sync.Mutex
	r   *reader

	wmu       sync.Mutex
	greetLeft int     // bytes of zmq4's greeting still to swallow
	ready     []byte  // zmq4's READY, until it is complete
	readyScan scanner // finds the end of zmq4's READY
	checked   bool    // zmq4's READY has been checked
	w         *writer

	sess      *curve.Session // CURVE only: seals zmq4's frames, opens the peer's
	asm       assembler      // CURVE only: cuts zmq4's stream into frames
	readySent bool           // CURVE only: our READY was sent

	closeOnce sync.Once
}

// newConn wraps raw, whose handshake bytes replay, from a peer of type
// peer, were already read and whose greeting was already written. With a
// CURVE session sess, inbound MESSAGE commands are opened for zmq4 and
// zmq4's frames are sealed (see curveconn.go); nil is the NULL mechanism.
func newConn(raw net.Conn, network string, replay []byte, peer zmq4.SocketType, sess *curve.Session, opt Options) *conn {
	c := &conn{
		raw:       raw,
		network:   network,
		linger:    opt.Linger,
		peer:      peer,
		r:         newReader(raw, replay, opt),
		greetLeft: greetingLen,
		w:         newWriter(raw, opt),
		sess:      sess,
	}
	if sess != nil {
		c.r.open = sess.Open
	}
	return c
}

// Read implements net.Conn. Any read error, a frame over the limits among
// them, closes the connection at once.
func (c *conn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	n, err := c.r.Read(p)
	if err == nil {
		return n, nil
	}
	if (errors.Is(err, ErrTooLarge) || errors.Is(err, curve.ErrMessage)) && !c.w.stopped() {
		rejected.Add(1)
	}
	c.w.close(0)
	var nerr net.Error
	if err == io.EOF || errors.As(err, &nerr) {
		return n, err
	}
	return n, c.opError("read", err)
}

// Write implements net.Conn. It queues p and returns at once.
func (c *conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	n := len(p)
	if c.greetLeft > 0 {
		k := min(len(p), c.greetLeft)
		off := greetingLen - c.greetLeft
		if !bytes.Equal(p[:k], nullGreeting[off:off+k]) {
			c.w.close(0)
			return 0, c.opError("write", fmt.Errorf("%w: zmq4 greets with another mechanism than NULL", errHandshake))
		}
		c.greetLeft -= k
		p = p[k:]
	}
	if c.sess != nil {
		if err := c.writeSealed(p); err != nil {
			c.w.close(0)
			return 0, c.opError("write", err)
		}
		return n, nil
	}
	compatible := c.checkReady(p)
	if len(p) > 0 && !c.w.write(p) {
		return 0, c.opError("write", net.ErrClosed)
	}
	if !compatible {
		rejected.Add(1)
		c.w.close(0)
	}
	return n, nil
}

// checkReady follows zmq4's first command, its READY, through p, and once
// it is complete reports whether its socket type may talk to the peer's.
func (c *conn) checkReady(p []byte) bool {
	for len(p) > 0 && !c.checked {
		n, _, end := c.readyScan.step(p)
		if len(c.ready) <= maxHeader+maxHandshakeFrame {
			c.ready = append(c.ready, p[:n]...)
		}
		p = p[n:]
		c.checked = end
	}
	if !c.checked || c.ready == nil {
		return true
	}
	h, hl, _ := decodeHeader(c.ready)
	body := c.ready[hl:]
	c.ready = nil
	if c.peer == "" || !h.command() || uint64(len(body)) != h.size {
		return true
	}
	ours, err := readyType(body)
	return err != nil || c.peer.IsCompatible(ours)
}

// Close implements net.Conn. What is queued keeps draining for up to the
// linger time, in the background.
func (c *conn) Close() error {
	c.closeOnce.Do(func() { c.w.close(c.linger) })
	return nil
}

// LocalAddr implements net.Conn.
func (c *conn) LocalAddr() net.Addr { return c.raw.LocalAddr() }

// RemoteAddr implements net.Conn.
func (c *conn) RemoteAddr() net.Addr { return c.raw.RemoteAddr() }

// SetDeadline implements net.Conn. Only reads have deadlines: writes never
// block.
func (c *conn) SetDeadline(t time.Time) error { return c.raw.SetReadDeadline(t) }

// SetReadDeadline implements net.Conn. A read that times out ends the
// connection, as any read error does.
func (c *conn) SetReadDeadline(t time.Time) error { return c.raw.SetReadDeadline(t) }

// SetWriteDeadline implements net.Conn. It does nothing: writes never block.
func (c *conn) SetWriteDeadline(time.Time) error { return nil }

// opError wraps err as zmq4 expects of a dead connection: a net.Error that
// is not a timeout.
func (c *conn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: c.network, Source: c.raw.LocalAddr(), Addr: c.raw.RemoteAddr(), Err: err}
}
