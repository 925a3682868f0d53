package wire_test

import (
	"fmt"
	"testing"

	"github.com/aulago/gokernel/kernel/wire"
)

func TestReplayGuard(t *testing.T) {
	type step struct {
		sig  string
		want bool // Seen's result
	}
	tests := []struct {
		name  string
		n     int
		steps []step
	}{
		{
			name:  "duplicate detected",
			n:     4,
			steps: []step{{"a", false}, {"b", false}, {"a", true}, {"b", true}, {"a", true}},
		},
		{
			name:  "distinct signatures are not duplicates",
			n:     4,
			steps: []step{{"a", false}, {"b", false}, {"c", false}, {"A", false}},
		},
		{
			name: "eviction after n",
			n:    3,
			steps: []step{
				{"a", false}, {"b", false}, {"c", false},
				{"a", true},  // still remembered: only 3 seen
				{"d", false}, // evicts a, the oldest
				{"b", true}, {"c", true}, {"d", true},
				{"a", false}, // forgotten, so new again; evicts b
				{"b", false}, // evicts c
				{"c", false}, // evicts d
				{"a", true}, {"b", true}, {"c", true},
			},
		},
		{
			name:  "n = 1 remembers only the last",
			n:     1,
			steps: []step{{"a", false}, {"a", true}, {"b", false}, {"a", false}, {"a", true}},
		},
		{
			name:  "empty signature never a duplicate",
			n:     4,
			steps: []step{{"", false}, {"", false}, {"x", false}, {"", false}, {"x", true}},
		},
		{
			name:  "empty signatures do not evict",
			n:     2,
			steps: []step{{"a", false}, {"b", false}, {"", false}, {"", false}, {"", false}, {"a", true}, {"b", true}},
		},
		{
			name:  "n = 0 remembers nothing",
			n:     0,
			steps: []step{{"a", false}, {"a", false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := wire.NewReplayGuard(tt.n)
			for i, s := range tt.steps {
				if got := g.Seen([]byte(s.sig)); got != s.want {
					t.Fatalf("step %d: Seen(%q) = %v, want %v", i, s.sig, got, s.want)
				}
			}
		})
	}
}

func TestReplayGuardNilSignature(t *testing.T) {
	g := wire.NewReplayGuard(2)
	for i := range 3 {
		if g.Seen(nil) {
			t.Fatalf("call %d: Seen(nil) = true", i)
		}
	}
}

// TestReplayGuardCopiesSignature checks that the guard does not keep the
// caller's slice, which a socket library may reuse for the next message.
func TestReplayGuardCopiesSignature(t *testing.T) {
	g := wire.NewReplayGuard(4)
	buf := []byte("sig-1")
	g.Seen(buf)
	copy(buf, "sig-2")
	if g.Seen(buf) {
		t.Fatal(`"sig-2" reported as seen after only "sig-1" was recorded in the same buffer`)
	}
	if !g.Seen([]byte("sig-1")) {
		t.Fatal(`"sig-1" forgotten`)
	}
}

// TestReplayGuardWithCodec drops a message received twice.
func TestReplayGuardWithCodec(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", testKey)
	g := wire.NewReplayGuard(16)
	var sent [][][]byte
	for i := range 3 {
		h := fixedHeader("execute_request")
		h.MsgID = fmt.Sprint("msg-", i)
		sent = append(sent, mustEncode(t, c, &wire.Message{Header: h}))
	}
	received := [][][]byte{sent[0], sent[1], sent[0], sent[2], sent[1]}
	want := []bool{false, false, true, false, true}
	for i, frames := range received {
		if got := g.Seen(wire.Signature(frames)); got != want[i] {
			t.Errorf("message %d: Seen = %v, want %v", i, got, want[i])
		}
	}
}
