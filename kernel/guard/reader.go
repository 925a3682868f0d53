package guard

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge is wrapped by the read error of a connection closed for a
// frame or message over the limits.
var ErrTooLarge = errors.New("guard: ZMTP frame or message over the size limit")

// frameOverhead is charged for each frame towards the message limit.
const frameOverhead = 32

// Body chunks: the first is at most minChunk, later ones at most what has
// arrived so far, and never more than maxChunk.
const (
	minChunk = 64 << 10
	maxChunk = 4 << 20
)

// reader hands zmq4 the inbound stream one whole frame at a time: it
// checks each header against the limits and releases it only once the
// frame's body has arrived.
type reader struct {
	src     *bufio.Reader
	pending [][]byte // bytes released to zmq4, not yet read
	limits  Options
	msgSize int64 // charged so far to the current message
	err     error // sticky error

	// open, for CURVE, opens a MESSAGE command body into the frame it
	// carries (see sealedFrame); nil for the NULL mechanism.
	open func(body []byte) (flags byte, payload []byte, err error)
}

// newReader returns a reader of src that first replays replay.
func newReader(src io.Reader, replay []byte, limits Options) *reader {
	r := &reader{src: bufio.NewReaderSize(src, minChunk), limits: limits}
	if len(replay) > 0 {
		r.pending = [][]byte{replay}
	}
	return r
}

// Read implements io.Reader.
func (r *reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(r.pending) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.err = r.frame()
	}
	n := copy(p, r.pending[0])
	if r.pending[0] = r.pending[0][n:]; len(r.pending[0]) == 0 {
		r.pending[0] = nil
		r.pending = r.pending[1:]
	}
	return n, nil
}

// frame reads one frame from src into pending.
func (r *reader) frame() error {
	var hdr [maxHeader]byte
	if _, err := io.ReadFull(r.src, hdr[:1]); err != nil {
		return eof(err)
	}
	hl := headerLen(hdr[0])
	if _, err := io.ReadFull(r.src, hdr[1:hl]); err != nil {
		return eof(err)
	}
	h, _, _ := decodeHeader(hdr[:hl])
	if r.open != nil {
		return r.sealedFrame(h)
	}
	if err := r.charge(h); err != nil {
		return err
	}
	body, err := r.body(h.size)
	if err != nil {
		return err
	}
	r.pending = append([][]byte{append([]byte(nil), hdr[:hl]...)}, body...)
	return nil
}

// body reads size bytes from src in chunks no larger than what has
// already arrived, so that a peer cannot make the kernel allocate memory
// it has not sent.
func (r *reader) body(size uint64) ([][]byte, error) {
	var chunks [][]byte
	for got, left := int64(0), int64(size); left > 0; {
		c := min(left, max(minChunk, min(got, maxChunk)))
		chunk := make([]byte, c)
		if _, err := io.ReadFull(r.src, chunk); err != nil {
			return nil, eof(err)
		}
		chunks = append(chunks, chunk)
		got, left = got+c, left-c
	}
	return chunks, nil
}

// charge counts h towards the limits.
func (r *reader) charge(h header) error {
	if h.size > uint64(r.limits.MaxFrame) {
		return fmt.Errorf("%w: a frame declares %d bytes, the limit is %d", ErrTooLarge, h.size, r.limits.MaxFrame)
	}
	size := r.msgSize + int64(h.size) + frameOverhead
	if size > r.limits.MaxMessage {
		return fmt.Errorf("%w: a message reaches %d bytes, the limit is %d", ErrTooLarge, size, r.limits.MaxMessage)
	}
	if r.msgSize = size; !h.more() {
		r.msgSize = 0
	}
	return nil
}

// eof reports a stream cut in the middle of a frame as io.EOF, which zmq4
// takes for a closed connection.
func eof(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return io.EOF
	}
	return err
}
