package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/process"
	"github.com/aulago/gokernel/kernel/textpages"
)

// runKernel serves Jupyter on the connection file's sockets; cells run in
// a child engine process.
func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	conn := fs.String("f", "", "connection file written by Jupyter")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conn == "" {
		return fmt.Errorf("kernel: -f CONNECTION_FILE is required")
	}
	ci, err := kernel.LoadConnection(*conn)
	if err != nil {
		return err
	}
	logger := log.New(os.Stderr, "[gokernel] ", log.LstdFlags)
	sup := process.NewSupervisor(process.EngineCommand("engine"), logger)
	k, err := kernel.New(ci, sup, kernel.Info{
		Implementation: "gokernel",
		// The language the interpreter speaks: yaegi v0.16.1 is Go 1.22;
		// a stable value also keeps notebooks unchanged when opened.
		LanguageVersion:       "1.22",
		ImplementationVersion: version,
		Banner:                "Go kernel (yaegi v0.16.1) with poolkit: Pool, Map, IMap, IMapUnordered",
		HelpLinks: []kernel.HelpLink{
			{Text: "Go", URL: "https://go.dev/doc/"},
			{Text: "Go packages", URL: "https://pkg.go.dev/std"},
		},
	}, logger)
	if err != nil {
		return err
	}
	defer sup.Stop()
	// SIGINT interrupts the running cell, as interrupt_request does.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		for range sig {
			k.Interrupt()
		}
	}()
	signal.Ignore(syscall.SIGPIPE)
	// SIGTERM, SIGHUP and the death of the launcher end the kernel and its
	// engine (deferred Stop).
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go startLate(ctx, k, sup, logger)
	if pid := process.ParentFromEnv(); pid > 0 {
		defer process.WatchParent(pid, 500*time.Millisecond, func() {
			logger.Printf("the launcher (JPY_PARENT_PID %d) has ended; shutting down", pid)
			cancel()
		})()
	}
	return k.Run(ctx)
}

// engineStartDelay is how long the engine waits for the kernel's first
// reply before it starts anyway.
const engineStartDelay = 500 * time.Millisecond

// startLate starts the engine, then drops the binary's pages that the
// kernel's start mapped (package textpages), once the kernel has answered
// its first request (a frontend's kernel_info_request, sent at once) or
// after engineStartDelay. Before that, the engine's exec and its own start
// (100 ms and more of CPU) would share the cores with the kernel's first
// reply, for nothing: cells wait for the engine in any case, and a cell
// that comes sooner starts it itself.
func startLate(ctx context.Context, k *kernel.Kernel, sup *process.Supervisor, logger *log.Logger) {
	t := time.NewTimer(engineStartDelay)
	defer t.Stop()
	select {
	case <-k.Answered():
	case <-t.C:
	case <-ctx.Done():
		return
	}
	if err := sup.Start(); err != nil {
		logger.Printf("engine: %v", err)
	}
	textpages.Drop()
}
