package buildcache

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// snapshot lists a folder's files with their sizes and times.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			files[path] = fmt.Sprint(info.Size(), info.ModTime().UnixNano())
		}
		return err
	})
	return files
}

var compileOf = regexp.MustCompile(`/compile -o \S+ .*-p (\S+)`)

// The real go command with this package as its GOCACHEPROG, in plugin
// mode (with cgo): a first build writes the shared folder; made
// read-only, it serves a second user's build, with an empty cache of
// their own, which compiles its own package and nothing else (not the
// runtime, not strings) and leaves the shared folder as it was.
func TestSharedCacheWithGo(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the runtime for plugins")
	}
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("plugins need the go command with cgo")
	}
	tmp := t.TempDir()
	shared, src := filepath.Join(tmp, "shared"), filepath.Join(tmp, "src")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module example.com/p\n\ngo 1.24\n"), 0o644)
	build := func(name, body string, env ...string) string {
		t.Helper()
		os.WriteFile(filepath.Join(src, "p.go"), []byte("package main\n\nimport \"strings\"\n\nfunc F(s string) string { return "+body+" }\n"), 0o644)
		cmd := exec.Command("go", "build", "-x", "-buildmode=plugin", "-o", filepath.Join(tmp, name+".so"), ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), append([]string{"GOCACHEPROG=" + os.Args[0], "GOCACHE=" + filepath.Join(tmp, name+"-gocache"),
			"GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local"}, env...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		return string(out)
	}
	first := build("first", `strings.ToUpper(s)`, "GOKERNEL_TEST_CACHEPROG=shared "+shared)
	if !strings.Contains(first, "-p runtime ") {
		t.Fatalf("the first build did not compile the runtime:\n%s", first)
	}
	filepath.WalkDir(shared, func(path string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Chmod(path, map[bool]fs.FileMode{true: 0o555, false: 0o444}[d.IsDir()])
		}
		return nil
	})
	t.Cleanup(func() {
		filepath.WalkDir(shared, func(path string, _ fs.DirEntry, _ error) error { return os.Chmod(path, 0o755) })
	})
	before := snapshot(t, shared)
	xdg := filepath.Join(tmp, "xdg")
	second := build("second", `strings.ToLower(s)`, "GOKERNEL_TEST_CACHEPROG=user", "GOKERNEL_SHARED_CACHE="+shared, "XDG_CACHE_HOME="+xdg)
	var compiled []string
	for _, m := range compileOf.FindAllStringSubmatch(second, -1) {
		compiled = append(compiled, m[1])
	}
	if len(compiled) != 1 || compiled[0] != "main" && compiled[0] != "example.com/p" {
		t.Errorf("the second build compiled %v, want only the plugin's own package", compiled)
	}
	if after := snapshot(t, shared); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the second build changed the shared folder: %d files, then %d", len(before), len(after))
	}
	if user := snapshot(t, filepath.Join(xdg, "gokernel", "build")); len(user) == 0 || len(user) > 20 {
		t.Errorf("the user's cache holds %d files: want the second package's outputs only", len(user))
	}
}
