package curve

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"
)

// Server steps, in order.
const (
	wantHello = iota
	wantInitiate
	done
	failed
)

// Server is the server side of one connection's CurveZMQ handshake. Its
// methods must be called in order (Hello, then Initiate), each once; after
// any error every method fails. A Server is not safe for concurrent use.
type Server struct {
	keys *KeyPair
	rand io.Reader
	step int

	clientT     [KeyLen]byte // the client's transient public key C'
	serverT     KeyPair      // our transient key pair S', s'
	cookieKey   [KeyLen]byte // this connection's cookie key
	clientNonce uint64       // the client's last short nonce
}

// NewServer returns the handshake of one connection to a server whose
// long-term key pair is keys.
func NewServer(keys *KeyPair) *Server { return newServer(keys, rand.Reader) }

// newServer is NewServer with its randomness read from r.
func newServer(keys *KeyPair, r io.Reader) *Server {
	return &Server{keys: keys, rand: r}
}

// Hello checks the client's HELLO command body and returns the body of the
// WELCOME command to send.
func (s *Server) Hello(cmd []byte) ([]byte, error) {
	if err := s.enter(wantHello, "HELLO"); err != nil {
		return nil, err
	}
	welcome, err := s.hello(cmd)
	if err != nil {
		s.fail()
		return nil, err
	}
	s.step = wantInitiate
	return welcome, nil
}

func (s *Server) hello(cmd []byte) ([]byte, error) {
	switch {
	case len(cmd) != HelloLen || string(cmd[:6]) != helloName:
		return nil, fmt.Errorf("%w: HELLO is not %d bytes starting with HELLO", ErrHandshake, HelloLen)
	case cmd[6] != 1 || cmd[7] != 0:
		return nil, fmt.Errorf("%w: HELLO of CurveZMQ version %d.%d, want 1.0", ErrHandshake, cmd[6], cmd[7])
	case !allZero(cmd[8:80]):
		return nil, fmt.Errorf("%w: HELLO padding is not zero", ErrHandshake)
	}
	copy(s.clientT[:], cmd[80:112])
	s.clientNonce = binary.BigEndian.Uint64(cmd[112:120])
	sig, ok := box.Open(nil, cmd[120:200], shortNonce(helloPrefix, s.clientNonce), &s.clientT, &s.keys.Secret)
	if !ok || len(sig) != 64 || !allZero(sig) {
		return nil, fmt.Errorf("%w: HELLO signature box does not open (the client has another server key)", ErrHandshake)
	}

	t, err := GenerateKeyPair(s.rand)
	if err != nil {
		return nil, err
	}
	s.serverT = *t
	var cookieNonce, welcomeNonce [16]byte
	for _, b := range [][]byte{s.cookieKey[:], cookieNonce[:], welcomeNonce[:]} {
		if _, err := io.ReadFull(s.rand, b); err != nil {
			return nil, err
		}
	}
	// The cookie holds C' and s' under a key only this connection knows.
	plain := append(append(make([]byte, 0, 2*KeyLen), s.clientT[:]...), s.serverT.Secret[:]...)
	cookie := secretbox.Seal(append([]byte(nil), cookieNonce[:]...), plain, longNonce(cookiePrefix, cookieNonce[:]), &s.cookieKey)
	clear(plain)

	welcome := append(make([]byte, 0, WelcomeLen), welcomeName...)
	welcome = append(welcome, welcomeNonce[:]...)
	inner := append(append(make([]byte, 0, KeyLen+cookieLen), s.serverT.Public[:]...), cookie...)
	return box.Seal(welcome, inner, longNonce(welcomePrefix, welcomeNonce[:]), &s.clientT, &s.keys.Secret), nil
}

// Initiate checks the client's INITIATE command body, cookie and vouch. It
// returns the client's metadata (a ZMTP property list) and the session of
// the connection, whose first use must be Ready.
func (s *Server) Initiate(cmd []byte) ([]byte, *Session, error) {
	if err := s.enter(wantInitiate, "INITIATE"); err != nil {
		return nil, nil, err
	}
	meta, err := s.initiate(cmd)
	var sess *Session
	if err == nil {
		sess = &Session{sendPrefix: serverMsgPrefix, recvPrefix: clientMsgPrefix, sendNonce: 1, recvNonce: s.clientNonce}
		box.Precompute(&sess.shared, &s.clientT, &s.serverT.Secret)
	}
	// Whatever happened, the cookie and s' are no longer needed.
	clear(s.cookieKey[:])
	clear(s.serverT.Secret[:])
	if err != nil {
		s.fail()
		return nil, nil, err
	}
	s.step = done
	return meta, sess, nil
}

func (s *Server) initiate(cmd []byte) ([]byte, error) {
	if len(cmd) < MinInitiateLen || string(cmd[:9]) != initiateName {
		return nil, fmt.Errorf("%w: INITIATE is not at least %d bytes starting with INITIATE", ErrHandshake, MinInitiateLen)
	}
	cookie, ok := secretbox.Open(nil, cmd[25:105], longNonce(cookiePrefix, cmd[9:25]), &s.cookieKey)
	if !ok || subtle.ConstantTimeCompare(cookie[:KeyLen], s.clientT[:]) != 1 ||
		subtle.ConstantTimeCompare(cookie[KeyLen:], s.serverT.Secret[:]) != 1 {
		clear(cookie)
		return nil, fmt.Errorf("%w: INITIATE cookie is not this connection's", ErrHandshake)
	}
	clear(cookie)
	nonce := binary.BigEndian.Uint64(cmd[105:113])
	if nonce <= s.clientNonce {
		return nil, fmt.Errorf("%w: INITIATE short nonce does not increase", ErrHandshake)
	}
	plain, ok := box.Open(nil, cmd[113:], shortNonce(initiatePrefix, nonce), &s.clientT, &s.serverT.Secret)
	if !ok {
		return nil, fmt.Errorf("%w: INITIATE box does not open", ErrHandshake)
	}
	var client [KeyLen]byte
	copy(client[:], plain[:KeyLen])
	vouch, ok := box.Open(nil, plain[48:128], longNonce(vouchPrefix, plain[32:48]), &client, &s.serverT.Secret)
	if !ok || !bytes.Equal(vouch[:KeyLen], s.clientT[:]) || !bytes.Equal(vouch[KeyLen:], s.keys.Public[:]) {
		return nil, fmt.Errorf("%w: INITIATE vouch does not vouch for this connection", ErrHandshake)
	}
	meta := plain[128:]
	if err := checkMetadata(meta); err != nil {
		return nil, err
	}
	s.clientNonce = nonce
	return meta, nil
}

// enter checks that the handshake is at step want.
func (s *Server) enter(want int, name string) error {
	if s.step != want {
		s.fail()
		return fmt.Errorf("%w: %s out of order", ErrHandshake, name)
	}
	return nil
}

// fail ends the handshake and forgets its secrets.
func (s *Server) fail() {
	s.step = failed
	clear(s.cookieKey[:])
	clear(s.serverT.Secret[:])
}

// allZero reports whether b holds only zero bytes.
func allZero(b []byte) bool {
	var v byte
	for _, c := range b {
		v |= c
	}
	return v == 0
}
