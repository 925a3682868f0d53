package guard

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
)

// Defaults used for every Options field left at zero (or below).
const (
	DefaultMaxFrame             = 256 << 20
	DefaultMaxMessage           = 256 << 20
	DefaultHandshakeTimeout     = 5 * time.Second
	DefaultHighWaterMessages    = 1000
	DefaultHighWaterBytes       = 64 << 20
	DefaultMaxPendingHandshakes = 128
	DefaultLinger               = time.Second
)

// Environment variables read by FromEnv.
const (
	// EnvMaxMessage sets MaxFrame and MaxMessage, in bytes.
	EnvMaxMessage = "GOKERNEL_MAX_MESSAGE"
	// EnvIOPubHWM sets HighWaterMessages.
	EnvIOPubHWM = "GOKERNEL_IOPUB_HWM"
)

// Options are the limits of the guarded transports. A field at zero (or
// below) takes its Default value.
type Options struct {
	// MaxFrame is the largest frame, in bytes, a peer may send; a larger
	// declared size closes the connection. Default 256 MiB.
	MaxFrame int64
	// MaxMessage is the largest message, in bytes, a peer may send: the sum
	// of its frames' sizes plus 32 bytes for each frame. Default 256 MiB.
	MaxMessage int64
	// HandshakeTimeout bounds the greeting and READY exchange of an accepted
	// connection. Default 5 s.
	HandshakeTimeout time.Duration
	// HighWaterMessages is how many messages may be queued for one peer
	// before new ones are dropped. Default 1000, as libzmq's SNDHWM.
	HighWaterMessages int
	// HighWaterBytes is how many bytes may be queued for one peer before new
	// messages are dropped. Default 64 MiB.
	HighWaterBytes int64
	// MaxPendingHandshakes is how many handshakes one listener runs at once;
	// connections beyond it are closed at once. Default 128.
	MaxPendingHandshakes int
	// Linger is how long a closed connection keeps draining its queue in
	// the background. Default 1 s.
	Linger time.Duration
	// Curve, when set, makes every connection a CurveZMQ server with this
	// long-term key pair: a peer must complete the CURVE handshake, and
	// its traffic is sealed both ways. Nil is the NULL mechanism.
	Curve *curve.KeyPair
}

// withDefaults returns opt with every unset field at its default.
func (opt Options) withDefaults() Options {
	if opt.MaxFrame <= 0 {
		opt.MaxFrame = DefaultMaxFrame
	}
	if opt.MaxMessage <= 0 {
		opt.MaxMessage = DefaultMaxMessage
	}
	if opt.HandshakeTimeout <= 0 {
		opt.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if opt.HighWaterMessages <= 0 {
		opt.HighWaterMessages = DefaultHighWaterMessages
	}
	if opt.HighWaterBytes <= 0 {
		opt.HighWaterBytes = DefaultHighWaterBytes
	}
	if opt.MaxPendingHandshakes <= 0 {
		opt.MaxPendingHandshakes = DefaultMaxPendingHandshakes
	}
	if opt.Linger <= 0 {
		opt.Linger = DefaultLinger
	}
	return opt
}

// FromEnv returns the default Options, with MaxFrame and MaxMessage taken
// from GOKERNEL_MAX_MESSAGE (bytes) and HighWaterMessages from
// GOKERNEL_IOPUB_HWM (messages) when they hold a positive integer. Other
// values are ignored.
func FromEnv() Options {
	return fromEnv(os.Getenv)
}

// fromEnv is FromEnv reading variables through getenv.
func fromEnv(getenv func(string) string) Options {
	var opt Options
	if n, ok := positive(getenv(EnvMaxMessage)); ok {
		opt.MaxFrame, opt.MaxMessage = n, n
	}
	if n, ok := positive(getenv(EnvIOPubHWM)); ok && n <= 1<<31-1 {
		opt.HighWaterMessages = int(n)
	}
	return opt.withDefaults()
}

// CheckEnv reports an environment variable of this package that is set but
// is not a positive integer (FromEnv then uses the default), so that the
// kernel can say so in its log.
func CheckEnv() error { return checkEnv(os.Getenv) }

func checkEnv(getenv func(string) string) error {
	for _, name := range []string{EnvMaxMessage, EnvIOPubHWM} {
		if v := getenv(name); strings.TrimSpace(v) != "" {
			if _, ok := positive(v); !ok {
				return fmt.Errorf("%s=%q is not a positive integer; the default is used", name, v)
			}
		}
	}
	return nil
}

// positive parses s as a positive decimal integer.
func positive(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n > 0
}
