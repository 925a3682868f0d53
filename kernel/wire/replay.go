package wire

// ReplayGuard remembers the most recent signatures seen, so that a message
// sent twice (a replay) can be dropped. It is not safe for concurrent use.
type ReplayGuard struct {
	seen  map[string]struct{}
	order []string
	next  int
}

// NewReplayGuard remembers up to n signatures.
func NewReplayGuard(n int) *ReplayGuard {
	return &ReplayGuard{seen: make(map[string]struct{}, n), order: make([]string, n)}
}

// Seen records sig and reports whether it was seen before. Empty signatures
// (unsigned connections) are never duplicates.
func (g *ReplayGuard) Seen(sig []byte) bool {
	if len(sig) == 0 || len(g.order) == 0 {
		return false
	}
	s := string(sig)
	if _, ok := g.seen[s]; ok {
		return true
	}
	if old := g.order[g.next]; old != "" {
		delete(g.seen, old)
	}
	g.order[g.next] = s
	g.next = (g.next + 1) % len(g.order)
	g.seen[s] = struct{}{}
	return false
}
