package process

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// flushEvery is how often printed text is published: often enough to look
// live, rarely enough to stay far below jupyter_server's rate limits.
const flushEvery = 50 * time.Millisecond

// pump reads one of the engine's output streams until it ends.
func (p *engineProc) pump(r io.Reader, name string) {
	sc := markScanner{secret: p.secret}
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			sc.feed(buf[:n], func(b []byte) { p.text(name, b) }, func(m string) { p.mark(name, m) })
		}
		if err != nil {
			break
		}
	}
	if rest := sc.flush(); len(rest) > 0 {
		p.text(name, rest)
	}
}

// crashStarts are how the Go runtime begins its last words.
// "A goroutine panicked: " starts the engine's own account of a goroutine's
// panic (its frames at the cell's lines), written just before the runtime's.
var crashStarts = []string{goroutinePanicked, "panic: ", "fatal error: ", "runtime: goroutine stack exceeds", "SIGSEGV", "unexpected fault address"}

// text buffers printed text. On stderr, from the first line that looks like
// the runtime's last words, text is held back: if the process dies it
// becomes the cell's error, not a wall of goroutine traces.
func (p *engineProc) text(name string, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if name == "stderr" {
		if !p.holding {
			if i := crashIndex(b); i >= 0 {
				// The newline a crash's account starts with is not the
				// cell's output.
				if len(bytes.TrimSpace(b[:i])) > 0 {
					p.errBuf.Write(b[:i])
				}
				p.holding = true
				b = b[i:]
			}
		}
		if p.holding {
			if p.crash.Len() < 1<<20 {
				p.crash.Write(b)
			}
			return
		}
		p.errBuf.Write(b)
		return
	}
	p.outBuf.Write(b)
}

func crashIndex(b []byte) int {
	best := -1
	for _, s := range crashStarts {
		for off := 0; off < len(b); {
			i := bytes.Index(b[off:], []byte(s))
			if i < 0 {
				break
			}
			i += off
			if i == 0 || b[i-1] == '\n' {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			off = i + 1
		}
	}
	return best
}

// mark handles a mark read from stream name.
func (p *engineProc) mark(name, m string) {
	switch {
	case strings.HasPrefix(m, "pos:"):
		p.mu.Lock()
		p.panicAt = strings.TrimPrefix(m, "pos:")
		p.mu.Unlock()
	case strings.HasPrefix(m, "gok:"):
		seq, err := strconv.ParseUint(strings.TrimPrefix(m, "gok:"), 10, 64)
		if err != nil {
			return
		}
		if name == "stderr" {
			p.mu.Lock()
			p.errDone = seq
			p.mu.Unlock()
			p.finish()
			return
		}
		ev, ok := p.event(seq)
		if !ok {
			return
		}
		p.flushStreams()
		p.deliver(ev)
	}
}

// deliver publishes one event in its place among the printed text.
func (p *engineProc) deliver(ev pipeMsg) {
	pub := p.s.publisher()
	if pub == nil {
		return
	}
	switch ev.Op {
	case opDisplay, opResult:
		var d kernel.DisplayData
		if json.Unmarshal(ev.Body, &d) != nil {
			return
		}
		if ev.Op == opResult {
			pub.Result(d)
		} else {
			pub.Display(d)
		}
	case opError:
		var e kernel.ErrorInfo
		if json.Unmarshal(ev.Body, &e) == nil {
			pub.Error(e)
		}
	case opClear:
		var wait bool
		_ = json.Unmarshal(ev.Body, &wait)
		pub.ClearOutput(wait)
	case opInputRequest:
		var in inputRequest
		_ = json.Unmarshal(ev.Body, &in)
		v, err := pub.Input(in.Prompt, in.Password)
		r := inputReply{Value: v}
		if err != nil {
			r.Error = err.Error()
		}
		_ = p.req.send(opInputReply, 0, 0, r)
	case opDone:
		var res kernel.ExecuteResult
		if json.Unmarshal(ev.Body, &res) != nil {
			res = kernel.ExecuteResult{Status: "error"}
		}
		p.mu.Lock()
		p.result = &res
		p.outDone = ev.Seq
		p.mu.Unlock()
		p.finish()
	}
}

// finish ends the cell once its done mark was read on both streams, so that
// everything it printed is published before the reply.
func (p *engineProc) finish() {
	p.mu.Lock()
	res := p.result
	if res == nil || p.errDone < p.outDone {
		p.mu.Unlock()
		return
	}
	p.result = nil
	p.running = false
	// Text that looked like a crash but was not (the process lives on).
	if p.holding {
		p.errBuf.Write(p.crash.Bytes())
		p.crash.Reset()
		p.holding = false
	}
	p.mu.Unlock()
	p.flushStreams()
	p.done <- *res
}

// flusher publishes buffered text every flushEvery until stop is closed.
func (p *engineProc) flusher(stop chan struct{}) {
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.flushStreams()
		}
	}
}

// flushStreams publishes buffered text, up to the cell's output limit.
func (p *engineProc) flushStreams() {
	p.mu.Lock()
	defer p.mu.Unlock()
	pub := p.s.publisher()
	for _, st := range []struct {
		name string
		buf  *bytes.Buffer
	}{{"stdout", &p.outBuf}, {"stderr", &p.errBuf}} {
		n := completeUTF8(st.buf.Bytes())
		if n == 0 {
			continue
		}
		chunk := string(st.buf.Next(n))
		if pub == nil {
			continue
		}
		if limit := p.s.OutputLimit; limit > 0 {
			if p.truncated {
				continue
			}
			if p.printed+len(chunk) > limit {
				keep := limit - p.printed
				if keep < 0 {
					keep = 0
				}
				chunk = chunk[:keep] + fmt.Sprintf("\n[output truncated: this cell printed more than %d bytes; the rest is dropped, the cell keeps running]\n", limit)
				p.truncated = true
			}
			p.printed += len(chunk)
		}
		pub.Stream(st.name, chunk)
	}
}
