// Package wire turns Jupyter messages into ZeroMQ frames and back.
//
// It is pure: no sockets, no goroutines. A message on the wire is
//
//	[identities…] <IDS|MSG> signature header parent_header metadata content [buffers…]
//
// and the signature is an HMAC over the four JSON frames, computed with the
// key and scheme of the connection file. Decode checks the signature in
// constant time and keeps the raw bytes of the parent header, metadata and
// content, so that a reply can copy its request's header verbatim.
package wire
