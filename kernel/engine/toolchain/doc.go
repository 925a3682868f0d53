// Package toolchain finds the go command the engine runs (GOKERNEL_GO,
// GOROOT, PATH) and, where the account's home cannot hold the go
// command's caches, points them at a private temporary folder.
//
// It receives nothing from the other packages: the type importer (go
// list -export) and the compiled tier (go build) ask it for GoTool, and
// the tier's log line for Note.
package toolchain
