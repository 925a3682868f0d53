package engine

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	b, _ := os.ReadFile("/tmp/probe.txt")
	s := newSession(t)
	for _, c := range strings.Split(string(b), "\n====\n") {
		r := s.run(t, c)
		t.Logf("CELL:\n%s\n-> stdout=%q result=%q err=%q", c, r.stdout, r.result, r.err)
	}
}
