package curve

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Command bodies start with the name's length and the name (spec 23).
const (
	helloName    = "\x05HELLO"
	welcomeName  = "\x07WELCOME"
	initiateName = "\x08INITIATE"
	readyName    = "\x05READY"
	messageName  = "\x07MESSAGE"
	errorName    = "\x05ERROR"
)

// Nonce prefixes (spec 26). A short nonce is an 8-byte counter after a
// 16-byte prefix; a long nonce is 16 random bytes after an 8-byte prefix.
const (
	helloPrefix     = "CurveZMQHELLO---"
	welcomePrefix   = "WELCOME-"
	cookiePrefix    = "COOKIE--"
	initiatePrefix  = "CurveZMQINITIATE"
	vouchPrefix     = "VOUCH---"
	readyPrefix     = "CurveZMQREADY---"
	serverMsgPrefix = "CurveZMQMESSAGES"
	clientMsgPrefix = "CurveZMQMESSAGEC"
)

// Sizes of the commands, in bytes, name included.
const (
	HelloLen       = 200 // exactly
	WelcomeLen     = 168 // exactly
	MinInitiateLen = 257 // plus the client's metadata
	MinMessageLen  = 33  // plus the payload
	boxOverhead    = 16  // a box is this much longer than its plaintext
	cookieLen      = 96  // 16-byte nonce and an 80-byte secretbox
)

// MessageOverhead is how much longer a MESSAGE command body is than the
// frame it carries.
const MessageOverhead = MinMessageLen // name 8, nonce 8, box overhead 16, flags 1

// Flags of a frame inside a MESSAGE box, as libzmq encodes them (its
// msg_t flags, not the ZMTP frame flags).
const (
	FlagMore    = 0x1 // more frames of the same message follow
	FlagCommand = 0x2 // the frame is a ZMTP command
)

var (
	// ErrHandshake is wrapped by every refusal of HELLO or INITIATE.
	ErrHandshake = errors.New("curve: bad CurveZMQ handshake")
	// ErrMessage is wrapped by every refusal of a MESSAGE command.
	ErrMessage = errors.New("curve: bad CurveZMQ MESSAGE")
)

// shortNonce returns prefix (16 bytes) followed by n, big-endian.
func shortNonce(prefix string, n uint64) *[24]byte {
	var nonce [24]byte
	copy(nonce[:16], prefix)
	binary.BigEndian.PutUint64(nonce[16:], n)
	return &nonce
}

// longNonce returns prefix (8 bytes) followed by the 16 bytes of b.
func longNonce(prefix string, b []byte) *[24]byte {
	var nonce [24]byte
	copy(nonce[:8], prefix)
	copy(nonce[8:], b[:16])
	return &nonce
}

// ErrorCommand returns the body of an ERROR command giving reason, cut to
// 255 bytes.
func ErrorCommand(reason string) []byte {
	if len(reason) > 255 {
		reason = reason[:255]
	}
	return append(append([]byte(errorName), byte(len(reason))), reason...)
}

// checkMetadata checks a ZMTP property list: names of 1 to 255 bytes, each
// followed by a 4-byte big-endian length and that many bytes.
func checkMetadata(b []byte) error {
	for i := 0; i < len(b); {
		n := int(b[i])
		if n == 0 {
			return fmt.Errorf("%w: metadata has an empty property name", ErrHandshake)
		}
		i += 1 + n
		if i+4 > len(b) {
			return fmt.Errorf("%w: metadata cut in a property", ErrHandshake)
		}
		v := binary.BigEndian.Uint32(b[i:])
		i += 4
		if uint64(v) > uint64(len(b)-i) {
			return fmt.Errorf("%w: metadata cut in a property", ErrHandshake)
		}
		i += int(v)
	}
	return nil
}
