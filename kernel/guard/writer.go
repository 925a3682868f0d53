package guard

import (
	"net"
	"sync"
	"time"
)

// coalesce is the size below which a queued chunk takes more bytes.
const coalesce = 32 << 10

// chunk is a piece of the outgoing stream and how many messages it ends.
type chunk struct {
	b    []byte
	ends int
}

// writer queues outgoing bytes for one connection and drains them to dst
// in its own goroutine, so that Write never waits for the peer. Whole
// messages are dropped while the queue is over the high-water marks.
type writer struct {
	dst net.Conn
	hwm int   // high-water mark in messages
	hwb int64 // high-water mark in bytes

	mu      sync.Mutex
	wake    *sync.Cond
	scan    scanner
	inFrame bool    // writeFrame: a message has started and not ended
	drop    bool    // the current message is being dropped
	queue   []chunk // not yet taken by the goroutine
	msgs    int     // messages started and not yet written
	bytes   int64   // bytes queued or being written
	dropped int     // messages this writer dropped
	closing bool    // drain what is queued, then stop
	dead    bool    // stopped: writes fail
}

// newWriter starts a writer to dst. The writer closes dst when it stops.
func newWriter(dst net.Conn, opt Options) *writer {
	w := &writer{dst: dst, hwm: opt.HighWaterMessages, hwb: opt.HighWaterBytes}
	w.wake = sync.NewCond(&w.mu)
	go w.run()
	return w
}

// write queues p, or the part of it that is not dropped. It reports false
// when the writer has stopped.
func (w *writer) write(p []byte) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead || w.closing {
		return false
	}
	for len(p) > 0 {
		n, first, end := w.scan.step(p)
		if first {
			w.drop = w.msgs >= w.hwm || w.bytes >= w.hwb
			if w.drop {
				w.dropped++
				dropped.Add(1)
			} else {
				w.msgs++
			}
		}
		if !w.drop {
			w.push(p[:n], end)
		}
		p = p[n:]
	}
	w.wake.Signal()
	return true
}

// writeFrame queues one whole frame of the outgoing stream, as wire bytes
// made by seal, which is called only when the frame's message is not
// dropped: messages are dropped whole, as write drops them, and nothing is
// sealed for a dropped one. It reports false when the writer has stopped.
func (w *writer) writeFrame(h header, body []byte, seal func(header, []byte) []byte) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead || w.closing {
		return false
	}
	if !w.inFrame {
		w.drop = w.msgs >= w.hwm || w.bytes >= w.hwb
		if w.drop {
			w.dropped++
			dropped.Add(1)
		} else {
			w.msgs++
		}
	}
	end := h.endsMessage()
	w.inFrame = !end
	if w.drop {
		return true
	}
	b := seal(h, body)
	if len(b) < coalesce {
		w.push(b, end)
	} else {
		// Large: queue the sealed bytes themselves, without a copy.
		w.bytes += int64(len(b))
		w.queue = append(w.queue, chunk{b: b, ends: boolInt(end)})
	}
	w.wake.Signal()
	return true
}

// boolInt is 1 for true.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// push appends a copy of b to the queue.
func (w *writer) push(b []byte, end bool) {
	w.bytes += int64(len(b))
	if k := len(w.queue) - 1; k >= 0 && len(w.queue[k].b) < coalesce {
		w.queue[k].b = append(w.queue[k].b, b...)
	} else {
		w.queue = append(w.queue, chunk{b: append(make([]byte, 0, max(len(b), 256)), b...)})
	}
	if end {
		w.queue[len(w.queue)-1].ends++
	}
}

// run drains the queue until the writer stops.
func (w *writer) run() {
	defer w.dst.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.queue) == 0 && !w.closing && !w.dead {
			w.wake.Wait()
		}
		if w.dead || len(w.queue) == 0 {
			w.dead = true
			return
		}
		batch := w.queue
		w.queue = nil
		w.mu.Unlock()
		bufs := make(net.Buffers, len(batch))
		var n int64
		ends := 0
		for i, c := range batch {
			bufs[i] = c.b
			n += int64(len(c.b))
			ends += c.ends
		}
		_, err := bufs.WriteTo(w.dst)
		w.mu.Lock()
		w.bytes -= n
		w.msgs -= ends
		if err != nil {
			w.dead = true
			return
		}
	}
}

// close stops taking writes and lets the goroutine drain the queue for up
// to linger before it closes dst. A linger of zero closes dst at once.
func (w *writer) close(linger time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if linger <= 0 {
		w.dead = true
		_ = w.dst.Close() // also unblocks a write in progress
	} else if !w.dead && !w.closing {
		_ = w.dst.SetWriteDeadline(time.Now().Add(linger))
	}
	w.closing = true
	w.wake.Signal()
}

// stopped reports whether the writer no longer takes writes.
func (w *writer) stopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dead || w.closing
}

// droppedCount returns how many messages this writer dropped.
func (w *writer) droppedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.dropped
}
