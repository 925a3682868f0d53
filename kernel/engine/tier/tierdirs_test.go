package tier

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The work folders of engines of earlier versions, in the shared
// temporary folder, are removed once their engine has ended; a running
// engine's folder is kept.
func TestTierLegacyFolders(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true command")
	}
	stale := filepath.Join(os.TempDir(), fmt.Sprintf("gokernel-tier-%d-test", dead.Process.Pid))
	live := filepath.Join(os.TempDir(), fmt.Sprintf("gokernel-tier-%d-test", os.Getppid()))
	for _, d := range []string{stale, live} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	defer os.RemoveAll(live)
	removeStaleDirs()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the folder of an ended engine is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the folder of a running process was removed: %v", err)
	}
}

// An engine works in the folder its kernel gives it (GOKERNEL_WORKDIR),
// else in one of its own in the user's cache, never in the temporary
// folder; Close removes its own.
func TestTierWorkFolders(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	for _, tc := range []struct {
		name, workdir, under string
	}{
		{"its own", "", filepath.Join(cache, "gokernel", "run") + "/engine-"},
		{"the kernel's", filepath.Join(cache, "k", "engine-1"), filepath.Join(cache, "k", "engine-1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOKERNEL_WORKDIR", tc.workdir)
			tr := New(nil, false)
			if !tr.On {
				t.Skipf("no compiled tier: %s", tr.Why)
			}
			dir := tr.dir
			if !strings.HasPrefix(dir, tc.under) {
				t.Errorf("work folder %s, want it in %s", dir, tc.under)
			}
			if _, err := os.Stat(dir); err != nil {
				t.Error(err)
			}
			tr.Close()
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("Close left %s: %v", dir, err)
			}
		})
	}
}

// GOKERNEL_COMPILE_WAIT sets how long a cell waits for a compile; a bad
// value keeps the default.
func TestCompileWait(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want time.Duration
	}{{"", waitCompile}, {"2s", 2 * time.Second}, {"0", 0}, {"soon", waitCompile}, {"-1s", waitCompile}} {
		t.Setenv("GOKERNEL_COMPILE_WAIT", tc.env)
		if got := CompileWait(); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.env, got, tc.want)
		}
	}
}
