package toolchain

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// GoEnv names the environment variable that gives the engine its go
// command by absolute path: `go run ./install` records the toolchain it
// was installed with there (kernel.json), because a spawner's PATH
// (/usr/bin:/bin for a service) often has no go, and the compiled tier
// needs one.
const GoEnv = "GOKERNEL_GO"

// GoTool is the go command: $GOKERNEL_GO, else $GOROOT/bin/go when GOROOT
// is set, else the one on PATH ("go" when there is none: running it then
// fails with exec.ErrNotFound). Its first call also makes the go command
// work where the account's home does not (goHomeFallback).
func GoTool() string {
	goToolOnce.Do(goHomeFallback)
	tool, _ := findGoTool()
	return tool
}

var goToolOnce sync.Once

// findGoTool returns the go command and where it was found.
func findGoTool() (tool, from string) {
	if g := os.Getenv(GoEnv); g != "" {
		if isExecutable(g) {
			return g, GoEnv
		}
	}
	if r := os.Getenv("GOROOT"); r != "" {
		if g := filepath.Join(r, "bin", "go"); isExecutable(g) {
			return g, "GOROOT"
		}
	}
	if g, err := exec.LookPath("go"); err == nil {
		if abs, err := filepath.Abs(g); err == nil {
			g = abs
		}
		return g, "PATH"
	}
	return "go", ""
}

func isExecutable(f string) bool {
	st, err := os.Stat(f)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Note says, for the kernel's log, which go command the engine
// uses and why ("/usr/local/go/bin/go (go1.26.8, from GOKERNEL_GO)"), or
// that it has none.
func Note() string {
	tool, from := findGoTool()
	if from == "" {
		if g := os.Getenv(GoEnv); g != "" {
			return "no go command (" + GoEnv + "=" + g + " is not an executable file, and PATH has none)"
		}
		return "no go command (" + GoEnv + " is not set, and PATH=" + os.Getenv("PATH") + " has none)"
	}
	v := "unknown version"
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(tool)), "VERSION")); err == nil {
		v, _, _ = strings.Cut(string(b), "\n")
	}
	return tool + " (" + v + ", from " + from + ")"
}

// goHomeFallback points the go command's build cache and module cache at
// the temporary folder when their defaults cannot work: no HOME (a
// service's account), or a HOME that cannot be written (/nonexistent).
// Where the defaults work it changes nothing. The engine's environment
// is what its go commands get, so this covers the type checker's and the
// tier's.
func goHomeFallback() {
	if os.Getenv("GOCACHE") == "" && !usableDir(defaultGoCache()) {
		if base, ok := privateTempDir(); ok {
			_ = os.Setenv("GOCACHE", filepath.Join(base, "go-build"))
		}
	}
	if os.Getenv("GOPATH") == "" && os.Getenv("GOMODCACHE") == "" {
		home := os.Getenv("HOME")
		if home == "" || !usableDir(filepath.Join(home, "go")) {
			if base, ok := privateTempDir(); ok {
				_ = os.Setenv("GOPATH", filepath.Join(base, "go"))
			}
		}
	}
}
