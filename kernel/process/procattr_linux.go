package process

import "syscall"

// engineProcAttr makes the engine die with the kernel, even when the
// kernel is killed with SIGKILL and cannot stop it.
func engineProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
