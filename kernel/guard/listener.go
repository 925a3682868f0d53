package guard

import (
	"errors"
	"net"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/go-zeromq/zmq4"
)

// listener accepts connections in the background and returns from Accept
// only those whose handshake prefix has arrived, wrapped for zmq4.
type listener struct {
	inner   net.Listener
	network string
	opt     Options

	ready chan *conn    // handshaken connections waiting for Accept
	slots chan struct{} // one token per handshake in progress
	done  chan struct{} // closed by Close
	once  sync.Once

	mu      sync.Mutex
	pending map[net.Conn]struct{} // connections in their handshake
}

// newListener serves inner and starts accepting.
func newListener(inner net.Listener, network string, opt Options) *listener {
	l := &listener{
		inner:   inner,
		network: network,
		opt:     opt,
		ready:   make(chan *conn),
		slots:   make(chan struct{}, opt.MaxPendingHandshakes),
		done:    make(chan struct{}),
		pending: make(map[net.Conn]struct{}),
	}
	go l.acceptLoop()
	return l
}

// Accept implements net.Listener.
func (l *listener) Accept() (net.Conn, error) {
	select {
	case <-l.done:
	default:
		select {
		case c := <-l.ready:
			return c, nil
		case <-l.done:
		}
	}
	return nil, &net.OpError{Op: "accept", Net: l.network, Addr: l.inner.Addr(), Err: net.ErrClosed}
}

// Close implements net.Listener. It also closes the connections still in
// their handshake.
func (l *listener) Close() error {
	err := net.ErrClosed
	l.once.Do(func() {
		close(l.done)
		err = l.inner.Close()
		l.mu.Lock()
		for raw := range l.pending {
			raw.Close()
		}
		l.mu.Unlock()
	})
	return err
}

// Addr implements net.Listener.
func (l *listener) Addr() net.Addr { return l.inner.Addr() }

// acceptLoop accepts raw connections until the listener closes, and
// starts a handshake for each while there are free slots.
func (l *listener) acceptLoop() {
	var backoff time.Duration
	for {
		raw, err := l.inner.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || l.closed() {
				return
			}
			// Out of file descriptors, say: wait, as net/http does.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		select {
		case l.slots <- struct{}{}:
			go l.handshake(raw)
		default:
			rejected.Add(1)
			raw.Close()
		}
	}
}

// handshake runs the handshake of raw and hands the result to Accept.
func (l *listener) handshake(raw net.Conn) {
	defer func() { <-l.slots }()
	if !l.track(raw) {
		raw.Close()
		return
	}
	var (
		replay []byte
		peer   zmq4.SocketType
		sess   *curve.Session
		err    error
	)
	if l.opt.Curve != nil {
		replay, peer, sess, err = curveHandshake(raw, l.opt.Curve, l.opt.HandshakeTimeout)
	} else {
		replay, peer, err = handshake(raw, l.opt.HandshakeTimeout)
	}
	l.untrack(raw)
	if err != nil {
		rejected.Add(1)
		raw.Close()
		return
	}
	c := newConn(raw, l.network, replay, peer, sess, l.opt)
	select {
	case l.ready <- c:
	case <-l.done:
		c.w.close(0)
	}
}

// track records raw as in its handshake, unless the listener is closed.
func (l *listener) track(raw net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed() {
		return false
	}
	l.pending[raw] = struct{}{}
	return true
}

// untrack forgets raw.
func (l *listener) untrack(raw net.Conn) {
	l.mu.Lock()
	delete(l.pending, raw)
	l.mu.Unlock()
}

// closed reports whether Close was called.
func (l *listener) closed() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}
