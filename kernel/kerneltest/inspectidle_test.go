package kerneltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// With the kernel idle, inspect says "Runs compiled." once the func's
// compile has landed: no other cell needs to run first.
func TestInspectCompiledWhileIdle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and a plugin")
	}
	f := kerneltest.Start(t, plain(t))
	// The cell declares the func and does not call it: nothing waits for
	// its compile.
	if r := f.Execute("func dobro(x int) int { return 2 * x }", 30*time.Second); r.Reply["status"] != "ok" {
		t.Fatalf("reply %v", r.Reply)
	}
	deadline := time.Now().Add(90 * time.Second)
	text := ""
	for time.Now().Before(deadline) {
		insp := f.Collect(f.Send(f.Shell, "inspect_request", map[string]any{"code": "dobro", "cursor_pos": 5, "detail_level": 0}), f.Shell, 10*time.Second)
		if data, _ := insp.Reply["data"].(map[string]any); data != nil {
			text, _ = data["text/plain"].(string)
		}
		if strings.Contains(text, "Runs compiled.") {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("inspect after 90 s idle: %q", text)
}
