package main

import "fmt"

// runNotebook runs a notebook without Jupyter (see issue: headless runner).
func runNotebook(args []string) error {
	return fmt.Errorf("run: not implemented yet")
}
