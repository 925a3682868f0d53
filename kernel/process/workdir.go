package process

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/aulago/gokernel/kernel/buildcache"
)

// The kernel process owns the work folders of its engines' compiled
// tiers, in the user's cache (buildcache.NewWorkDir), never in the shared
// temporary folder: an engine that is killed cannot remove its own, so
// the kernel removes each engine's folder when that engine ends, and its
// whole folder when it stops. A kernel that was itself killed leaves a
// folder that the next kernel of the user removes.

// engineDir returns the work folder of the next engine, for its
// GOKERNEL_WORKDIR, or "" when the kernel has none (the engine then makes
// its own).
func (s *Supervisor) engineDir() string {
	if s.work == nil && !s.noWork {
		w, err := buildcache.NewWorkDir("kernel-")
		if err != nil {
			s.noWork = true
			s.logf("no work folder in the user's cache (%v): each engine makes its own", err)
			return ""
		}
		s.work = w
	}
	if s.work == nil {
		return ""
	}
	s.engines++
	return filepath.Join(s.work.Path, fmt.Sprintf("engine-%d", s.engines))
}

// removeEngineDir removes an ended engine's folder.
func (s *Supervisor) removeEngineDir(dir string) {
	if dir == "" {
		return
	}
	if err := buildcache.RemoveAll(dir); err != nil {
		s.logf("removing the work folder of an ended engine: %v", err)
	}
}

// stopWait bounds how long Stop waits for the killed engine to end before
// it removes the work folder.
const stopWait = 3 * time.Second

// removeWork removes the kernel's work folder, once p (the last engine,
// or nil) has ended.
func (s *Supervisor) removeWork(p *engineProc) {
	if p != nil {
		select {
		case <-p.dead:
		case <-time.After(stopWait):
		}
	}
	s.mu.Lock()
	w := s.work
	s.work = nil
	s.mu.Unlock()
	if err := w.Remove(); err != nil {
		s.logf("removing the work folder: %v", err)
	}
}

// WorkDir is the kernel's work folder, or "" before its first engine or
// after Stop.
func (s *Supervisor) WorkDir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.work == nil {
		return ""
	}
	return s.work.Path
}
