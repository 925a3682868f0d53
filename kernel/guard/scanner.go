package guard

// scanner follows an outgoing ZMTP frame stream, fed in pieces of any size,
// and cuts it at message boundaries.
type scanner struct {
	hdr    [maxHeader]byte
	hn     int    // bytes of the current header seen so far
	inBody bool   // the current frame's header is complete
	body   uint64 // body bytes of the current frame still to come
	last   bool   // the current frame ends its message
	inMsg  bool   // a message has started and not ended
}

// step consumes the longest prefix of p that stays within one message. It
// reports whether that prefix starts the message and whether it ends it.
// step consumes at least one byte of a non-empty p.
func (s *scanner) step(p []byte) (n int, first, end bool) {
	if len(p) == 0 {
		return 0, false, false
	}
	first = !s.inMsg
	s.inMsg = true
	for n < len(p) {
		if !s.inBody {
			if s.hn == 0 {
				s.hdr[0] = p[n]
				s.hn, n = 1, n+1
			}
			need := headerLen(s.hdr[0])
			c := copy(s.hdr[s.hn:need], p[n:])
			s.hn, n = s.hn+c, n+c
			if s.hn < need {
				return n, first, false
			}
			h, _, _ := decodeHeader(s.hdr[:need])
			s.hn, s.inBody, s.body, s.last = 0, true, h.size, h.endsMessage()
		}
		c := uint64(len(p) - n)
		if c > s.body {
			c = s.body
		}
		n += int(c)
		s.body -= c
		if s.body > 0 {
			return n, first, false
		}
		s.inBody = false
		if s.last {
			s.inMsg = false
			return n, first, true
		}
	}
	return n, first, false
}
