// Package process is the kernel's process model: the Supervisor, an Engine
// that runs the real engine in a child process and outlives it; the pipes
// between them (JSON lines on file descriptors 3 and 4); the pumps that read
// the child's stdout and stderr and keep outputs in order with in-band marks;
// and the crash report made from the runtime's last words.
//
// The Supervisor reports what happens to its engines as typed lifecycle
// events (see Event), so that callers such as the headless runner never
// match printed text.
package process
