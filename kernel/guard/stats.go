package guard

import "sync/atomic"

// Process-wide counters of the guarded transports.
var (
	dropped  atomic.Uint64
	rejected atomic.Uint64
)

// Dropped returns how many outgoing messages the guarded transports have
// dropped, since the process started, because a peer's queue was over its
// high-water mark.
func Dropped() uint64 { return dropped.Load() }

// Rejected returns how many connections the guarded transports have closed,
// since the process started, for an oversized frame or message, a failed or
// timed-out handshake, or too many handshakes in progress.
func Rejected() uint64 { return rejected.Load() }
