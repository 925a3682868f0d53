// Package kernel is the Jupyter side of the Go kernel: it reads the
// connection file, owns the five ZeroMQ sockets, keeps the session,
// busy/idle and execution count, and dispatches each request to an Engine.
//
// The process Jupyter starts never runs user code. The Engine it talks to is
// a child process (package process) serving the same Engine interface over a
// pipe, so a student's fatal error ends the child, not the
// kernel. Package kernel imports no interpreter: the engine package does.
package kernel
