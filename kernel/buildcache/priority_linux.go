package buildcache

import "syscall"

// LowPriority gives process pid the lowest CPU priority (nice 19), which
// the processes it starts afterwards inherit: a plugin build must not
// slow the cells of the machine's other users.
func LowPriority(pid int) {
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, 19)
}
