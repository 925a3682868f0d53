package guard

import (
	"context"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// Names of the guarded transports, as endpoint schemes.
const (
	TCP = "gktcp" // network tcp, for zmq4's "tcp"
	IPC = "gkipc" // network unix, for zmq4's "ipc"
)

// schemes maps zmq4's transport names to the guarded ones.
var schemes = map[string]string{"tcp": TCP, "ipc": IPC}

// networks maps the guarded transport names to their networks.
var networks = map[string]string{TCP: "tcp", IPC: "unix"}

var (
	current    atomic.Pointer[Options] // the options of new listeners
	registerMu sync.Mutex
	registered = map[string]bool{}
)

// Register registers the transports TCP and IPC with zmq4. It may be called
// more than once: later calls only change the Options of listeners created
// afterwards.
func Register(opt Options) error {
	opt = opt.withDefaults()
	current.Store(&opt)
	registerMu.Lock()
	defer registerMu.Unlock()
	for _, name := range []string{TCP, IPC} {
		if registered[name] {
			continue
		}
		if err := zmq4.RegisterTransport(name, guarded{network: networks[name]}); err != nil {
			return err
		}
		registered[name] = true
	}
	return nil
}

// Endpoint returns the endpoint of addr on the guarded counterpart of the
// zmq4 transport named transport: Endpoint("tcp", "127.0.0.1:5555") is
// "gktcp://127.0.0.1:5555" and Endpoint("ipc", "/tmp/k-1") is
// "gkipc:///tmp/k-1". Other transports keep their own name.
func Endpoint(transport, addr string) string {
	name := strings.ToLower(transport)
	if s, ok := schemes[name]; ok {
		name = s
	}
	return name + "://" + addr
}

// guarded is the zmq4 transport over network.
type guarded struct {
	network string
	opt     *Options // the options of its listeners; nil for Register's
}

// Dial implements transport.Transport: a plain dial.
func (g guarded) Dial(ctx context.Context, dialer transport.Dialer, addr string) (net.Conn, error) {
	return transport.New(g.network).Dial(ctx, dialer, addr)
}

// Listen implements transport.Transport with the Options of the last
// Register call.
func (g guarded) Listen(ctx context.Context, addr string) (net.Listener, error) {
	inner, err := transport.New(g.network).Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	opt := Options{}.withDefaults()
	if p := current.Load(); p != nil {
		opt = *p
	}
	if g.opt != nil {
		opt = g.opt.withDefaults()
	}
	return newListener(inner, g.network, opt), nil
}

// Addr implements transport.Transport as zmq4's net transport does.
func (g guarded) Addr(ep string) (string, error) {
	return transport.New(g.network).Addr(ep)
}

var _ transport.Transport = guarded{}
