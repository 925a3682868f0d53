//go:build !linux

package process

import "syscall"

// engineProcAttr is nil where there is no parent-death signal: the engine
// ends when its request pipe closes.
func engineProcAttr() *syscall.SysProcAttr { return nil }

// killGroup does nothing where the engine has no process group of its
// own.
func killGroup(pid int) {}
