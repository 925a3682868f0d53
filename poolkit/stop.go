package poolkit

import "sync"

// registry holds the runs in progress in every pool, for StopAll.
var registry struct {
	mu   sync.Mutex
	runs map[*run]bool
}

// register adds r to the registry.
func register(r *run) {
	registry.mu.Lock()
	if registry.runs == nil {
		registry.runs = make(map[*run]bool)
	}
	registry.runs[r] = true
	registry.mu.Unlock()
}

// unregister removes r from the registry.
func unregister(r *run) {
	registry.mu.Lock()
	delete(registry.runs, r)
	registry.mu.Unlock()
}

// StopAll stops every run in progress in every pool at the time of the
// call, for hosts such as a notebook kernel handling an interrupt; a nil err
// means [ErrStopped]. When StopAll returns, those runs hand out no further
// task; callers waiting in [Map] and the other blocking calls panic with
// err; streams close their channel and report err through [Pool.Err];
// futures return err. Tasks already running cannot be killed: they go on
// until their function returns, and their results are discarded, never
// delivered. Pools stay open: runs started after StopAll work normally.
func StopAll(err error) {
	if err == nil {
		err = ErrStopped
	}
	registry.mu.Lock()
	runs := make([]*run, 0, len(registry.runs))
	for r := range registry.runs {
		runs = append(runs, r)
	}
	registry.mu.Unlock()
	for _, r := range runs {
		r.stop(err)
	}
}
