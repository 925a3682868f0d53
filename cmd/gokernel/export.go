package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aulago/gokernel/kernel/engine"
	"github.com/aulago/gokernel/kernel/notebook"
)

const exportUsage = `usage: gokernel export NOTEBOOK.ipynb [-o main.go]

Writes the notebook's code cells as one Go program (to main.go, or to
standard output without -o): each cell's statements become a func that
main calls in order, with the cell's number in a comment, and each cell's
final expression is printed. go run of the program prints what running
the notebook prints. Nothing is run. A program that imports poolkit needs
the module github.com/aulago/gokernel (go get it, or a replace directive).

Exit status: 0 on success, 2 for bad arguments or a bad notebook.
`

// runExport is "gokernel export"; bad input exits with status 2.
func runExport(args []string) error {
	err := exportNotebook(args)
	var ie *inputError
	if errors.As(err, &ie) {
		fmt.Fprintln(os.Stderr, "gokernel:", err)
		os.Exit(2)
	}
	return err
}

func exportNotebook(args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "")
	var paths []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			fmt.Fprint(os.Stderr, exportUsage)
			return badInput("export: %v", err)
		}
		args = fs.Args()
		if len(args) > 0 {
			paths = append(paths, args[0])
			args = args[1:]
		}
	}
	if len(paths) != 1 {
		fmt.Fprint(os.Stderr, exportUsage)
		return badInput("export: want one notebook, got %d", len(paths))
	}
	nb, err := notebook.ReadFile(paths[0])
	if err != nil {
		return &inputError{err}
	}
	if lang := nb.Language(); lang != "" && lang != "go" {
		return badInput("export: %s is a %s notebook, not a Go one", paths[0], lang)
	}
	var cells []string
	for _, c := range nb.Cells {
		if c.Type == "code" && strings.TrimSpace(c.Source) != "" {
			cells = append(cells, c.Source)
		}
	}
	prog, err := engine.Export(cells)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = os.Stdout.WriteString(prog)
		return err
	}
	return os.WriteFile(*out, []byte(prog), 0o644)
}
