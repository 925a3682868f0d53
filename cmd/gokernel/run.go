package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/notebook"
	"github.com/aulago/gokernel/kernel/process"
)

const runUsage = `usage: gokernel run NOTEBOOK.ipynb [-p name=value ...] [-o OUT.ipynb]

Runs every code cell of a Go notebook in order, without Jupyter, printing
the outputs as they come, and writes the executed notebook to OUT.ipynb
(default: NOTEBOOK.executed.ipynb next to the input, which is never
changed unless -o names it). It stops at the first failing cell.

  -p name=value   set a parameter: a cell "name = value" (value is Go
                  source, e.g. -p n=50 -p 'wait=10*time.Millisecond') is
                  inserted after the cell tagged "parameters"; repeatable
  -o OUT.ipynb    where to write the executed notebook
  -timeout D      interrupt a cell running longer than D (e.g. 2m; 0: never)
  -progress D     how often to say a long cell is still running (default 10s)

Exit status: 0 when every cell ran, 1 when a cell failed (the notebook is
still written, up to that cell), 2 for bad arguments or a bad notebook.
`

// runOptions are the arguments of "gokernel run".
type runOptions struct {
	notebook string
	params   []notebook.Param
	out      string
	timeout  time.Duration
	progress time.Duration
}

// inputError is a bad argument or a bad notebook: exit status 2.
type inputError struct{ err error }

// Error returns the message.
func (e *inputError) Error() string { return e.err.Error() }

// Unwrap returns the underlying error.
func (e *inputError) Unwrap() error { return e.err }

func badInput(format string, args ...any) error {
	return &inputError{fmt.Errorf(format, args...)}
}

// listFlag collects the values of a repeated flag.
type listFlag []string

// String returns the values.
func (l *listFlag) String() string { return strings.Join(*l, " ") }

// Set adds a value.
func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// parseRunArgs parses "gokernel run" arguments; flags may come before or
// after the notebook.
func parseRunArgs(args []string) (runOptions, error) {
	opt := runOptions{progress: 10 * time.Second}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var params listFlag
	fs.Var(&params, "p", "")
	fs.StringVar(&opt.out, "o", "", "")
	fs.DurationVar(&opt.timeout, "timeout", 0, "")
	fs.DurationVar(&opt.progress, "progress", opt.progress, "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return opt, err
			}
			return opt, &inputError{err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		// Parse stops before an argument that is not a flag, or after
		// "--", after which everything is an argument.
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	for _, p := range params {
		v, err := notebook.ParseParam(p)
		if err != nil {
			return opt, &inputError{err}
		}
		opt.params = append(opt.params, v)
	}
	switch len(pos) {
	case 0:
		return opt, badInput("run: no notebook given")
	case 1:
		opt.notebook = pos[0]
	default:
		return opt, badInput("run: one notebook at a time, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if opt.timeout < 0 || opt.progress < 0 {
		return opt, badInput("run: -timeout and -progress must not be negative")
	}
	return opt, nil
}

// runNotebook implements "gokernel run". Bad input exits with status 2
// here; a failing cell is returned, which main turns into status 1.
func runNotebook(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := runCommand(ctx, args, os.Stdout, os.Stderr, startSupervisor)
	var ie *inputError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(os.Stdout, runUsage)
		return nil
	case errors.As(err, &ie):
		fmt.Fprintln(os.Stderr, "gokernel:", err)
		if strings.HasPrefix(err.Error(), "run: ") || strings.Contains(err.Error(), "flag") {
			fmt.Fprintln(os.Stderr, "run 'gokernel run -h' for help")
		}
		stop()
		os.Exit(2)
	}
	return err
}

// engineStarter starts the engine cells run in and returns how to stop it.
type engineStarter func(logw io.Writer) (kernel.Engine, func(), error)

// startSupervisor starts a Go engine in a child process, as the kernel
// does: a crashing cell is reported and a fresh engine starts.
func startSupervisor(logw io.Writer) (kernel.Engine, func(), error) {
	sup := process.NewSupervisor(process.EngineCommand("engine"), log.New(logw, "[gokernel] ", 0))
	if err := sup.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting the Go engine: %w", err)
	}
	return sup, sup.Stop, nil
}

// runCommand runs "gokernel run" with args, printing on stdout and stderr.
func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer, start engineStarter) error {
	opt, err := parseRunArgs(args)
	if err != nil {
		return err
	}
	nb, err := loadNotebook(opt.notebook)
	if err != nil {
		return err
	}
	if pc := nb.ParametersCell(); pc != nil {
		known := identifiers(pc.Source)
		for _, p := range opt.params {
			if !known[p.Name] {
				fmt.Fprintf(stderr, "warning: -p %s: the parameters cell does not mention %s\n", p.Name, p.Name)
			}
		}
	}
	if _, err := nb.InjectParameters(opt.params); err != nil {
		return badInput("%s: %v", opt.notebook, err)
	}
	out := opt.out
	if out == "" {
		out = defaultOutput(opt.notebook)
	}
	if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
		return badInput("-o %s: no directory %s to write it in", out, filepath.Dir(out))
	}
	prepare(nb)

	eng, stopEngine, err := start(stderr)
	if err != nil {
		return err
	}
	r := newRunner(eng, nb, stdout, stderr)
	if o, ok := eng.(observer); ok {
		o.Observe(r.lifecycle)
	}
	r.timeout, r.progress = opt.timeout, opt.progress
	began := time.Now()
	runErr := r.run(ctx)
	r.finish()
	stopEngine()

	if err := nb.WriteFile(out); err != nil {
		return fmt.Errorf("writing the executed notebook: %w", err)
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "wrote %s (up to the failing cell)\n", out)
		return runErr
	}
	cells := "cells"
	if r.ran == 1 {
		cells = "cell"
	}
	fmt.Fprintf(stderr, "ran %d %s in %s; wrote %s\n", r.ran, cells, roundElapsed(time.Since(began)), out)
	return nil
}

// loadNotebook reads a notebook and checks that it is a Go notebook.
func loadNotebook(path string) (*notebook.Notebook, error) {
	nb, err := notebook.ReadFile(path)
	if err != nil {
		return nil, &inputError{err}
	}
	if lang := nb.Language(); lang != "" && !strings.EqualFold(lang, "go") {
		kn := ""
		if name := nb.KernelName(); name != "" {
			kn = fmt.Sprintf(" (kernel %q)", name)
		}
		return nil, badInput("%s: this is a %s notebook%s, not a Go one: gokernel runs Go notebooks only", path, lang, kn)
	}
	return nb, nil
}

// defaultOutput is where the executed notebook goes without -o.
func defaultOutput(in string) string {
	base := strings.TrimSuffix(in, filepath.Ext(in))
	if !strings.EqualFold(filepath.Ext(in), ".ipynb") {
		base = in
	}
	return base + ".executed.ipynb"
}

// prepare makes the notebook ready to run: nbformat 4.5 with cell ids,
// code cells without outputs, and the Go kernel named when the notebook
// names none.
func prepare(nb *notebook.Notebook) {
	nb.EnsureIDs()
	nb.ClearOutputs()
	_ = nb.SetDefault("kernelspec", map[string]string{"name": "go", "display_name": "Go (poolkit)", "language": "go"})
	_ = nb.SetDefault("language_info", map[string]string{"name": "go", "mimetype": "text/x-go", "file_extension": ".go",
		"pygments_lexer": "go", "codemirror_mode": "go", "nbconvert_exporter": "script"})
}
