//go:build unix

package buildcache

import (
	"os"
	"syscall"
)

// lockable says that tryLock really locks.
const lockable = true

// tryLock takes an exclusive advisory lock on f, without waiting.
func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
