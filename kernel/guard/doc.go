// Package guard registers hardened ZeroMQ transports with
// github.com/go-zeromq/zmq4, for sockets that listen on a network a
// stranger may reach.
//
// zmq4's stock "tcp" and "ipc" transports hand raw connections to zmq4, and
// four things then go wrong:
//
//   - zmq4 allocates the length a frame header declares before it reads a
//     single body byte, so a header declaring 2^50 bytes ends the process.
//   - zmq4 performs the ZMTP handshake inline in its accept loop with no
//     deadline, so one connection that never sends its greeting stops the
//     socket from accepting anybody else.
//   - zmq4 writes to each peer in turn and blocks, so one iopub subscriber
//     that stops reading stalls iopub for every other client.
//   - zmq4 panics on READY metadata cut inside a property and on an unknown
//     socket type, and abandons, without closing, a connection whose peer
//     has an incompatible socket type or answers with something else than
//     READY.
//
// Register adds two transports, "gktcp" (network tcp) and "gkipc" (network
// unix), that wrap each connection before zmq4 sees it:
//
//   - Inbound, every frame header is parsed first. A frame declaring more
//     than Options.MaxFrame bytes, or a message whose frames add up to more
//     than Options.MaxMessage, closes the connection before zmq4 sees the
//     header. Otherwise the body is buffered as it arrives, in chunks no
//     larger than what has already been received, and the header is
//     released to zmq4 only once the whole body is there: a peer cannot make
//     the kernel allocate memory it has not sent.
//   - The listener's Accept returns only connections whose handshake prefix
//     has arrived. Each accepted connection gets its own goroutine that,
//     under Options.HandshakeTimeout, writes the 64-byte ZMTP 3.0 greeting
//     zmq4 would write (NULL mechanism, as-server 0), then reads the peer's
//     greeting and its first command (the NULL mechanism's READY, at most
//     64 KiB), and checks the READY as zmq4 will read it: well formed, with
//     a socket type zmq4 knows. zmq4 then replays those bytes; the greeting
//     it writes itself (identical to the one already sent) is swallowed,
//     and once its own READY is written, a peer of an incompatible socket
//     type is disconnected. At most Options.MaxPendingHandshakes handshakes
//     run at once; further connections are closed at once.
//   - Outbound, Write never blocks on the peer. Bytes are queued per
//     connection and a writer goroutine drains the queue. The outgoing
//     stream is parsed into ZMTP frames, and when the queue already holds
//     Options.HighWaterMessages messages or Options.HighWaterBytes bytes,
//     further messages are dropped whole (every frame up to one without
//     MORE; a command is one message), so the stream stays valid. Dropped
//     reports how many. A failed write closes the connection. Close lets the
//     writer drain what is queued for up to Options.Linger, in the
//     background, then closes the connection.
//
// The defaults are:
//
//	MaxFrame              256 MiB  (GOKERNEL_MAX_MESSAGE, in bytes)
//	MaxMessage            256 MiB  (GOKERNEL_MAX_MESSAGE, in bytes)
//	HandshakeTimeout      5 s
//	HighWaterMessages     1000     (GOKERNEL_IOPUB_HWM; libzmq's SNDHWM)
//	HighWaterBytes        64 MiB
//	MaxPendingHandshakes  128
//	Linger                1 s
//
// Each frame is charged 32 bytes on top of its length towards MaxMessage,
// so a message made of millions of empty frames is refused too. The limits
// apply per connection; the high-water marks apply to every socket that
// listens on a guarded transport, not only to iopub, because a transport
// does not know which socket it serves. A message that starts while the
// queue is below the high-water marks is queued whole, so a connection may
// hold up to HighWaterBytes plus one message.
//
// With Options.Curve set, every connection is a CurveZMQ server (package
// curve) instead: the handshake goroutine writes a CURVE greeting
// (as-server 1), answers HELLO with WELCOME and checks INITIATE (a refused
// one gets an ERROR command, then the connection closes), then hands zmq4
// a NULL greeting and a READY carrying the client's metadata, so zmq4 only
// ever speaks NULL. zmq4's own READY becomes our CURVE READY; each of its
// later frames is sealed into a MESSAGE command (messages are still
// dropped whole past the high-water marks, before anything is sealed), and
// each inbound MESSAGE is opened into the frame it carries before the size
// limits are charged. A MESSAGE that does not open, or whose nonce does not
// increase, closes the connection. ZMTP 3.1 SUBSCRIBE and CANCEL commands
// become the 3.0 messages zmq4's PUB reads.
//
// zmq4 sockets themselves must use the NULL mechanism: a socket configured
// with another fails its handshake. Dial is a plain dial (the kernel only
// listens). Use Endpoint to turn a "tcp" or "ipc" endpoint into the
// guarded one:
//
//	if err := guard.Register(guard.FromEnv()); err != nil { ... }
//	sock.Listen(guard.Endpoint("tcp", "127.0.0.1:5555")) // "gktcp://127.0.0.1:5555"
package guard
