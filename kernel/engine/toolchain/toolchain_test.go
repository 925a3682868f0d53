package toolchain

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeGoroot makes a toolchain folder whose bin/go is a script, and its
// VERSION file.
func fakeGoroot(t *testing.T, version string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", "go"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "VERSION"), []byte(version+"\ntime 2026-01-01\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// goTool takes the recorded toolchain (GOKERNEL_GO) before GOROOT and
// PATH, so that a spawner's PATH without go does not turn the tier off,
// and the log line says which one it took.
func TestGoTool(t *testing.T) {
	recorded := fakeGoroot(t, "go1.99.1")
	goroot := fakeGoroot(t, "go1.98.0")
	onPath := fakeGoroot(t, "go1.97.0")
	tests := []struct {
		name, goEnv, goroot, path string
		want, from, version       string
	}{
		{"recorded, PATH without go", filepath.Join(recorded, "bin", "go"), "", "/nonexistent", filepath.Join(recorded, "bin", "go"), "GOKERNEL_GO", "go1.99.1"},
		{"recorded wins over GOROOT and PATH", filepath.Join(recorded, "bin", "go"), goroot, filepath.Join(onPath, "bin"), filepath.Join(recorded, "bin", "go"), "GOKERNEL_GO", "go1.99.1"},
		{"GOROOT", "", goroot, filepath.Join(onPath, "bin"), filepath.Join(goroot, "bin", "go"), "GOROOT", "go1.98.0"},
		{"PATH", "", "", filepath.Join(onPath, "bin"), filepath.Join(onPath, "bin", "go"), "PATH", "go1.97.0"},
		{"recorded but gone: PATH", "/nonexistent/bin/go", "", filepath.Join(onPath, "bin"), filepath.Join(onPath, "bin", "go"), "PATH", "go1.97.0"},
		{"none", "", "", "/nonexistent", "go", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(GoEnv, tc.goEnv)
			t.Setenv("GOROOT", tc.goroot)
			t.Setenv("PATH", tc.path)
			if got := GoTool(); got != tc.want {
				t.Errorf("goTool() = %q, want %q", got, tc.want)
			}
			note := Note()
			if tc.from == "" {
				if !strings.HasPrefix(note, "no go command") || !strings.Contains(note, "PATH=/nonexistent") {
					t.Errorf("note %q", note)
				}
				return
			}
			if want := tc.want + " (" + tc.version + ", from " + tc.from + ")"; note != want {
				t.Errorf("note %q, want %q", note, want)
			}
		})
	}
}

// Where the account's home cannot hold the go command's caches (no HOME,
// or one that cannot be written), they go to a folder of the account's
// own in the temporary folder; where it can, nothing changes.
func TestGoHomeFallback(t *testing.T) {
	tmp := t.TempDir()
	home := t.TempDir()
	closed := filepath.Join(t.TempDir(), "closed")
	if err := os.Mkdir(closed, 0o500); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(tmp, "gokernel-go-"+strconv.Itoa(os.Getuid()))
	tests := []struct {
		name, home          string
		wantCache, wantPath string
		skipIfRoot          bool
	}{
		{"no HOME", "", filepath.Join(base, "go-build"), filepath.Join(base, "go"), false},
		{"HOME that cannot be written", filepath.Join(closed, "home"), filepath.Join(base, "go-build"), filepath.Join(base, "go"), true},
		{"empty HOME", home, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skipIfRoot && os.Getuid() == 0 {
				t.Skip("root writes everywhere")
			}
			t.Setenv("TMPDIR", tmp)
			t.Setenv("HOME", tc.home)
			for _, k := range []string{"GOCACHE", "GOPATH", "GOMODCACHE", "XDG_CACHE_HOME"} {
				t.Setenv(k, "")
			}
			goHomeFallback()
			if got := os.Getenv("GOCACHE"); got != tc.wantCache {
				t.Errorf("GOCACHE=%q, want %q", got, tc.wantCache)
			}
			if got := os.Getenv("GOPATH"); got != tc.wantPath {
				t.Errorf("GOPATH=%q, want %q", got, tc.wantPath)
			}
			if tc.wantCache != "" {
				if st, err := os.Stat(base); err != nil || st.Mode().Perm() != 0o700 {
					t.Errorf("%s: %v %v, want a folder of mode 0700", base, st, err)
				}
			}
		})
	}
}

// A fallback folder another account made first is not used: a build
// cache there could be poisoned.
func TestPrivateTempDirRefusesForeign(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if _, ok := privateTempDir(); !ok {
		t.Fatal("no private folder in a fresh temporary folder")
	}
	if os.Getuid() != 0 {
		t.Skip("needs root to make a folder of another account")
	}
	other := filepath.Join(t.TempDir(), "x")
	t.Setenv("TMPDIR", filepath.Dir(other))
	dir := filepath.Join(filepath.Dir(other), "gokernel-go-"+strconv.Itoa(os.Getuid()))
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if d, ok := privateTempDir(); ok {
		t.Errorf("used %s, which another account owns", d)
	}
}
