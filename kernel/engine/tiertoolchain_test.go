package engine

import (
	"github.com/aulago/gokernel/kernel/engine/tier"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
	"path/filepath"
	"strings"
	"testing"
)

// With the recorded toolchain and a PATH without go, the compiled tier is
// on, and its log line names the toolchain.
func TestTierOnWithRecordedToolchain(t *testing.T) {
	if !tier.Buildable() {
		t.Skip("no compiled tier in this build")
	}
	real := toolchain.GoTool()
	if !filepath.IsAbs(real) {
		t.Skip("no go command")
	}
	t.Setenv(toolchain.GoEnv, real)
	t.Setenv("PATH", "/nonexistent")
	t.Setenv("GOROOT", "")
	t.Setenv("GOKERNEL_COMPILE", "")
	s := newSessionWith(t, false)
	n := s.e.Notice()
	if !s.e.tier.On || !strings.Contains(n, "compiled tier: on (go: "+real+" (go") || !strings.Contains(n, "from GOKERNEL_GO") {
		t.Errorf("notice %q", n)
	}
}
