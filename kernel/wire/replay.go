package wire

import (
	"bytes"
	"time"
)

// ReplayGuard drops messages received before (replays), for the life of a
// kernel, in bounded memory. It remembers the last n signatures exactly, in
// canonical form (lower-case hex, as the HMAC check accepts either case);
// when it forgets one, it keeps its date as a watermark, and from then on a
// message dated at or before the watermark is a replay too, as is one with
// no date. A replayed message is older than every message the guard still
// remembers, so it is caught either way; a client whose clock is behind
// the others' by more than the time n messages take would see its messages
// dropped, which the kernel logs. It is not safe for concurrent use.
type ReplayGuard struct {
	seen      map[string]struct{}
	order     []entry // grows to n, then a ring
	n         int
	next      int
	forgot    bool
	watermark time.Time
}

type entry struct {
	sig  string
	date time.Time
}

// NewReplayGuard remembers up to n signatures exactly. Its memory grows
// with the messages seen: allocating all n at once cost a kernel's start
// 2-4 ms and 3.5 MB.
func NewReplayGuard(n int) *ReplayGuard {
	return &ReplayGuard{seen: map[string]struct{}{}, n: n}
}

// Seen records sig, the signature of a message whose header has date, and
// reports whether it is a replay. Empty signatures (unsigned connections)
// are never replays: without a key anyone can make new messages anyway.
func (g *ReplayGuard) Seen(sig []byte, date string) bool {
	if len(sig) == 0 || g.n <= 0 {
		return false
	}
	s := string(bytes.ToLower(sig))
	if _, ok := g.seen[s]; ok {
		return true
	}
	t, err := ParseDate(date)
	if g.forgot && (err != nil || !t.After(g.watermark)) {
		return true
	}
	if len(g.order) < g.n {
		g.order = append(g.order, entry{sig: s, date: t})
		g.seen[s] = struct{}{}
		return false
	}
	if old := g.order[g.next]; old.sig != "" {
		delete(g.seen, old.sig)
		g.forgot = true
		if old.date.After(g.watermark) {
			g.watermark = old.date
		}
	}
	g.order[g.next] = entry{sig: s, date: t}
	g.next = (g.next + 1) % len(g.order)
	g.seen[s] = struct{}{}
	return false
}

// ParseDate parses a header's date as Jupyter clients write it (ISO 8601,
// with or without a zone; a date without one is UTC).
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Parse(time.RFC3339Nano, s)
}
