package guard

import "encoding/binary"

// ZMTP 3.0 frame flags (https://rfc.zeromq.org/spec:23/ZMTP/).
const (
	flagMore    = 0x1 // more frames of the same message follow
	flagLong    = 0x2 // the size takes 8 bytes instead of 1
	flagCommand = 0x4 // the frame is a command, a message on its own
)

// maxHeader is the length of a long frame header.
const maxHeader = 9

// header is a decoded frame header.
type header struct {
	flags byte
	size  uint64
}

// more reports whether the frame has the MORE flag.
func (h header) more() bool { return h.flags&flagMore != 0 }

// command reports whether the frame is a command.
func (h header) command() bool { return h.flags&flagCommand != 0 }

// endsMessage reports whether the frame is the last of its message, as the
// outgoing queue counts messages: a frame without MORE, or a command.
func (h header) endsMessage() bool { return !h.more() || h.command() }

// headerLen is the length of a header that starts with flags.
func headerLen(flags byte) int {
	if flags&flagLong != 0 {
		return maxHeader
	}
	return 2
}

// decodeHeader decodes the header at the start of b. It reports the
// header's length, or ok false when b holds only part of it.
func decodeHeader(b []byte) (h header, n int, ok bool) {
	if len(b) == 0 {
		return header{}, 0, false
	}
	n = headerLen(b[0])
	if len(b) < n {
		return header{}, 0, false
	}
	h.flags = b[0]
	if n == maxHeader {
		h.size = binary.BigEndian.Uint64(b[1:maxHeader])
	} else {
		h.size = uint64(b[1])
	}
	return h, n, true
}

// appendHeader appends the header of a frame of size bytes with flags to
// dst, long when size needs it.
func appendHeader(dst []byte, flags byte, size int) []byte {
	if size > 255 {
		return binary.BigEndian.AppendUint64(append(dst, flags|flagLong), uint64(size))
	}
	return append(dst, flags&^flagLong, byte(size))
}
