// Command install registers the Go kernel with Jupyter: it copies the
// module's source into the kernelspec directory (src/), builds the kernel
// binary there, writes the type cache (types/), and writes kernel.json,
// which records the source, the cache and the go command it ran with, and
// the logos. The kernelspec does not depend on the checkout afterwards.
//
//	go run ./install                 for the current user ($JUPYTER_DATA_DIR or ~/.local/share/jupyter)
//	go run ./install --sys-prefix    into the active Python environment (a venv)
//	go run ./install --prefix DIR    into DIR/share/jupyter
//
// Running it again replaces the previous installation.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// kernelName is the kernelspec name notebooks select.
const kernelName = "go"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	sysPrefix := fs.Bool("sys-prefix", false, "install into the active Python environment (sys.prefix)")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter")
	binary := fs.String("binary", "", "use this prebuilt kernel binary instead of building one")
	source := fs.String("source", "", "install from the gokernel module in `DIR` (default: the one of the working folder)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dataDir, err := dataDir(*sysPrefix, *prefix)
	if err != nil {
		return err
	}
	// kernel.json needs an absolute argv[0]: Jupyter starts kernels in
	// the notebook's directory.
	if dataDir, err = filepath.Abs(dataDir); err != nil {
		return err
	}
	dir := filepath.Join(dataDir, "kernels", kernelName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	exe := filepath.Join(dir, "gokernel")
	// The module's source, copied into the kernelspec folder: the kernel is
	// built there and its plugins import poolkit from there (source.go).
	mod, err := moduleRoot(*source)
	if err != nil {
		return err
	}
	src := filepath.Join(dir, "src")
	if err := copySource(mod, src); err != nil {
		return fmt.Errorf("copying the module's source: %w", err)
	}
	if *binary != "" {
		b, err := os.ReadFile(*binary)
		if err != nil {
			return err
		}
		if err := os.WriteFile(exe+".new", b, 0o755); err != nil {
			return err
		}
	} else {
		// No -trimpath: see engine.moduleSource. The copy is no checkout.
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", exe+".new", "./cmd/gokernel")
		cmd.Dir = src
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building the kernel: %w", err)
		}
	}
	if err := rewriteSmall(exe+".new", exe+".small"); err != nil {
		return err
	}
	// Rename over the old binary: a running kernel keeps its file.
	if err := os.Rename(exe+".small", exe); err != nil {
		return err
	}
	// The standard library's type data, so that cells are checked without
	// asking the toolchain (and without one at all).
	types := filepath.Join(dir, "types")
	cache := exec.Command(exe, "types", types)
	cache.Stderr = os.Stderr
	if err := cache.Run(); err != nil {
		return fmt.Errorf("writing the type cache: %w", err)
	}
	env, err := kernelEnv(mod, src)
	if err != nil {
		return err
	}
	env["GOKERNEL_TYPES"] = types
	prepareBuildCache(exe, dir, env)
	spec := map[string]any{
		"argv":           []string{exe, "kernel", "-f", "{connection_file}"},
		"display_name":   "Go (poolkit)",
		"language":       "go",
		"interrupt_mode": "message",
		"env":            env,
		"metadata":       map[string]any{"debugger": false, "supported_encryption": []string{"curve"}},
	}
	b, _ := json.MarshalIndent(spec, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	if err := writeLogos(dir); err != nil {
		return err
	}
	for _, p := range []string{src, types, exe} {
		if err := openToAll(p); err != nil {
			return err
		}
	}
	fmt.Printf("installed kernelspec %q in %s\n", kernelName, dir)
	return nil
}

// dataDir finds the Jupyter data directory the way jupyter kernelspec
// install does for --user, --sys-prefix and --prefix.
func dataDir(sysPrefix bool, prefix string) (string, error) {
	switch {
	case prefix != "" && sysPrefix:
		return "", errors.New("use either --prefix or --sys-prefix, not both")
	case prefix != "":
		return filepath.Join(prefix, "share", "jupyter"), nil
	case sysPrefix:
		p := os.Getenv("VIRTUAL_ENV")
		if p == "" {
			out, err := exec.Command("python3", "-c", "import sys; print(sys.prefix)").Output()
			if err != nil {
				return "", fmt.Errorf("--sys-prefix: no active environment and python3 failed: %v", err)
			}
			p = strings.TrimSpace(string(out))
		}
		return filepath.Join(p, "share", "jupyter"), nil
	}
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// kernelEnv is the kernelspec's environment: the gokernel module's source
// (src, the copy) for the compiled tier's plugins, which import poolkit,
// and the go command this install runs with, which the engine uses even
// where the spawner's PATH has none.
func kernelEnv(mod, src string) (map[string]string, error) {
	tool, err := goCommand(mod)
	if err != nil {
		return nil, err
	}
	if why := othersCanRun(tool); why != "" {
		fmt.Fprintf(os.Stderr, "install: warning: other accounts cannot run %s (%s): their kernels run interpreted\n", tool, why)
	}
	return map[string]string{"GOKERNEL_SOURCE": src, "GOKERNEL_GO": tool}, nil
}
