package kerneltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// A runaway print loop is batched (far fewer messages than lines) and
// capped with a notice, so jupyter_server's rate limit is never hit.
func TestPrintFloodIsCapped(t *testing.T) {
	f := kerneltest.Start(t, binary)
	run := f.Execute("import \"fmt\"\nfor i := 0; i < 200000; i++ { fmt.Println(\"linha\", i) }", 60*time.Second)
	if run.Reply["status"] != "ok" {
		t.Fatalf("reply %v", run.Reply)
	}
	streams := run.Of("stream")
	out := run.Stream("stdout")
	if len(streams) > 200 {
		t.Errorf("%d stream messages for one loop: not batched", len(streams))
	}
	if len(out) > 1<<20+1000 || !strings.Contains(out, "output truncated") {
		t.Errorf("printed %d bytes; want at most 1 MB and a notice", len(out))
	}
	if !strings.HasPrefix(out, "linha 0\nlinha 1\n") {
		t.Errorf("output starts %q", out[:40])
	}
	// The next cell prints normally.
	if next := f.Execute("fmt.Println(\"depois\")", 10*time.Second); next.Stream("stdout") != "depois\n" {
		t.Errorf("next cell: %v", next.Outputs)
	}
}
