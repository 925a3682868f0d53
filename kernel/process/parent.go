package process

import (
	"errors"
	"os"
	"strconv"
	"syscall"
	"time"
)

// WatchParent calls gone once the process pid has ended, checking every
// interval, as ipykernel does with JPY_PARENT_PID: a kernel whose launcher
// was killed ends instead of running on under PID 1. A pid that is not a
// running process when the watch starts is not watched.
func WatchParent(pid int, every time.Duration, gone func()) (stop func()) {
	done := make(chan struct{})
	if pid <= 1 || !alive(pid) {
		return func() {}
	}
	parented := os.Getppid() == pid
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			// A child of pid is reparented when pid dies, even before
			// pid is reaped; otherwise ask whether it is still there.
			if (parented && os.Getppid() != pid) || !alive(pid) {
				gone()
				return
			}
		}
	}()
	return func() { close(done) }
}

// alive reports whether a process pid exists (a zombie counts as ended
// only once reaped; see WatchParent's reparenting check).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ParentFromEnv returns the launcher's pid from JPY_PARENT_PID, or 0.
func ParentFromEnv() int {
	pid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil {
		return 0
	}
	return pid
}
