package process

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
)

// helloBody is the first request a kernel sends an engine: the secret that
// the engine's marks and event lines carry, and the engine's output limits.
type helloBody struct {
	Secret string `json:"secret"`
	// DisplayLimit caps the JSON size of one display or result (bytes).
	DisplayLimit int `json:"display_limit"`
}

// engineSecret is the secret of the engine served in this process, for
// PanicMark. It is never in the environment, where a cell could read it.
var engineSecret atomic.Pointer[string]

// newSecret returns a fresh random secret.
func newSecret() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func ptr[T any](v T) *T { return &v }
