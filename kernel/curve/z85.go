package curve

import (
	"errors"
	"fmt"
)

// z85Alphabet is the Z85 alphabet of rfc.zeromq.org spec 32.
const z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

// z85Values maps a byte to its Z85 digit plus one; zero means "not Z85".
var z85Values = func() (v [256]byte) {
	for i := 0; i < len(z85Alphabet); i++ {
		v[z85Alphabet[i]] = byte(i + 1)
	}
	return v
}()

// ErrZ85 is wrapped by every Z85 decoding error.
var ErrZ85 = errors.New("curve: not Z85")

// Z85Encode encodes b, whose length must be a multiple of 4, as Z85.
func Z85Encode(b []byte) (string, error) {
	if len(b)%4 != 0 {
		return "", fmt.Errorf("%w: %d bytes is not a multiple of 4", ErrZ85, len(b))
	}
	out := make([]byte, 0, len(b)/4*5)
	for i := 0; i < len(b); i += 4 {
		v := uint32(b[i])<<24 | uint32(b[i+1])<<16 | uint32(b[i+2])<<8 | uint32(b[i+3])
		var d [5]byte
		for j := 4; j >= 0; j-- {
			d[j] = z85Alphabet[v%85]
			v /= 85
		}
		out = append(out, d[:]...)
	}
	return string(out), nil
}

// Z85Decode decodes s, whose length must be a multiple of 5. The error
// never quotes s, which may be a secret key.
func Z85Decode(s string) ([]byte, error) {
	if len(s)%5 != 0 {
		return nil, fmt.Errorf("%w: %d characters is not a multiple of 5", ErrZ85, len(s))
	}
	out := make([]byte, 0, len(s)/5*4)
	for i := 0; i < len(s); i += 5 {
		var v uint64
		for j := 0; j < 5; j++ {
			d := z85Values[s[i+j]]
			if d == 0 {
				return nil, fmt.Errorf("%w: character %d is not in the Z85 alphabet", ErrZ85, i+j+1)
			}
			v = v*85 + uint64(d-1)
		}
		if v > 0xFFFFFFFF {
			return nil, fmt.Errorf("%w: characters %d to %d overflow 32 bits", ErrZ85, i+1, i+5)
		}
		out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return out, nil
}
