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
	if err := sup.Start(); err != nil {
		logger.Printf("engine: %v", err)
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
	if pid := process.ParentFromEnv(); pid > 0 {
		defer process.WatchParent(pid, 500*time.Millisecond, func() {
			logger.Printf("the launcher (JPY_PARENT_PID %d) has ended; shutting down", pid)
			cancel()
		})()
	}
	return k.Run(ctx)
}
