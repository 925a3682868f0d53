package kerneltest

import "github.com/aulago/gokernel/kernel/wire"

// Encode returns the frames f would send for m, to be altered by a test.
func Encode(f *Frontend, m *wire.Message) ([][]byte, error) { return f.codec.Encode(m) }
