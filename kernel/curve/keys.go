package curve

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/curve25519"
)

// KeyLen is the length of a Curve25519 key, in bytes.
const KeyLen = 32

// Z85KeyLen is the length of a Z85-encoded key, in characters.
const Z85KeyLen = 40

// KeyPair is a Curve25519 key pair. Its String method hides the secret.
type KeyPair struct {
	Public, Secret [KeyLen]byte
}

// ErrKey is wrapped by the errors of ParseKeyPair.
var ErrKey = errors.New("curve: bad key")

// ParseKeyPair decodes a Z85 public and secret key, as jupyter_client
// writes them into a connection file (curve_publickey, curve_secretkey),
// and checks that the public key is the secret key's. Its errors name the
// field at fault and never quote a key.
func ParseKeyPair(public, secret string) (*KeyPair, error) {
	var kp KeyPair
	fields := []struct {
		name string
		z85  string
		dst  *[KeyLen]byte
	}{{"curve_publickey", public, &kp.Public}, {"curve_secretkey", secret, &kp.Secret}}
	for _, f := range fields {
		if len(f.z85) != Z85KeyLen {
			return nil, fmt.Errorf("%w: %s is %d characters long, want %d (Z85)", ErrKey, f.name, len(f.z85), Z85KeyLen)
		}
		b, err := Z85Decode(f.z85)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrKey, f.name, err)
		}
		copy(f.dst[:], b)
	}
	pub, err := curve25519.X25519(kp.Secret[:], curve25519.Basepoint)
	if err != nil {
		return nil, fmt.Errorf("%w: curve_secretkey is a low-order point", ErrKey)
	}
	if subtle.ConstantTimeCompare(pub, kp.Public[:]) != 1 {
		return nil, fmt.Errorf("%w: curve_publickey is not the public key of curve_secretkey", ErrKey)
	}
	return &kp, nil
}

// GenerateKeyPair returns a new key pair read from rand (crypto/rand when
// nil).
func GenerateKeyPair(r io.Reader) (*KeyPair, error) {
	if r == nil {
		r = rand.Reader
	}
	var kp KeyPair
	if _, err := io.ReadFull(r, kp.Secret[:]); err != nil {
		return nil, err
	}
	pub, err := curve25519.X25519(kp.Secret[:], curve25519.Basepoint)
	if err != nil {
		return nil, err
	}
	copy(kp.Public[:], pub)
	return &kp, nil
}

// String implements fmt.Stringer with the public key only, so that a key
// pair printed by mistake does not leak its secret.
func (kp KeyPair) String() string {
	pub, _ := Z85Encode(kp.Public[:])
	return "curve.KeyPair{Public: " + pub + ", Secret: <hidden>}"
}

// GoString implements fmt.GoStringer as String does, for %#v.
func (kp KeyPair) GoString() string { return kp.String() }
