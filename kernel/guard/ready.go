package guard

import (
	"encoding/binary"
	"fmt"

	"github.com/go-zeromq/zmq4"
)

// socketTypes are the socket types zmq4 knows. zmq4's
// SocketType.IsCompatible panics on any other, and zmq4 calls it on the
// type the peer announces.
var socketTypes = map[zmq4.SocketType]bool{
	zmq4.Pair: true, zmq4.Pub: true, zmq4.Sub: true, zmq4.Req: true, zmq4.Rep: true,
	zmq4.Dealer: true, zmq4.Router: true, zmq4.Pull: true, zmq4.Push: true,
	zmq4.XPub: true, zmq4.XSub: true,
}

// readyType checks a READY command's body (name length, name, metadata)
// as zmq4 will read it, and returns the socket type it announces. zmq4
// panics on metadata cut inside a property and on an unknown socket type,
// so both are refused here, before zmq4 sees them.
func readyType(cmd []byte) (t zmq4.SocketType, err error) {
	if len(cmd) == 0 || int(cmd[0]) >= len(cmd) || string(cmd[1:1+cmd[0]]) != zmq4.CmdReady {
		return "", fmt.Errorf("%w: the first command is not READY", errHandshake)
	}
	props := cmd[1+cmd[0]:]
	for i := 0; i < len(props); {
		i += 1 + int(props[i])
		if i+4 > len(props) {
			return "", fmt.Errorf("%w: READY metadata cut in a property", errHandshake)
		}
		v := binary.BigEndian.Uint32(props[i:])
		if i += 4; uint64(v) > uint64(len(props)-i) {
			return "", fmt.Errorf("%w: READY metadata cut in a property", errHandshake)
		}
		i += int(v)
	}
	// zmq4 normalises the names: let it, so that the type is read as it
	// will read it.
	md := zmq4.Metadata{}
	defer func() {
		if recover() != nil {
			t, err = "", fmt.Errorf("%w: READY metadata zmq4 cannot read", errHandshake)
		}
	}()
	if err := md.UnmarshalZMTP(props); err != nil {
		return "", fmt.Errorf("%w: READY metadata: %v", errHandshake, err)
	}
	t = zmq4.SocketType(md["Socket-Type"])
	if !socketTypes[t] {
		return "", fmt.Errorf("%w: unknown socket type %q", errHandshake, t)
	}
	return t, nil
}
