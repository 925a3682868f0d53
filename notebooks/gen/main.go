// Command gen writes the course's exercise notebooks from their one source,
// notebooks/src/exercicios.txtar, so that the self-study notebook and the
// nbgrader one cannot drift apart:
//
//   - notebooks/exercicios-pools.ipynb: self-study, reference answers in
//     cells tagged "solution", check cells that print ✅ or ❌;
//   - notebooks/nbgrader/source/exercicios/exercicios-pools.ipynb: the
//     nbgrader source notebook, with solution regions, locked test cells
//     that fail on a wrong answer, and hidden tests;
//   - notebooks/nbgrader/source/header.ipynb: nbgrader's header notebook.
//
// Run it from the repository root after editing the source:
//
//	go run ./notebooks/gen
//
// With -check it writes nothing and fails when a notebook differs from
// what the source makes (the package's test does the same).
//
// The source is txtar-shaped: free text, then one section per cell, each
// starting with a header line
//
//	-- KIND ID [in=VARIANTS] [tags=TAGS] [nbgrader=ROLE] [points=N] --
//
// KIND is markdown or code (or metadata: the notebooks' metadata, JSON);
// VARIANTS are estudo, nbgrader and header (default estudo,nbgrader); ROLE
// is solution, tests or readonly. In a body, "//nb:VARIANT" starts lines
// only that variant has, up to "//nb:end"; "// BEGIN SOLUTION" and
// "// BEGIN HIDDEN TESTS" regions are nbgrader's, and the self-study
// notebook keeps the solution's lines and drops the hidden tests.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	check := flag.Bool("check", false, "write nothing; fail if a notebook is not what the source makes")
	flag.Parse()
	stale, err := run(*root, !*check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, p := range stale {
		if *check {
			fmt.Fprintf(os.Stderr, "gen: %s is not what %s makes (run go run ./notebooks/gen)\n", p, sourcePath)
		} else {
			fmt.Println("gen: wrote", p)
		}
	}
	if *check && len(stale) > 0 {
		os.Exit(1)
	}
}

// run generates the notebooks under root and returns the paths whose
// committed bytes differ from the generated ones, writing them if write.
func run(root string, write bool) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(root, sourcePath))
	if err != nil {
		return nil, err
	}
	out, err := generate(data)
	if err != nil {
		return nil, err
	}
	var stale []string
	for p, want := range out {
		full := filepath.Join(root, p)
		if have, err := os.ReadFile(full); err == nil && bytes.Equal(have, want) {
			continue
		}
		stale = append(stale, p)
		if !write {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(full, want, 0o644); err != nil {
			return nil, err
		}
	}
	sort.Strings(stale)
	return stale, nil
}
