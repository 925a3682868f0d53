package main

import (
	"os"
	"os/signal"

	"github.com/aulago/gokernel/kernel/engine"
	"github.com/aulago/gokernel/kernel/process"
)

// runEngine is the child process: it runs cells for the kernel on file
// descriptors 3 and 4, printing to its own stdout and stderr.
func runEngine() error {
	// The kernel sends interrupts over the pipe; a SIGINT sent to the
	// whole process group (Ctrl+C in a terminal) must not kill the engine.
	signal.Ignore(os.Interrupt)
	// Installed (a shared build cache beside the kernel), the compiled
	// tier's builds take their build cache from this binary: the shared
	// one, then the user's, capped. Else the go command's own.
	if os.Getenv("GOKERNEL_SHARED_CACHE") != "" {
		setCacheProg()
	}
	eng, err := engine.New(engine.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		return err
	}
	defer eng.Close() // the kernel has gone: remove the tier's plugins
	in, out := process.EngineFiles()
	return process.ServeEngine(eng, in, out, os.Stdout, os.Stderr)
}
