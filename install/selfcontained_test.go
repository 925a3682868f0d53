package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// The kernelspec needs nothing of the checkout it was installed from: with
// the checkout deleted, a new account (empty home) whose PATH has no go
// gets a func using poolkit compiled, built against the kernelspec's copy
// of the source (the kernel's binary agrees with its plugin on poolkit's
// hashes), and the kernel's log names the recorded toolchain.
func TestInstallSelfContained(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel and a plugin")
	}
	mod, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	checkout := filepath.Join(t.TempDir(), "checkout")
	if err := copySource(mod, checkout); err != nil {
		t.Fatal(err)
	}
	prefix := t.TempDir()
	if err := run([]string{"--prefix", prefix, "--source", checkout}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(checkout); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "go")
	var spec struct {
		Argv []string
		Env  map[string]string
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	src, tool := spec.Env["GOKERNEL_SOURCE"], spec.Env["GOKERNEL_GO"]
	if src != filepath.Join(dir, "src") || !filepath.IsAbs(tool) {
		t.Fatalf("kernel.json env %v: want GOKERNEL_SOURCE in the kernelspec, GOKERNEL_GO absolute", spec.Env)
	}
	for _, f := range []string{"go.mod", "go.sum", "poolkit/pool.go", "poolkit/generic.go"} {
		if _, err := os.Stat(filepath.Join(src, f)); err != nil {
			t.Errorf("the copy lacks %s: %v", f, err)
		}
	}
	tests, _ := filepath.Glob(filepath.Join(src, "poolkit", "*_test.go"))
	if len(tests) > 0 {
		t.Errorf("tests copied: %v", tests)
	}
	if _, err := os.Stat(filepath.Join(spec.Env["GOKERNEL_TYPES"], "embed.a")); err != nil {
		t.Errorf("the type cache lacks embed (poolkit imports it): %v", err)
	}

	env := []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "XDG_CACHE_HOME=", "GOCACHE=", "GOPATH=", "GOFLAGS=", "GOKERNEL_COMPILE_WAIT=0s"}
	for k, v := range spec.Env {
		env = append(env, k+"="+v)
	}
	f := kerneltest.StartEnv(t, spec.Argv[0], env...)
	code := "func work(n int) int {\n\tp := poolkit.NewPool(2)\n\tdefer p.Close()\n\treturn n + len(poolkit.Map(p, func(x int) int { return x }, []int{1, 2}))\n}\nwork(1)"
	if r := f.Execute(code, 60*time.Second); r.Reply["status"] != "ok" {
		t.Fatalf("cell: %v %v", r.Reply, r.Outputs)
	}
	status := ""
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		insp := f.Collect(f.Send(f.Shell, "inspect_request", map[string]any{"code": "work", "cursor_pos": 4, "detail_level": 0}), f.Shell, 10*time.Second)
		data, _ := insp.Reply["data"].(map[string]any)
		status, _ = data["text/plain"].(string)
		if strings.Contains(status, "Runs compiled.") || strings.Contains(status, "compile failed") {
			break
		}
	}
	if !strings.Contains(status, "Runs compiled.") {
		t.Errorf("work does not run compiled: %s", status)
	}
	_ = f.Cmd.Process.Kill()
	_ = f.Cmd.Wait() // the log is complete once Wait returns
	if log := f.Stderr.String(); !strings.Contains(log, "go: "+tool+" (go") || !strings.Contains(log, "from GOKERNEL_GO") {
		t.Errorf("the kernel's log does not name the toolchain %s:\n%s", tool, log)
	}
}
