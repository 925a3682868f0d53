// Package engine runs Go cells on the yaegi interpreter and implements
// kernel.Engine: it splits a cell into imports, declarations and
// statements, rewrites what yaegi v0.16.1 gets wrong, shows the final
// expression as the cell's result, and maps errors to the cell's lines.
//
// It runs inside the engine process; package kernel's Supervisor runs it
// there and survives its death.
package engine
