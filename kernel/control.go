package kernel

import (
	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
)

// controlTypes are the requests the control channel serves. Anything else
// sent there gets an error reply: an execute_request on control would run
// beside the shell's cell and mix their outputs.
var controlTypes = map[string]bool{
	"shutdown_request":    true,
	"interrupt_request":   true,
	"kernel_info_request": true,
}

// wrongChannel answers a request sent on a channel that does not serve it.
func (k *Kernel) wrongChannel(s zmq4.Socket, m *wire.Message) {
	k.logf("control: %s is not a control request; answered with an error", m.Header.MsgType)
	k.errorReply(s, m, "WrongChannel", m.Header.MsgType+" is not served on the control channel; send it on shell")
}
