package process

import "fmt"

// EventKind names what happened to an engine process.
type EventKind int

// The lifecycle of an engine process, in the order they happen.
const (
	// EngineStarted: a new engine process is up and ready.
	EngineStarted EventKind = iota + 1
	// EngineDied: the engine process ended without being asked to.
	EngineDied
	// EngineRestarted: a fresh engine replaced one that died or was killed.
	EngineRestarted
	// SessionReplayed: the declarations of earlier cells were run again in
	// a fresh engine.
	SessionReplayed
)

// String returns the kind's name, as used in the kernel's log.
func (k EventKind) String() string {
	switch k {
	case EngineStarted:
		return "engine started"
	case EngineDied:
		return "engine died"
	case EngineRestarted:
		return "engine restarted"
	case SessionReplayed:
		return "session replayed"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one step in the life of an engine process.
type Event struct {
	Kind EventKind
	PID  int // the engine process the event is about
	// Cause says why an engine died ("panic: boom", "memory limit"); set
	// for EngineDied.
	Cause string
	// InCell is true when the engine died while a cell ran (that cell's
	// reply reports it); false when it died between cells.
	InCell bool
	// Replayed and Failed count the declarations run again and those that
	// failed; set for SessionReplayed.
	Replayed, Failed int
}

// Observe registers f to be called, in order, with each lifecycle event.
// f must not block; it is called on the Supervisor's goroutines.
func (s *Supervisor) Observe(f func(Event)) {
	s.mu.Lock()
	s.observers = append(s.observers, f)
	s.mu.Unlock()
}

// emit calls the observers with ev.
func (s *Supervisor) emit(ev Event) {
	s.mu.Lock()
	obs := append([](func(Event)){}, s.observers...)
	s.mu.Unlock()
	for _, f := range obs {
		f(ev)
	}
}
