package buildcache

import "syscall"

// LowPriority gives process pid a low CPU priority, which the processes
// it starts afterwards inherit: a plugin build must not slow the cells of
// the machine's other users. It is nice 19, the lowest, unless
// GOKERNEL_BUILD_NICE says otherwise (0 to 19; the tests, which wait for
// compiles with bounds, use 0).
func LowPriority(pid int) {
	if n := BuildNice(); n > 0 {
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, n)
	}
}
