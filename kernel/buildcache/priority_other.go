//go:build !linux

package buildcache

// LowPriority does nothing where the engine cannot renice its builds.
func LowPriority(pid int) {}
