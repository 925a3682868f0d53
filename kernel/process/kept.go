package process

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aulago/gokernel/kernel"
)

// The kernel keeps the copies of session variables the engine sends at
// the end of each cell (kernel.Snapshot), and gives them to the next
// engine after a crash: every variable comes back with its value, or
// undefined with a reason (a cell using it fails with it).

// Pipe operations of the kept variables.
const (
	opStart   = "start"   // engine to kernel: kernel.CellStart, before the statements run
	opKept    = "kept"    // engine to kernel: keptPiece, a snapshot in pieces
	opRestore = "restore" // kernel to engine: kernel.RestoreRequest, answered by kernel.RestoreReply
)

// keptPieceSize bounds a piece of a snapshot on the event pipe.
const keptPieceSize = 1 << 20

// maxKept bounds the copies the kernel keeps (the engine's own caps:
// 64 MiB per variable, 128 MiB per snapshot).
const maxKept = 128 << 20

// keptPiece is a piece of a snapshot's data; the last piece has Final set
// and the snapshot without its data.
type keptPiece struct {
	Data     []byte           `json:"data,omitempty"`
	Final    bool             `json:"final,omitempty"`
	Snapshot *kernel.Snapshot `json:"snapshot,omitempty"`
}

// keptStore is what the kernel keeps of the session's variables.
type keptStore struct {
	mu        sync.Mutex
	vars      map[string]*keptEntry
	unsettled map[string]kernel.KeptVar
	changing  *kernel.CellStart // the running cell's, until it ends
	lastCell  int               // the last cell that started
	buf       []byte            // the pieces of the snapshot being sent
	bufFull   bool
}

// keptEntry is one variable: its newest copy (a frame shared with the
// variables copied with it), or why it has none.
type keptEntry struct {
	kv    kernel.KeptVar
	frame *keptFrame
	lost  string // the message of a cell that uses it, once lost in a restart
}

type keptFrame struct {
	data []byte
}

func (k *keptStore) init() {
	if k.vars == nil {
		k.vars, k.unsettled = map[string]*keptEntry{}, map[string]kernel.KeptVar{}
	}
}

// event takes the kept-variable events of the event pipe; it reports
// whether m was one.
func (s *Supervisor) keptEvent(m pipeMsg) bool {
	k := &s.kept
	switch m.Op {
	case opStart:
		var cs kernel.CellStart
		if json.Unmarshal(m.Body, &cs) != nil {
			return true
		}
		s.declare(cs.Declared)
		k.mu.Lock()
		k.init()
		k.changing = &cs
		k.mu.Unlock()
		return true
	case opKept:
		var piece keptPiece
		if json.Unmarshal(m.Body, &piece) != nil {
			return true
		}
		k.mu.Lock()
		defer k.mu.Unlock()
		k.init()
		if len(k.buf)+len(piece.Data) > maxKept {
			k.bufFull, k.buf = true, nil
		} else if !k.bufFull {
			k.buf = append(k.buf, piece.Data...)
		}
		if piece.Final && piece.Snapshot != nil {
			snap := piece.Snapshot
			snap.Data = k.buf
			if k.bufFull {
				snap.Data = nil
				for i := range snap.Vars {
					snap.Vars[i].Lost = fmt.Sprintf("its copy is larger than %d MiB", maxKept>>20)
				}
			}
			k.buf, k.bufFull = nil, false
			k.add(snap)
		}
		return true
	}
	return false
}

// add records a snapshot: the cell that took it has ended.
func (k *keptStore) add(snap *kernel.Snapshot) {
	k.changing = nil
	f := &keptFrame{data: snap.Data}
	setBy := func(kv kernel.KeptVar) kernel.KeptVar {
		if old := k.vars[kv.Name]; kv.SetBy == 0 && old != nil {
			kv.SetBy = old.kv.SetBy
		}
		return kv
	}
	for _, kv := range snap.Vars {
		kv = setBy(kv)
		e := &keptEntry{kv: kv}
		if kv.Lost == "" {
			e.frame = f
		}
		k.vars[kv.Name] = e
	}
	k.unsettled = map[string]kernel.KeptVar{}
	for _, kv := range snap.Unsettled {
		k.unsettled[kv.Name] = setBy(kv)
	}
	// The total: the oldest copies go first.
	total, frames := 0, k.frames()
	for _, fr := range frames {
		total += len(fr.data)
	}
	for _, fr := range frames {
		if total <= maxKept {
			break
		}
		total -= len(fr.data)
		for _, e := range k.vars {
			if e.frame == fr {
				e.frame = nil
				e.kv.Lost = fmt.Sprintf("the kernel keeps at most %d MiB of copies", maxKept>>20)
			}
		}
	}
}

// frames are the frames that hold a variable's newest copy, largest
// first: those go first when the total is past maxKept.
func (k *keptStore) frames() []*keptFrame {
	seen := map[*keptFrame]bool{}
	var out []*keptFrame
	for _, e := range k.vars {
		if e.frame != nil && !seen[e.frame] {
			seen[e.frame] = true
			out = append(out, e.frame)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i].data) > len(out[j].data) })
	return out
}

// lostMessage is the error of a cell that uses a lost variable.
func lostMessage(kv kernel.KeptVar, after int) string {
	msg := fmt.Sprintf("%s was lost when the engine restarted", kv.Name)
	if after > 0 {
		msg += fmt.Sprintf(" after cell [%d]", after)
	}
	if kv.SetBy > 0 {
		return msg + fmt.Sprintf(": run cell [%d] again", kv.SetBy)
	}
	return msg + ": run the cell that sets it again"
}

// restoreRequest is what a new engine gets after the old one died
// during a cell (inCell) or between cells, why each variable lost now was
// lost (for the notice), and the cell the engine died in or after.
func (k *keptStore) restoreRequest(inCell bool) (kernel.RestoreRequest, map[string]string, int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.init()
	after := k.lastCell
	why := map[string]string{}
	lose := func(kv kernel.KeptVar, reason string) {
		if old := k.vars[kv.Name]; old != nil && kv.SetBy == 0 {
			kv.SetBy = old.kv.SetBy
		}
		kv.Lost = reason
		k.vars[kv.Name] = &keptEntry{kv: kv, lost: lostMessage(kv, after)}
		why[kv.Name] = reason
	}
	if c := k.changing; c != nil && inCell {
		for _, kv := range c.Changing {
			lose(kv, fmt.Sprintf("cell [%d] was changing it", c.Cell))
		}
	}
	for _, kv := range k.unsettled {
		lose(kv, "a goroutine was still changing it")
	}
	k.changing, k.unsettled = nil, map[string]kernel.KeptVar{}
	req := kernel.RestoreRequest{Lost: map[string]string{}, IfFailed: map[string]string{}, SetBy: map[string]int{}}
	byFrame := map[*keptFrame][]string{}
	for name, e := range k.vars {
		if e.kv.SetBy > 0 {
			req.SetBy[name] = e.kv.SetBy
		}
		switch {
		case e.frame != nil:
			byFrame[e.frame] = append(byFrame[e.frame], name)
			req.IfFailed[name] = lostMessage(e.kv, after)
		case e.lost != "":
			req.Lost[name] = e.lost // lost in an earlier restart, or just now
		default:
			e.lost = lostMessage(e.kv, after)
			req.Lost[name] = e.lost
			why[name] = e.kv.Lost
		}
	}
	for f, names := range byFrame {
		sort.Strings(names)
		req.Snapshots = append(req.Snapshots, kernel.RestoreFrame{Data: f.data, Current: names})
	}
	return req, why, after
}

// restored records what the new engine set back; it returns the
// variables that came back and those lost in this restart, with why.
func (k *keptStore) restored(req kernel.RestoreRequest, reply kernel.RestoreReply, why map[string]string) (back []string, lost map[string]string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	lost = map[string]string{}
	for n, w := range why {
		lost[n] = w
	}
	ok := map[string]bool{}
	for _, n := range reply.Restored {
		ok[n] = true
	}
	for _, f := range req.Snapshots {
		for _, n := range f.Current {
			if ok[n] {
				back = append(back, n)
				continue
			}
			e := k.vars[n]
			e.frame = nil
			e.lost = req.IfFailed[n]
			reason := reply.Failed[n]
			if reason == "" {
				reason = "the new engine did not take its copy"
			}
			e.kv.Lost, lost[n] = reason, reason
		}
	}
	sort.Strings(back)
	return back, lost
}

// restartNotice says, on lines of at most 80 columns, that the engine
// restarted, what came back and what was lost.
func (k *keptStore) restartNotice(inCell bool, cell int, back []string, lost map[string]string) []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []string
	switch {
	case inCell && cell > 0 && cell < 1_000_000:
		out = append(out, fmt.Sprintf("The Go engine was restarted (cell [%d] crashed).", cell))
	case inCell:
		out = append(out, "The Go engine was restarted (the cell crashed).")
	default:
		out = append(out, "The Go engine was restarted (it died between cells).")
	}
	out = append(out, "Its imports, types and funcs were declared again.")
	if len(back) > 0 {
		plural := "variables"
		if len(back) == 1 {
			plural = "variable"
		}
		out = append(out, wrap(fmt.Sprintf("Restored: %s (%d %s).", strings.Join(back, ", "), len(back), plural), 80)...)
	}
	names := make([]string, 0, len(lost))
	for n := range lost {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		e := k.vars[n]
		again := "run the cell that sets it again"
		if e != nil && e.kv.SetBy > 0 {
			again = fmt.Sprintf("run cell [%d] again", e.kv.SetBy)
		}
		out = append(out, wrap(fmt.Sprintf("Lost: %s (%s): %s.", n, lost[n], again), 80)...)
	}
	return out
}

// wrap cuts text into lines of at most width columns, at spaces.
func wrap(text string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			out = append(out, line)
			line = "  " + w
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// restoreVars gives a new engine the kept variables and returns the
// restart notice.
func (s *Supervisor) restoreVars(p *engineProc, inCell bool) []string {
	req, why, cell := s.kept.restoreRequest(inCell)
	var reply kernel.RestoreReply
	if len(req.Snapshots) > 0 {
		body, err := p.call(opRestore, req, 2*eventWait*6)
		if err == nil {
			err = json.Unmarshal(body, &reply)
		}
		if err != nil {
			s.logf("restoring variables: %v", err)
			reply = kernel.RestoreReply{Failed: map[string]string{}}
			for _, f := range req.Snapshots {
				for _, n := range f.Current {
					reply.Failed[n] = "the new engine did not take its copy"
				}
			}
		}
	} else if len(req.Lost) > 0 {
		_, _ = p.call(opRestore, req, 2*eventWait*6)
	}
	back, lost := s.kept.restored(req, reply, why)
	return s.kept.restartNotice(inCell, cell, back, lost)
}

// withNotice puts the restart notice in a crash's traceback, in place of
// the old sentence.
func withNotice(tb, notice []string) []string {
	out := make([]string, 0, len(tb)+len(notice))
	done := false
	for _, l := range tb {
		if l == resetNotice && !done {
			out = append(out, notice...)
			done = true
			continue
		}
		out = append(out, l)
	}
	if !done {
		out = append(out, notice...)
	}
	return out
}

// cellStarting records the cell about to run (the one a crash is in).
func (k *keptStore) cellStarting(n int) {
	k.mu.Lock()
	k.lastCell = n
	k.changing = nil
	k.mu.Unlock()
}
