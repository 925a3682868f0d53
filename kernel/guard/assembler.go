package guard

// maxKeptBody is the largest frame body an assembler keeps its buffer for.
const maxKeptBody = 1 << 20

// assembler cuts an outgoing ZMTP frame stream, fed in pieces of any size,
// into whole frames: CURVE seals a frame only whole.
type assembler struct {
	hdr    [maxHeader]byte
	hn     int    // bytes of the current header seen so far
	h      header // the current frame's header, once complete
	inBody bool
	body   []byte // the current frame's body so far
}

// feed consumes p and calls emit for every frame completed, in order. The
// body passed to emit is only valid during the call. feed stops at emit's
// first error.
func (a *assembler) feed(p []byte, emit func(h header, body []byte) error) error {
	for len(p) > 0 {
		if !a.inBody {
			if a.hn == 0 {
				a.hdr[0], a.hn, p = p[0], 1, p[1:]
			}
			need := headerLen(a.hdr[0])
			c := copy(a.hdr[a.hn:need], p)
			a.hn, p = a.hn+c, p[c:]
			if a.hn < need {
				return nil
			}
			a.h, _, _ = decodeHeader(a.hdr[:need])
			a.hn, a.inBody = 0, true
			if a.h.size <= uint64(len(p)) {
				// The whole body is here: no copy.
				a.inBody = false
				body := p[:a.h.size]
				p = p[a.h.size:]
				if err := emit(a.h, body); err != nil {
					return err
				}
				continue
			}
		}
		c := min(a.h.size-uint64(len(a.body)), uint64(len(p)))
		a.body = append(a.body, p[:c]...)
		p = p[c:]
		if uint64(len(a.body)) < a.h.size {
			return nil
		}
		a.inBody = false
		err := emit(a.h, a.body)
		if a.body = a.body[:0]; cap(a.body) > maxKeptBody {
			a.body = nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}
