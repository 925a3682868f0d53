package kernel

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/aulago/gokernel/kernel/guard"
	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
	"github.com/gofrs/uuid/v5"
)

// Info describes the kernel in kernel_info_reply.
type Info struct {
	Implementation        string
	ImplementationVersion string
	LanguageVersion       string
	Banner                string
	HelpLinks             []HelpLink
}

// HelpLink is an entry of the frontend's Help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Kernel is one running Jupyter kernel.
type Kernel struct {
	conn    *ConnectionInfo
	codec   *wire.Codec
	session string
	engine  Engine
	info    Info
	log     *log.Logger

	shell, control, stdin, iopub, hb zmq4.Socket
	iopubMu                          sync.Mutex

	shellQueue chan *wire.Message
	stdinReply chan *wire.Message

	mu        sync.Mutex
	count     int
	cancelRun context.CancelFunc
	history   []historyEntry
	quit      chan struct{}
	quitOnce  sync.Once
	replayMu  sync.Mutex
	replays   *wire.ReplayGuard
	idleMem   idleMemory
	// answered is closed once the kernel has sent its first reply.
	answered   chan struct{}
	answerOnce sync.Once
}

// seen reports whether a signature was received before (a replay).
func (k *Kernel) seen(sig []byte, date string) bool {
	k.replayMu.Lock()
	defer k.replayMu.Unlock()
	return k.replays.Seen(sig, date)
}

// replayMemory is how many signatures the replay guard remembers exactly
// (about 10 MB); older replays are caught by date.
const replayMemory = 1 << 16

// New returns a kernel for a connection, running cells in engine.
func New(conn *ConnectionInfo, engine Engine, info Info, logger *log.Logger) (*Kernel, error) {
	codec, err := wire.NewCodec(conn.SignatureScheme, conn.Key)
	if err != nil {
		return nil, err
	}
	return &Kernel{
		conn: conn, codec: codec, engine: engine, info: info, log: logger,
		session:    uuid.Must(uuid.NewV4()).String(),
		shellQueue: make(chan *wire.Message, 1024),
		stdinReply: make(chan *wire.Message, 1),
		quit:       make(chan struct{}),
		answered:   make(chan struct{}),
		replays:    wire.NewReplayGuard(replayMemory),
	}, nil
}

// Run binds the sockets and serves until a shutdown request or ctx ends.
func (k *Kernel) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.shell = zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity(k.session)))
	k.control = zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity(k.session)))
	k.stdin = zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity(k.session)))
	k.iopub = zmq4.NewPub(ctx)
	k.hb = zmq4.NewRep(ctx)
	binds := []struct {
		s    zmq4.Socket
		port int
		name string
	}{{k.shell, k.conn.ShellPort, "shell"}, {k.control, k.conn.ControlPort, "control"},
		{k.stdin, k.conn.StdinPort, "stdin"}, {k.iopub, k.conn.IOPubPort, "iopub"}, {k.hb, k.conn.HBPort, "heartbeat"}}
	opt := guard.FromEnv()
	opt.Curve = k.conn.Curve // nil: the NULL mechanism
	if err := guard.Register(opt); err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	if opt.Curve != nil {
		k.logf("transport encryption: CurveZMQ on all five sockets")
	}
	if err := guard.CheckEnv(); err != nil {
		k.logf("%v", err)
	}
	for _, b := range binds {
		if err := b.s.Listen(k.conn.ListenEndpoint(b.port)); err != nil {
			return fmt.Errorf("kernel: %s socket on %s: %w", b.name, k.conn.Endpoint(b.port), err)
		}
		defer b.s.Close()
	}
	k.publishStatus(nil, "starting")

	go k.heartbeat()
	go k.receive(k.shell, "shell", func(m *wire.Message) { k.shellQueue <- m })
	go k.receive(k.control, "control", func(m *wire.Message) {
		if !controlTypes[m.Header.MsgType] {
			go k.wrongChannel(k.control, m)
			return
		}
		go k.handle(k.control, m)
	})
	go k.receive(k.stdin, "stdin", func(m *wire.Message) {
		select {
		case k.stdinReply <- m:
		default:
		}
	})
	go func() {
		for {
			select {
			case m := <-k.shellQueue:
				k.handle(k.shell, m)
			case <-ctx.Done():
				return
			}
		}
	}()
	select {
	case <-k.quit:
		// Linger, as ZeroMQ sockets do: the shutdown reply and the last
		// idle must leave before the sockets close.
		time.Sleep(lingerTime)
	case <-ctx.Done():
	}
	return nil
}

// lingerTime is how long Run waits after a shutdown request before it
// closes the sockets.
const lingerTime = 200 * time.Millisecond

// Interrupt cancels the running cell, as interrupt_request does.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cancelRun != nil {
		k.cancelRun()
		return
	}
	// Idle: what earlier cells left running (goroutines) is stopped.
	if ii, ok := k.engine.(IdleInterrupter); ok {
		go ii.InterruptIdle()
	}
}

// receive reads messages from a ROUTER socket. Bad messages are logged and
// dropped: a wrong signature, a replay, missing frames or invalid JSON never
// end the kernel.
func (k *Kernel) receive(s zmq4.Socket, name string, deliver func(*wire.Message)) {
	for {
		msg, err := s.Recv()
		if err != nil {
			select {
			case <-k.quit:
				return
			default:
			}
			k.logf("%s: receive: %v", name, err)
			if err == context.Canceled {
				return
			}
			continue
		}
		m, err := k.codec.Decode(msg.Frames)
		if err != nil {
			k.logf("%s: dropped message: %v", name, err)
			continue
		}
		if k.seen(wire.Signature(msg.Frames), m.Header.Date) {
			k.logf("%s: dropped message: a replay (signature seen before, or dated before what the guard forgot)", name)
			continue
		}
		deliver(m)
	}
}

func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			select {
			case <-k.quit:
				return
			default:
			}
			if err == context.Canceled {
				return
			}
			continue
		}
		_ = k.hb.Send(msg)
	}
}

// send encodes and sends m on s (iopub sends are serialized).
func (k *Kernel) send(s zmq4.Socket, m *wire.Message) {
	frames, err := k.codec.Encode(m)
	if err != nil {
		k.logf("encode %s: %v", m.Header.MsgType, err)
		return
	}
	if s == k.iopub {
		k.iopubMu.Lock()
		defer k.iopubMu.Unlock()
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.logf("send %s: %v", m.Header.MsgType, err)
	}
}

// publish sends an iopub message of msgType with parent as its parent.
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) {
	var m *wire.Message
	var err error
	if parent != nil {
		m, err = parent.Reply(msgType, k.session, content)
		if err == nil {
			m.Identities = [][]byte{[]byte(msgType)}
		}
	} else {
		m, err = (&wire.Message{}).Reply(msgType, k.session, content)
		if err == nil {
			m.ParentHeader = nil
			m.Identities = [][]byte{[]byte(msgType)}
		}
	}
	if err != nil {
		k.logf("publish %s: %v", msgType, err)
		return
	}
	k.send(k.iopub, m)
}

func (k *Kernel) publishStatus(parent *wire.Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
	if state == "idle" {
		k.idleMem.idle()
	} else {
		k.idleMem.busy()
	}
}

// reply answers request m on socket s.
func (k *Kernel) reply(s zmq4.Socket, m *wire.Message, msgType string, content any) {
	r, err := m.Reply(msgType, k.session, content)
	if err != nil {
		k.logf("reply %s: %v", msgType, err)
		return
	}
	k.send(s, r)
	k.answerOnce.Do(func() { close(k.answered) })
}

// Answered is closed once the kernel has sent its first reply (to a
// frontend's first kernel_info_request, as a rule): what can wait until the
// frontend sees the kernel up, such as starting the engine, waits for it.
func (k *Kernel) Answered() <-chan struct{} { return k.answered }

func (k *Kernel) logf(format string, args ...any) {
	if k.log != nil {
		k.log.Printf(format, args...)
	}
}

// shutdown makes Run return.
func (k *Kernel) shutdown() { k.quitOnce.Do(func() { close(k.quit) }) }
