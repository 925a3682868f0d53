package engine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The work folder of an engine that has ended is removed by the next one;
// a running engine's folder is kept; Close removes the engine's own.
func TestTierWorkFolders(t *testing.T) {
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
	s := newSessionWith(t, false)
	if !s.e.tier.on {
		t.Skipf("no compiled tier: %s", s.e.tier.why)
	}
	dir := s.e.tier.dir
	s.e.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Close left %s: %v", dir, err)
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
		if got := compileWait(); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.env, got, tc.want)
		}
	}
}
