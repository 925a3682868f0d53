package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/aulago/gokernel/kernel/buildcache"
)

// prepareBuildCache prepares, in the kernelspec folder, what every user's
// kernel shares on a classroom server, and names it in env:
//
//   - buildcache/ (GOKERNEL_SHARED_CACHE): the runtime, the standard
//     library and poolkit compiled for plugins, by one real build of the
//     compiled tier (gokernel buildcache), so that a new account's first
//     compiled func does not compile them again (16–28 s); kept across
//     installs while the toolchain and the source folder stay the same;
//   - slots/ (GOKERNEL_BUILD_SLOTS): the lock files that bound the plugin
//     builds running at once on the machine to max(1, NumCPU/2).
//
// Without them (no cgo, no go command) kernels still run: each user's
// first build compiles everything, and the slots live in the temporary
// folder. So a failure here is said, not fatal.
func prepareBuildCache(exe, dir string, env map[string]string) {
	slots := filepath.Join(dir, "slots")
	if err := buildcache.MakeSlotFiles(slots, max(1, runtime.NumCPU()/2)); err != nil {
		fmt.Fprintln(os.Stderr, "install: no build slot files:", err)
	} else {
		env["GOKERNEL_BUILD_SLOTS"] = slots
	}
	shared := filepath.Join(dir, "buildcache")
	goTool := env["GOKERNEL_GO"]
	if goTool == "" {
		goTool = "go"
	}
	version, _ := exec.Command(goTool, "version").Output()
	stamp := fmt.Sprintf("%s%s\n", version, env["GOKERNEL_SOURCE"])
	stampFile := filepath.Join(shared, "stamp")
	if old, err := os.ReadFile(stampFile); err != nil || string(old) != stamp {
		// Another toolchain or source: none of the old entries would hit.
		_ = os.RemoveAll(shared)
	}
	cmd := exec.Command(exe, "buildcache", shared)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	// The build runs as the kernels' will (their go command, their
	// poolkit source), so that its cache entries are theirs.
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	err := cmd.Run()
	if _, serr := os.Stat(shared); err == nil && serr != nil {
		err = serr
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "install: no shared plugin build cache (%v): each user's first compiled func builds the standard library\n", err)
		return
	}
	if err := os.WriteFile(stampFile, []byte(stamp), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
	}
	env["GOKERNEL_SHARED_CACHE"] = shared
	fmt.Printf("shared plugin build cache in %s (%s)\n", shared, strings.TrimSpace(duSize(shared)))
}

// duSize is the size of a folder's files, for the install's message.
func duSize(dir string) string {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return fmt.Sprintf("%.0f MB", float64(n)/1e6)
}
