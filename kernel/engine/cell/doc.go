// Package cell is the cell and session model: a cell's code split into
// chunks and parsed as a file of the session (cellfile.go, split.go),
// type-checked by go/types against the session's prelude (check.go), its
// top-level variables hoisted to package level (hoist.go), and the
// session's declarations, which spell the types a later cell names
// (session.go, typename.go).
//
// It receives a cell's text from the engine and hands on a Parsed file
// and its Checked result, which the rewrites (yaegifix) and the compiled
// tier read. It runs nothing and knows nothing of yaegi: the engine runs
// the cell and records in the Session what it declared.
package cell
