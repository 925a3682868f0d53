package engine

import (
	"strings"
	"testing"
)

// A func of a cell that failed to compile is refused, not silently run.
func TestPoisonedNames(t *testing.T) {
	s := newSession(t)
	if r := s.run(t, "import \"time\""); r.err != "" {
		t.Fatal(r.err)
	}
	if r := s.run(t, "func g(x int) int { return x + 1 }\nfunc h() time.Duration { return undefinedThing }"); r.err == "" {
		t.Fatal("the bad cell compiled")
	}
	r := s.run(t, "g(1)")
	if !strings.Contains(r.err, "g was declared in a cell that failed to compile") {
		t.Fatalf("g(1): %+v", r)
	}
	// Fixing the cell makes g usable again.
	if r := s.run(t, "func g(x int) int { return x + 1 }\nfunc h() time.Duration { return time.Second }"); r.err != "" {
		t.Fatal(r.err)
	}
	if r := s.run(t, "g(1)"); r.result != "2" {
		t.Fatalf("g(1) after the fix: %+v", r)
	}
}

// A range over a func other than the known iterators of maps and slices
// gets a message that says what to write instead.
func TestRangeOverFuncHint(t *testing.T) {
	s := newSession(t)
	r := s.run(t, "func upTo3(yield func(int) bool) {\n\tfor i := 0; i < 3 && yield(i); i++ {\n\t}\n}\nfor k := range upTo3 { _ = k }")
	if r.err == "" {
		t.Skip("range over func works now")
	}
	tb := strings.Join(r.rec.errors[0].Traceback, "\n")
	if !strings.Contains(tb, "yield func") {
		t.Errorf("traceback %q", tb)
	}
}
