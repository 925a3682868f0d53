// Package rewrite holds the passes that make a checked cell run right on
// yaegi v0.16.1. It receives a cell checked by go/types (a cell.Parsed and
// its types.Info, from package cell) and hands the engine the edits of the
// interpreter's file (Fix.Edits): main renamed, ranges over ints and funcs,
// per-iteration loop variables, the builtins yaegi lacks, defer's and go's
// arguments evaluated at the statement, fmt's verbs of the cells' types,
// constant indexes, stdin, and the statements' positions a panic's
// traceback names (PosTable, read back by the engine when a cell panics);
// MethodFallback gives the edit for a method yaegi's tables lack. It
// changes no session and imports no interpreter.
package rewrite
