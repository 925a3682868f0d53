// Package curve implements the server side of CurveZMQ (rfc.zeromq.org
// spec 26, mapped onto ZMTP 3.0 by spec 25): Z85 keys (spec 32), the
// HELLO, WELCOME, INITIATE and READY handshake, and the MESSAGE boxes that
// carry every frame afterwards. It is pure: no sockets, no goroutines. The
// caller (package guard) reads command bodies off the wire and writes what
// this package returns.
//
// A connection runs one Server through its handshake:
//
//	srv := curve.NewServer(keys)                  // keys: the kernel's long-term pair
//	welcome, err := srv.Hello(helloBody)           // send welcome
//	meta, sess, err := srv.Initiate(initiateBody)  // the client's metadata
//	ready, err := sess.Ready(ourMeta)              // send ready
//	body := sess.Seal(nil, curve.FlagMore, frame)  // then MESSAGEs, both ways
//	flags, frame, err := sess.Open(body)
//
// The server does not authenticate client keys (the "Stonehouse" pattern,
// as ipykernel does): any client that knows the server's public key may
// connect. What CURVE buys a Jupyter kernel is that nobody without that key,
// which only the connection file holds, can read or forge its traffic.
//
// Each connection has its own transient key pair and its own cookie key,
// both forgotten once INITIATE is checked, so a handshake recorded from one
// connection cannot be replayed on another. Short nonces must strictly
// increase: HELLO, then INITIATE, then every MESSAGE.
//
// Boxes are NaCl crypto_box (golang.org/x/crypto/nacl/box); the cookie is
// crypto_secretbox. Nothing here ever prints a key.
package curve
