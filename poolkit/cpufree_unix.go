//go:build unix

package poolkit

import (
	"syscall"
	"time"
)

func init() { ownCPU = rusageCPU }

// rusageCPU is the CPU time, user and system, of every thread of the
// process so far.
func rusageCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
