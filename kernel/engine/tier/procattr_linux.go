package tier

import "syscall"

// buildProcAttr makes a plugin build die with the engine (Linux).
func buildProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
