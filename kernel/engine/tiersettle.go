package engine

// WaitCompiles waits for the compiled tier's builds under way, and any
// they started again, then swaps in what they made. gokernel buildcache
// uses it to fill the install's shared build cache with a real build.
func (e *Engine) WaitCompiles() { e.tier.Settle() }
