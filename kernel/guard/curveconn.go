package guard

import (
	"errors"
	"fmt"

	"github.com/aulago/gokernel/kernel/curve"
)

// ZMTP 3.1 subscription commands, which zmq4's PUB does not read: they
// are handed to it as the ZMTP 3.0 messages it reads (1 or 0, then the
// topic). Peers that saw our 3.0 greeting send those messages themselves.
const (
	subscribeCmd = "\x09SUBSCRIBE"
	cancelCmd    = "\x06CANCEL"
)

// errCurve is wrapped by the refusal of a peer's frame after the CURVE
// handshake that is not a MESSAGE command.
var errCurve = errors.New("guard: bad CURVE traffic")

// sealedFrame reads one MESSAGE command from src (its header h already
// read) and queues the frame it carries for zmq4, charged to the limits.
func (r *reader) sealedFrame(h header) error {
	if h.more() || h.size < curve.MinMessageLen {
		return fmt.Errorf("%w: frame (flags %#x, %d bytes) is not a MESSAGE command", errCurve, h.flags, h.size)
	}
	if h.size > uint64(r.limits.MaxFrame)+curve.MessageOverhead {
		return fmt.Errorf("%w: a frame declares %d bytes, the limit is %d", ErrTooLarge, h.size, r.limits.MaxFrame)
	}
	chunks, err := r.body(h.size)
	if err != nil {
		return err
	}
	body := chunks[0]
	if len(chunks) > 1 {
		body = make([]byte, 0, h.size)
		for _, c := range chunks {
			body = append(body, c...)
		}
	}
	flags, payload, err := r.open(body)
	if err != nil {
		return err
	}
	var zflags byte
	if flags&curve.FlagMore != 0 {
		zflags |= flagMore
	}
	if flags&curve.FlagCommand != 0 {
		zflags |= flagCommand
		switch {
		case len(payload) >= len(subscribeCmd) && string(payload[:len(subscribeCmd)]) == subscribeCmd:
			payload, zflags = append([]byte{1}, payload[len(subscribeCmd):]...), zflags&^flagCommand
		case len(payload) >= len(cancelCmd) && string(payload[:len(cancelCmd)]) == cancelCmd:
			payload, zflags = append([]byte{0}, payload[len(cancelCmd):]...), zflags&^flagCommand
		}
	}
	hdr := appendHeader(nil, zflags, len(payload))
	ph, _, _ := decodeHeader(hdr)
	if err := r.charge(ph); err != nil {
		return err
	}
	r.pending = [][]byte{hdr, payload}
	return nil
}

// writeSealed takes zmq4's outgoing stream after its greeting: its first
// frame, its READY, becomes our CURVE READY; every later frame is sealed
// into a MESSAGE command.
func (c *conn) writeSealed(p []byte) error {
	return c.asm.feed(p, func(h header, body []byte) error {
		if !c.readySent {
			return c.sendReady(h, body)
		}
		if !c.w.writeFrame(h, body, c.seal) {
			return errClosedWriter
		}
		return nil
	})
}

// errClosedWriter is returned by a write after the connection closed.
var errClosedWriter = errors.New("guard: connection closed")

// sendReady sends the CURVE READY carrying the metadata of zmq4's READY,
// then disconnects a peer whose socket type zmq4's cannot talk to, as the
// NULL path does.
func (c *conn) sendReady(h header, body []byte) error {
	c.readySent = true
	ours, err := readyType(body)
	if !h.command() || err != nil {
		return fmt.Errorf("%w: zmq4's first command is not a READY it could read", errHandshake)
	}
	ready, err := c.sess.Ready(body[len("\x05READY"):])
	if err != nil {
		return err
	}
	if !c.w.write(encodeFrame(flagCommand, ready)) {
		return errClosedWriter
	}
	if c.peer != "" && !c.peer.IsCompatible(ours) {
		rejected.Add(1)
		c.w.close(0)
	}
	return nil
}

// seal returns the wire bytes of the MESSAGE command carrying one of zmq4's
// frames. The MESSAGE frame itself has no flags, as libzmq sends it: a
// command flag would make libzmq take the frame inside for a command.
func (c *conn) seal(h header, body []byte) []byte {
	var flags byte
	if h.more() {
		flags |= curve.FlagMore
	}
	if h.command() {
		flags |= curve.FlagCommand
	}
	size := len(body) + curve.MessageOverhead
	return c.sess.Seal(appendHeader(make([]byte, 0, maxHeader+size), 0, size), flags, body)
}
