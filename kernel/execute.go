package kernel

import (
	"context"
	"errors"
	"time"

	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
)

// execute runs a cell: execute_input, the engine's outputs, execute_reply.
// The kernel owns the execution count and stop_on_error.
func (k *Kernel) execute(s zmq4.Socket, m *wire.Message) {
	req := ExecuteRequest{StoreHistory: true, StopOnError: true}
	if err := m.DecodeContent(&req); err != nil {
		k.badRequest(s, m, "execute_reply", err)
		return
	}
	k.mu.Lock()
	if !req.Silent && req.StoreHistory {
		k.count++
	}
	count := k.count
	ctx, cancel := context.WithCancel(context.Background())
	k.cancelRun = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cancelRun = nil
		k.mu.Unlock()
		cancel()
	}()
	req.ExecutionCount = count
	if !req.Silent {
		k.publish(m, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}
	pub := &cellPublisher{k: k, parent: m, count: count, silent: req.Silent, allowStdin: req.AllowStdin, ctx: ctx}
	res := k.engine.Execute(ctx, req, pub)
	if !req.Silent && req.StoreHistory {
		k.addHistory(count, req.Code)
	}
	content := map[string]any{"status": res.Status, "execution_count": count}
	switch res.Status {
	case "ok":
		content["user_expressions"] = map[string]any{}
		content["payload"] = []any{}
	case "error":
		e := ErrorInfo{EName: "Error", EValue: "", Traceback: []string{}}
		if res.Error != nil {
			e = *res.Error
		}
		if e.Traceback == nil {
			e.Traceback = []string{}
		}
		content["ename"], content["evalue"], content["traceback"] = e.EName, e.EValue, e.Traceback
	default:
		content["status"] = "error"
		content["ename"], content["evalue"], content["traceback"] = "Error", "engine returned status "+res.Status, []string{}
	}
	k.reply(s, m, "execute_reply", content)
	if res.Status != "ok" && req.StopOnError {
		// Like ipykernel: before this request's idle, so that a client
		// that sends its next cell when it sees idle is not aborted.
		k.abortQueued()
	}
}

// abortWindow is how long after a failed cell requests still in transit
// are taken as queued behind it (a "Run All" sends them together). It ends
// before the failed request's idle, so a client that waits for idle before
// sending its next cell is never aborted.
const abortWindow = 50 * time.Millisecond

// abortQueued answers the execute requests queued behind a failed cell
// with status "aborted", as stop_on_error asks. Other requests are
// handled normally.
func (k *Kernel) abortQueued() {
	deadline := time.After(abortWindow)
	for {
		select {
		case <-deadline:
			return
		case m := <-k.shellQueue:
			if m.Header.MsgType != "execute_request" {
				k.handle(k.shell, m)
				continue
			}
			k.publishStatus(m, "busy")
			k.mu.Lock()
			count := k.count
			k.mu.Unlock()
			k.reply(k.shell, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": count})
			k.publishStatus(m, "idle")
		}
	}
}

// cellPublisher publishes a cell's outputs with its request as parent.
type cellPublisher struct {
	k          *Kernel
	parent     *wire.Message
	count      int
	silent     bool
	allowStdin bool
	ctx        context.Context
}

func (p *cellPublisher) Stream(name, text string) {
	if p.silent {
		return
	}
	p.k.publish(p.parent, "stream", map[string]any{"name": name, "text": text})
}

func bundle(d DisplayData) (map[string]any, map[string]any) {
	if d.Data == nil {
		d.Data = map[string]any{}
	}
	if d.Metadata == nil {
		d.Metadata = map[string]any{}
	}
	return d.Data, d.Metadata
}

func (p *cellPublisher) Display(d DisplayData) {
	if p.silent {
		return
	}
	data, md := bundle(d)
	content := map[string]any{"data": data, "metadata": md, "transient": map[string]any{}}
	if d.DisplayID != "" {
		content["transient"] = map[string]any{"display_id": d.DisplayID}
	}
	typ := "display_data"
	if d.Update {
		typ = "update_display_data"
	}
	p.k.publish(p.parent, typ, content)
}

func (p *cellPublisher) Result(d DisplayData) {
	if p.silent {
		return
	}
	data, md := bundle(d)
	p.k.publish(p.parent, "execute_result", map[string]any{"data": data, "metadata": md, "execution_count": p.count})
}

func (p *cellPublisher) Error(e ErrorInfo) {
	if e.Traceback == nil {
		e.Traceback = []string{}
	}
	if p.silent {
		return
	}
	p.k.publish(p.parent, "error", e)
}

func (p *cellPublisher) ClearOutput(wait bool) {
	if p.silent {
		return
	}
	p.k.publish(p.parent, "clear_output", map[string]any{"wait": wait})
}

// Input sends input_request on stdin, addressed like the shell request,
// and waits for the reply (or the interrupt).
func (p *cellPublisher) Input(prompt string, password bool) (string, error) {
	if !p.allowStdin {
		return "", ErrNoStdin
	}
	// Drop a stale reply.
	select {
	case <-p.k.stdinReply:
	default:
	}
	r, err := p.parent.Reply("input_request", p.k.session, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	p.k.send(p.k.stdin, r)
	select {
	case m := <-p.k.stdinReply:
		var rep struct {
			Value string `json:"value"`
		}
		if err := m.DecodeContent(&rep); err != nil {
			return "", err
		}
		return rep.Value, nil
	case <-p.ctx.Done():
		return "", errors.New("interrupted while waiting for input")
	case <-p.k.quit:
		return "", errors.New("kernel shutting down")
	}
}
