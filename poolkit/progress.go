package poolkit

// OnProgress sets a hook that p calls as tasks finish, with the number of
// tasks done and the total number of tasks of p's current busy period (the
// period recorded by [Pool.Timeline]: for a single [Map] call, its tasks;
// total grows if more work arrives before the pool is idle). Calls are
// serialized, made from worker goroutines, and happen only when the
// percentage done changes and when done reaches total, so at most about a
// hundred times per call; done never goes backwards. The hook applies to
// work handed to p after OnProgress returns; nil removes it. A panic in the
// hook counts as a panic of the task that triggered it.
func (p *Pool) OnProgress(hook func(done, total int)) {
	p.mu.Lock()
	p.hook = hook
	p.mu.Unlock()
}
