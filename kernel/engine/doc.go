// Package engine runs Go cells and implements kernel.Engine. The session
// is one Go package that grows cell by cell: each cell is checked by
// go/types against the declarations of earlier cells, its top-level
// statements become the body of one func, its top-level := and var
// declare session variables, and yaegi runs the checked file after the
// rewrites that hide what yaegi v0.16.1 gets wrong (pipeline.go). The
// compiled tier (tier.go) compiles the session's funcs with the Go
// toolchain, as a plugin, and swaps them in.
//
// It runs inside the engine process; package process's Supervisor runs it
// there and survives its death.
package engine
