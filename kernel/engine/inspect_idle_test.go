package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// Inspect says "Runs compiled." once the compile has landed, with no cell
// run since: it swaps the plugin in itself while the engine is idle.
func TestInspectIdleAfterCompile(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "func quadrado(x int) int { return x * x }")
	code := "quadrado"
	deadline := time.Now().Add(90 * time.Second)
	var text string
	for time.Now().Before(deadline) {
		r := s.e.Inspect(kernel.InspectRequest{Code: code, CursorPos: len(code)})
		text, _ = r.Data["text/plain"].(string)
		if strings.Contains(text, "Runs compiled.") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(text, "Runs compiled.") {
		t.Fatalf("inspect after 90 s idle: %q", text)
	}
	// And it does: the next call runs the compiled body.
	if r := mustRun(t, s, "quadrado(7)"); r.result != "49" || s.e.tier.StatusOf("quadrado") != "compiled" {
		t.Errorf("quadrado(7) = %q, status %q", r.result, s.e.tier.StatusOf("quadrado"))
	}
}
