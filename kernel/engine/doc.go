// Package engine runs Go cells and implements kernel.Engine. The session
// is one Go package that grows cell by cell: each cell is checked by
// go/types against the declarations of earlier cells, its top-level
// statements become the body of one func, its top-level := and var
// declare session variables, and yaegi runs the checked file after the
// rewrites that hide what yaegi v0.16.1 gets wrong (pipeline.go, package
// rewrite). The compiled tier (package tier) compiles the session's funcs
// with the Go toolchain, as a plugin, and swaps them in; a func literal a
// cell passes to poolkit is compiled with them when it uses no local of
// the cell (lift.go).
//
// A cell goes through these packages, in this order (layers_test.go
// checks that each imports only those before it):
//
//   - toolchain: the go command the type importer and the tier run.
//   - snapshot: the copy of the variables the kernel keeps (keep.go).
//   - prompt: the cells' stdout, which holds back an unterminated line
//     for a read of stdin to take as its prompt.
//   - cell: the cell split, parsed and checked as a file of the session;
//     the session's declarations.
//   - importer: the packages go/types checks a cell against (export data,
//     the type cache, the engine's source packages).
//   - rewrite: receives a checked cell, hands on the edits that make it
//     run right on yaegi (and the statements' positions for tracebacks).
//   - tier: receives the funcs of a cell that ran, hands compiled funcs
//     back through tier.Host (host.go implements it).
//   - introspect: receives a read-only View of the session (introspection.go)
//     and a request, hands on completions, inspect's text, is_complete.
//   - engine (this package): the pipeline that takes a cell through the
//     others (pipeline.go), the run of the interpreter's file on yaegi,
//     outputs, stdin, goroutines, panics, and the whole-pipeline golden
//     files (testdata/pipeline).
//
// It runs inside the engine process; package process's Supervisor runs it
// there and survives its death.
package engine
