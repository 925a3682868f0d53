package curve

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/nacl/box"
)

// Session seals and opens the MESSAGE commands of one connection after its
// handshake. Seal and Open keep separate state: one goroutine may seal
// while another opens, but neither may be called from two goroutines at
// once.
type Session struct {
	shared     [KeyLen]byte
	sendPrefix string
	recvPrefix string
	sendNonce  uint64 // the next short nonce to send
	recvNonce  uint64 // the last short nonce received
	plain      []byte // Seal's scratch plaintext
}

// Ready returns the body of the READY command that ends the server's
// handshake, carrying meta (a ZMTP property list: Socket-Type, Identity).
// It must be the session's first sealing.
func (s *Session) Ready(meta []byte) ([]byte, error) {
	if s.sendNonce != 1 {
		return nil, fmt.Errorf("%w: READY after the first MESSAGE", ErrHandshake)
	}
	s.sendNonce++
	ready := append(make([]byte, 0, 14+len(meta)+boxOverhead), readyName...)
	ready = binary.BigEndian.AppendUint64(ready, 1)
	return box.SealAfterPrecomputation(ready, meta, shortNonce(readyPrefix, 1), &s.shared), nil
}

// Seal appends to dst the body of a MESSAGE command carrying payload with
// flags (FlagMore, FlagCommand), and returns the extended slice. The body
// is MessageOverhead bytes longer than payload.
func (s *Session) Seal(dst []byte, flags byte, payload []byte) []byte {
	nonce := s.sendNonce
	s.sendNonce++
	s.plain = append(append(s.plain[:0], flags), payload...)
	dst = append(dst, messageName...)
	dst = binary.BigEndian.AppendUint64(dst, nonce)
	dst = box.SealAfterPrecomputation(dst, s.plain, shortNonce(s.sendPrefix, nonce), &s.shared)
	if cap(s.plain) > 64<<10 {
		s.plain = nil // do not keep a large frame's scratch for the life of the connection
	}
	return dst
}

// Open opens the body of a MESSAGE command and returns the flags and the
// payload it carries; payload is newly allocated. A body that does not open,
// or whose short nonce is not above every nonce received before (a replay),
// is refused with an error wrapping ErrMessage.
func (s *Session) Open(body []byte) (flags byte, payload []byte, err error) {
	if len(body) < MinMessageLen || string(body[:8]) != messageName {
		return 0, nil, fmt.Errorf("%w: not a MESSAGE command of at least %d bytes", ErrMessage, MinMessageLen)
	}
	nonce := binary.BigEndian.Uint64(body[8:16])
	if nonce <= s.recvNonce {
		return 0, nil, fmt.Errorf("%w: short nonce %d after %d (a replay?)", ErrMessage, nonce, s.recvNonce)
	}
	plain, ok := box.OpenAfterPrecomputation(make([]byte, 0, len(body)-16-boxOverhead), body[16:], shortNonce(s.recvPrefix, nonce), &s.shared)
	if !ok {
		return 0, nil, fmt.Errorf("%w: the box does not open (corrupted or forged)", ErrMessage)
	}
	s.recvNonce = nonce
	return plain[0] & (FlagMore | FlagCommand), plain[1:], nil
}
