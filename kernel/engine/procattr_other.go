//go:build !linux

package engine

import "syscall"

// buildProcAttr is nil where a child cannot be tied to its parent's life.
func buildProcAttr() *syscall.SysProcAttr { return nil }
