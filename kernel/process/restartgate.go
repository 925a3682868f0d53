package process

import "time"

// A cell must not run in an engine that has not got the session back: an
// engine that died between cells is restarted by its watcher (idleDeath),
// and a cell sent meanwhile would see its variables as zero values. The
// gate is open (nil) unless a restart is declaring and restoring the
// session; Execute waits at it, and for a death not yet taken up.

// restartBegins closes the gate; the func it returns opens it again. It
// also marks old as taken up. s.mu is held.
func (s *Supervisor) restartBegins(old *engineProc) func() {
	gate := make(chan struct{})
	s.restoring = gate
	if old != nil {
		old.restartTaken = true
	}
	return func() {
		s.mu.Lock()
		if s.restoring == gate {
			s.restoring = nil
		}
		s.mu.Unlock()
		close(gate)
	}
}

// awaitRestart waits until no restart is under way and no engine death
// between cells waits to be taken up, for at most limit.
func (s *Supervisor) awaitRestart(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		gate, p, stopped := s.restoring, s.proc, s.stopped
		s.mu.Unlock()
		switch {
		case stopped:
			return
		case gate != nil:
			select {
			case <-gate:
			case <-time.After(time.Until(deadline)):
				return
			}
		case p != nil && p.diedIdle():
			time.Sleep(5 * time.Millisecond) // its watcher takes it up at once
		default:
			return
		}
	}
}

// diedIdle reports an engine that ended between cells and whose restart
// has not begun.
func (p *engineProc) diedIdle() bool {
	select {
	case <-p.dead:
	default:
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.running && !p.restartTaken
}
