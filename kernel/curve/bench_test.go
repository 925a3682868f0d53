package curve

import (
	"fmt"
	"testing"
)

// BenchmarkMessage measures sealing and opening one MESSAGE box, the cost
// CURVE adds to every frame.
func BenchmarkMessage(b *testing.B) {
	for _, size := range []int{64, 1 << 10, 64 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("seal+open/%dB", size), func(b *testing.B) {
			srv, cli := handshake(b, serverKeys(b))
			payload := make([]byte, size)
			var buf []byte
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				buf = cli.Seal(buf[:0], 0, payload)
				if _, _, err := srv.Open(buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHandshake measures a whole handshake, both sides.
func BenchmarkHandshake(b *testing.B) {
	keys := serverKeys(b)
	b.ReportAllocs()
	for b.Loop() {
		handshake(b, keys)
	}
}
