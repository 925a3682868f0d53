package buildcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A work folder is locked while its owner lives: the stale folders of
// ended owners go when the next one is made, live ones stay, and Remove
// removes the owner's own.
func TestWorkDirs(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	live, err := newWorkDirIn(run, "kernel-")
	if err != nil {
		t.Fatal(err)
	}
	// A folder whose lock nobody holds: its owner ended.
	stale := filepath.Join(run, "kernel-1-dead")
	os.MkdirAll(filepath.Join(stale, "engine-1"), 0o700)
	os.WriteFile(filepath.Join(stale, lockName), nil, 0o600)
	// Folders with no lock file: one being made now, one long ago.
	young, ancient := filepath.Join(run, "kernel-2-young"), filepath.Join(run, "kernel-3-ancient")
	os.MkdirAll(young, 0o700)
	os.MkdirAll(ancient, 0o700)
	long := time.Now().Add(-time.Hour)
	os.Chtimes(ancient, long, long)

	next, err := newWorkDirIn(run, "kernel-")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		kept bool
	}{{live.Path, true}, {next.Path, true}, {stale, false}, {young, true}, {ancient, false}} {
		if _, err := os.Stat(tc.dir); (err == nil) != tc.kept {
			t.Errorf("%s: kept %v, want %v", tc.dir, err == nil, tc.kept)
		}
	}
	os.WriteFile(filepath.Join(live.Path, "session.so"), []byte("x"), 0o600)
	if err := live.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live.Path); !os.IsNotExist(err) {
		t.Errorf("Remove left %s", live.Path)
	}
	next.Remove()
}

// The folders live in the user's cache: $XDG_CACHE_HOME/gokernel, else
// ~/.cache/gokernel.
func TestRoot(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, tc := range []struct{ xdg, want string }{
		{"", filepath.Join(home, ".cache", "gokernel")},
		{"/var/cache/u1", "/var/cache/u1/gokernel"},
	} {
		t.Setenv("XDG_CACHE_HOME", tc.xdg)
		if got, err := Root(); err != nil || got != tc.want {
			t.Errorf("XDG_CACHE_HOME=%q: %s, %v; want %s", tc.xdg, got, err, tc.want)
		}
	}
}
