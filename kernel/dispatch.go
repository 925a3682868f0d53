package kernel

import (
	"strings"

	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
)

// handler answers one request type; the kernel wraps it in busy/idle.
type handler func(k *Kernel, s zmq4.Socket, m *wire.Message)

// handlers is the dispatch table: grep a msg_type, find its handler.
// It is filled in init because handlers dispatch again (stop_on_error).
var handlers map[string]handler

func init() { handlers = table() }

func table() map[string]handler {
	return map[string]handler{
		"kernel_info_request": (*Kernel).kernelInfo,
		"execute_request":     (*Kernel).execute,
		"complete_request":    (*Kernel).complete,
		"inspect_request":     (*Kernel).inspect,
		"is_complete_request": (*Kernel).isComplete,
		"history_request":     (*Kernel).historyRequest,
		"comm_info_request":   (*Kernel).commInfo,
		"shutdown_request":    (*Kernel).shutdownRequest,
		"interrupt_request":   (*Kernel).interruptRequest,
		// Comms: this kernel has no comm targets; messages are accepted and
		// dropped, as ipykernel does for unknown targets.
		"comm_open":  func(*Kernel, zmq4.Socket, *wire.Message) {},
		"comm_msg":   func(*Kernel, zmq4.Socket, *wire.Message) {},
		"comm_close": func(*Kernel, zmq4.Socket, *wire.Message) {},
	}
}

// handle runs the handler for m inside busy/idle. A panic in a handler is
// logged, never fatal. Unknown requests get an error reply.
func (k *Kernel) handle(s zmq4.Socket, m *wire.Message) {
	k.publishStatus(m, "busy")
	defer func() {
		k.publishStatus(m, "idle")
		if m.Header.MsgType == "shutdown_request" {
			// Only now: the reply and idle are out before the sockets close.
			k.shutdown()
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			k.logf("handler %s panicked: %v", m.Header.MsgType, r)
		}
	}()
	if h, ok := handlers[m.Header.MsgType]; ok {
		h(k, s, m)
		return
	}
	k.logf("unknown message type %q", m.Header.MsgType)
	k.errorReply(s, m, "UnknownMessageType", "this kernel does not handle "+m.Header.MsgType)
}

// errorReply answers request m, if it is a request, with an error reply.
func (k *Kernel) errorReply(s zmq4.Socket, m *wire.Message, ename, evalue string) {
	if base, ok := strings.CutSuffix(m.Header.MsgType, "_request"); ok {
		k.reply(s, m, base+"_reply", map[string]any{
			"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{},
		})
	}
}
