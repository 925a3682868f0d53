package kerneltest_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// emptyHome is the environment of a new account's kernel as go run
// ./install sets it up: an empty home, so empty caches of its own; the
// type cache of the standard library (GOKERNEL_TYPES) and the shared
// build cache, when the binary makes one; the machine's build slots and
// priority, not the tests' (see init in workdir_test.go).
func emptyHome(b *testing.B, bin, home, shared string, extra ...string) []string {
	types := filepath.Join(b.TempDir(), "types")
	if out, err := exec.Command(bin, "types", types).CombinedOutput(); err != nil {
		b.Fatalf("type cache: %v\n%s", err, out)
	}
	env := []string{"HOME=" + home, "XDG_CACHE_HOME=", "GOCACHE=", "GOCACHEPROG=", "GOKERNEL_TYPES=" + types, "GOKERNEL_SHARED_CACHE=" + shared,
		"GOKERNEL_BUILD_NICE=19", "GOKERNEL_BUILD_SLOTS="}
	return append(env, extra...)
}

// buildBench skips the benchmarks of plugin builds unless
// GOKERNEL_BENCH_BUILDS is set (scripts/bench.sh sets it, and runs them
// once each: they start many kernels).
func buildBench(b *testing.B) {
	if os.Getenv("GOKERNEL_BENCH_BUILDS") == "" {
		b.Skip("set GOKERNEL_BENCH_BUILDS=1 to run it")
	}
}

// sharedCache is the build cache go run ./install prepares: from
// GOKERNEL_SHARED_CACHE, else written now by the binary's own install
// step (gokernel buildcache DIR), when it has one.
func sharedCache(b *testing.B, bin string) string {
	if s := os.Getenv("GOKERNEL_SHARED_CACHE"); s != "" {
		return s
	}
	dir := filepath.Join(b.TempDir(), "shared")
	cmd := exec.Command(bin, "buildcache", dir)
	cmd.Env = append(os.Environ(), "HOME="+b.TempDir(), "XDG_CACHE_HOME=")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Logf("no shared build cache (%v): %s", err, bytes.TrimSpace(out))
		return ""
	}
	return dir
}

// waitCompiled polls inspect until it says name runs compiled, and
// returns what it said last. An empty cell runs before each inspect: a
// plugin that has landed is swapped in when a cell starts, as when the
// student runs the next cell.
func waitCompiled(_ testing.TB, f *kerneltest.Frontend, name string, d time.Duration) (string, bool) {
	deadline := time.Now().Add(d)
	text := ""
	for time.Now().Before(deadline) {
		f.Execute("", 30*time.Second)
		insp := f.Collect(f.Send(f.Shell, "inspect_request", map[string]any{"code": name, "cursor_pos": len(name), "detail_level": 0}), f.Shell, 10*time.Second)
		if data, _ := insp.Reply["data"].(map[string]any); data != nil {
			text = fmt.Sprint(data["text/plain"])
			if strings.Contains(text, "Runs compiled.") {
				return text, true
			}
			if strings.Contains(text, "compile failed") {
				return text, false
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return text, false
}

// BenchmarkFirstCompile: a new account (an empty home) starts a kernel
// and runs a cell that declares a func; the time from the cell until
// inspect says the func runs compiled (target: under 5 s on 2 cores).
// With the shared build cache of the install, the runtime and standard
// library are not compiled again.
func BenchmarkFirstCompile(b *testing.B) {
	buildBench(b)
	bin := fast(b)
	shared := sharedCache(b, bin)
	b.Logf("shared build cache: %q", shared)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		f := kerneltest.StartEnv(b, bin, emptyHome(b, bin, b.TempDir(), shared)...)
		start := time.Now()
		if r := f.Execute("import (\n\t\"fmt\"\n\t\"strings\"\n)\nfunc shout(s string) string { return fmt.Sprint(strings.ToUpper(s), \"!\") }", 30*time.Second); r.Reply["status"] != "ok" {
			b.Fatalf("cell: %v", r.Reply)
		}
		if text, ok := waitCompiled(b, f, "shout", 300*time.Second); !ok {
			b.Fatalf("shout does not run compiled: %s\nkernel log:\n%s", text, f.Stderr)
		}
		total += time.Since(start)
		f.Close()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-first-compile")
}

// pluginBuilds counts the running `go build -buildmode=plugin` processes
// whose environment holds marker.
func pluginBuilds(marker string) int {
	n := 0
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		cmd, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(cmd, []byte("-buildmode=plugin")) || !bytes.HasPrefix(cmd, []byte("go")) && !bytes.Contains(cmd, []byte("/go\x00")) {
			continue
		}
		env, err := os.ReadFile(filepath.Join(filepath.Dir(p), "environ"))
		if err == nil && bytes.Contains(env, []byte(marker)) {
			n++
		}
	}
	return n
}

// BenchmarkConcurrentBuilds: ten kernels of one user declare a func at
// once; the peak number of plugin builds running at the same time, and
// how long until all ten run compiled (target: at most max(1, NumCPU/2)
// builds at once, machine-wide).
func BenchmarkConcurrentBuilds(b *testing.B) {
	const kernels = 10
	buildBench(b)
	bin := fast(b)
	shared := sharedCache(b, bin)
	home := b.TempDir()
	marker := fmt.Sprintf("GOKERNEL_BENCH_MARK=%d", time.Now().UnixNano())
	env := emptyHome(b, bin, home, shared, marker)
	// One build first, so that the ten find the user's cache warm and
	// the figure is about running at once, not compiling the runtime.
	warm := kerneltest.StartEnv(b, bin, env...)
	warm.Execute("func warm(n int) int { return n + 1 }", 120*time.Second)
	if text, ok := waitCompiled(b, warm, "warm", 300*time.Second); !ok {
		b.Fatalf("warm does not run compiled: %s\n%s", text, warm.Stderr)
	}
	warm.Close()
	for i := 0; i < b.N; i++ {
		fs := make([]*kerneltest.Frontend, kernels)
		for k := range fs {
			fs[k] = kerneltest.StartEnv(b, bin, env...)
		}
		var peak atomic.Int64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			for {
				if n := int64(pluginBuilds(marker)); n > peak.Load() {
					peak.Store(n)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		start := time.Now()
		var wg sync.WaitGroup
		for k, f := range fs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("twice%d", k)
				f.Execute(fmt.Sprintf("func %s(n int) int { return 2 * n }", name), 120*time.Second)
				if text, ok := waitCompiled(b, f, name, 300*time.Second); !ok {
					b.Errorf("%s does not run compiled: %s", name, text)
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		close(stop)
		<-sampled
		for _, f := range fs {
			f.Close()
		}
		b.ReportMetric(float64(peak.Load()), "peak-builds")
		b.ReportMetric(float64(elapsed.Milliseconds()), "ms-all-compiled")
	}
}
