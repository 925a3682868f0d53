//go:build !linux

package process

import "syscall"

// engineProcAttr is nil where there is no parent-death signal: the engine
// ends when its request pipe closes.
func engineProcAttr() *syscall.SysProcAttr { return nil }
