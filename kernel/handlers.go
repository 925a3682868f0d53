package kernel

import (
	"runtime"
	"strings"

	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
)

func (k *Kernel) kernelInfo(s zmq4.Socket, m *wire.Message) {
	links := k.info.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	lv := k.info.LanguageVersion
	if lv == "" {
		lv = strings.TrimPrefix(runtime.Version(), "go")
	}
	k.reply(s, m, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         k.info.Implementation,
		"implementation_version": k.info.ImplementationVersion,
		"language_info": map[string]any{
			"name":               "go",
			"version":            lv,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner":     k.info.Banner,
		"help_links": links,
		"debugger":   false,
	})
}

func (k *Kernel) complete(s zmq4.Socket, m *wire.Message) {
	var req CompleteRequest
	if err := m.DecodeContent(&req); err != nil {
		k.badRequest(s, m, "complete_reply", err)
		return
	}
	r := k.engine.Complete(req)
	if r.Matches == nil {
		r.Matches = []string{}
	}
	if r.Metadata == nil {
		r.Metadata = map[string]any{}
	}
	k.reply(s, m, "complete_reply", map[string]any{"status": "ok", "matches": r.Matches,
		"cursor_start": r.CursorStart, "cursor_end": r.CursorEnd, "metadata": r.Metadata})
}

func (k *Kernel) inspect(s zmq4.Socket, m *wire.Message) {
	var req InspectRequest
	if err := m.DecodeContent(&req); err != nil {
		k.badRequest(s, m, "inspect_reply", err)
		return
	}
	r := k.engine.Inspect(req)
	if r.Data == nil {
		r.Data = map[string]any{}
	}
	k.reply(s, m, "inspect_reply", map[string]any{"status": "ok", "found": r.Found, "data": r.Data, "metadata": map[string]any{}})
}

func (k *Kernel) isComplete(s zmq4.Socket, m *wire.Message) {
	var req IsCompleteRequest
	if err := m.DecodeContent(&req); err != nil {
		k.badRequest(s, m, "is_complete_reply", err)
		return
	}
	r := k.engine.IsComplete(req)
	content := map[string]any{"status": r.Status}
	if r.Status == "incomplete" {
		content["indent"] = r.Indent
	}
	k.reply(s, m, "is_complete_reply", content)
}

func (k *Kernel) commInfo(s zmq4.Socket, m *wire.Message) {
	k.reply(s, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
}

func (k *Kernel) shutdownRequest(s zmq4.Socket, m *wire.Message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = m.DecodeContent(&req)
	k.reply(s, m, "shutdown_reply", map[string]any{"status": "ok", "restart": req.Restart})
	k.Interrupt() // handle shuts down after this request's idle
}

func (k *Kernel) interruptRequest(s zmq4.Socket, m *wire.Message) {
	k.Interrupt()
	k.reply(s, m, "interrupt_reply", map[string]any{"status": "ok"})
}

// badRequest answers a request whose content could not be decoded.
func (k *Kernel) badRequest(s zmq4.Socket, m *wire.Message, replyType string, err error) {
	k.logf("%s: bad content: %v", m.Header.MsgType, err)
	k.reply(s, m, replyType, map[string]any{"status": "error", "ename": "BadRequest",
		"evalue": err.Error(), "traceback": []string{}})
}
