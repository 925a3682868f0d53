package kernel

import (
	"path"

	"github.com/aulago/gokernel/kernel/wire"
	"github.com/go-zeromq/zmq4"
)

// historyEntry is one executed cell of this session.
type historyEntry struct {
	line int
	code string
}

// historySession is the session number in history replies: this kernel
// keeps the current session only, in memory.
const historySession = 1

func (k *Kernel) addHistory(line int, code string) {
	k.mu.Lock()
	k.history = append(k.history, historyEntry{line, code})
	k.mu.Unlock()
}

type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

func (k *Kernel) historyRequest(s zmq4.Socket, m *wire.Message) {
	var req historyRequest
	if err := m.DecodeContent(&req); err != nil {
		k.badRequest(s, m, "history_reply", err)
		return
	}
	k.mu.Lock()
	all := append([]historyEntry(nil), k.history...)
	k.mu.Unlock()
	var picked []historyEntry
	switch req.HistAccessType {
	case "tail":
		picked = tail(all, req.N)
	case "range":
		if req.Session <= 0 || req.Session == historySession {
			for _, e := range all {
				if e.line >= req.Start && (req.Stop <= 0 || e.line < req.Stop) {
					picked = append(picked, e)
				}
			}
		}
	case "search":
		seen := map[string]bool{}
		for i := len(all) - 1; i >= 0; i-- {
			e := all[i]
			if ok, _ := path.Match(req.Pattern, e.code); !ok {
				continue
			}
			if req.Unique && seen[e.code] {
				continue
			}
			seen[e.code] = true
			picked = append([]historyEntry{e}, picked...)
		}
		picked = tail(picked, req.N)
	}
	out := make([]any, 0, len(picked))
	for _, e := range picked {
		if req.Output {
			out = append(out, []any{historySession, e.line, []any{e.code, nil}})
		} else {
			out = append(out, []any{historySession, e.line, e.code})
		}
	}
	k.reply(s, m, "history_reply", map[string]any{"status": "ok", "history": out})
}

func tail(es []historyEntry, n int) []historyEntry {
	if n > 0 && len(es) > n {
		return es[len(es)-n:]
	}
	return es
}
