package process

import "syscall"

// engineProcAttr makes the engine die with the kernel, even when the
// kernel is killed with SIGKILL and cannot stop it, and puts it in a
// process group of its own, which its plugin builds join: killGroup ends
// them all.
func engineProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}

// killGroup kills the process group of an engine started with
// engineProcAttr (its leader is the engine); nothing where it has no
// group of its own.
func killGroup(pid int) {
	if pgid, err := syscall.Getpgid(pid); err == nil && pgid != pid {
		return
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}
