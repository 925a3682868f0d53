//go:build !linux

package tier

import "syscall"

// buildProcAttr is nil where a child cannot be tied to its parent's life.
func buildProcAttr() *syscall.SysProcAttr { return nil }
