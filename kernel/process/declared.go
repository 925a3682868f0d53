package process

import "strings"

// declare records the declarations of a cell that ran, for replay after a
// crash. An item equal to one recorded before (the same cell run again,
// whatever its number) replaces it, so the list grows with the distinct
// declarations of the session, not with the number of runs.
func (s *Supervisor) declare(items []string) {
	if len(items) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range items {
		body := declBody(it)
		kept := s.declared[:0]
		for _, old := range s.declared {
			if declBody(old) != body {
				kept = append(kept, old)
			}
		}
		s.declared = append(kept, it)
	}
}

// declBody is an item without its first line when that line is the
// engine's cell marker ("//gokernel:cell N"), which differs between runs.
func declBody(item string) string {
	if strings.HasPrefix(item, "//gokernel:cell ") {
		if i := strings.IndexByte(item, '\n'); i >= 0 {
			return item[i+1:]
		}
	}
	return item
}
