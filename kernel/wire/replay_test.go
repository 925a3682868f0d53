package wire_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/wire"
)

func TestReplayGuard(t *testing.T) {
	type step struct {
		sig  string
		date int // seconds after a fixed time; -1: no date
		want bool
	}
	tests := []struct {
		name  string
		n     int
		steps []step
	}{
		{
			name:  "duplicate detected",
			n:     4,
			steps: []step{{"a", 1, false}, {"b", 2, false}, {"a", 1, true}, {"b", 2, true}, {"a", 1, true}},
		},
		{
			name:  "distinct signatures are not duplicates",
			n:     4,
			steps: []step{{"a", 1, false}, {"b", 2, false}, {"c", 3, false}, {"d", 4, false}},
		},
		{
			name:  "case does not make a signature new",
			n:     4,
			steps: []step{{"ab", 1, false}, {"aB", 1, true}, {"AB", 1, true}},
		},
		{
			name: "forgotten signatures are still replays, by date",
			n:    2,
			steps: []step{
				{"a", 1, false}, {"b", 2, false},
				{"c", 3, false}, // forgets a: watermark 1
				{"a", 1, true},  // dated at the watermark
				{"d", 4, false}, // forgets b: watermark 2
				{"b", 2, true}, {"B", 2, true},
				{"e", 3, false}, // new, after the watermark
			},
		},
		{
			name:  "no date is accepted until something is forgotten",
			n:     2,
			steps: []step{{"a", -1, false}, {"b", -1, false}, {"c", 3, false}, {"d", -1, true}, {"e", 4, false}},
		},
		{
			name:  "empty signature never a duplicate",
			n:     4,
			steps: []step{{"", 1, false}, {"", 1, false}, {"x", 2, false}, {"", 1, false}, {"x", 2, true}},
		},
		{
			name:  "empty signatures do not evict",
			n:     2,
			steps: []step{{"a", 1, false}, {"b", 2, false}, {"", 3, false}, {"", 3, false}, {"a", 1, true}, {"b", 2, true}},
		},
		{
			name:  "n = 0 remembers nothing",
			n:     0,
			steps: []step{{"a", 1, false}, {"a", 1, false}},
		},
	}
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := wire.NewReplayGuard(tt.n)
			for i, s := range tt.steps {
				date := ""
				if s.date >= 0 {
					date = base.Add(time.Duration(s.date) * time.Second).Format("2006-01-02T15:04:05.000000Z07:00")
				}
				if got := g.Seen([]byte(s.sig), date); got != s.want {
					t.Fatalf("step %d: Seen(%q, %q) = %v, want %v", i, s.sig, date, got, s.want)
				}
			}
		})
	}
}

// Dates as Jupyter clients write them parse.
func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-12-01T10:00:00.123456Z", "2026-12-01T10:00:00.123456+00:00", "2026-12-01T10:00:00.123456", "2026-12-01T10:00:00Z"} {
		if _, err := wire.ParseDate(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := wire.ParseDate("yesterday"); err == nil {
		t.Error(`"yesterday" parsed`)
	}
}

func TestReplayGuardNilSignature(t *testing.T) {
	g := wire.NewReplayGuard(2)
	for i := range 3 {
		if g.Seen(nil, "") {
			t.Fatalf("call %d: Seen(nil) = true", i)
		}
	}
}

// TestReplayGuardCopiesSignature checks that the guard does not keep the
// caller's slice, which a socket library may reuse for the next message.
func TestReplayGuardCopiesSignature(t *testing.T) {
	g := wire.NewReplayGuard(4)
	buf := []byte("sig-1")
	g.Seen(buf, "")
	copy(buf, "sig-2")
	if g.Seen(buf, "") {
		t.Fatal(`"sig-2" reported as seen after only "sig-1" was recorded in the same buffer`)
	}
	if !g.Seen([]byte("sig-1"), "") {
		t.Fatal(`"sig-1" forgotten`)
	}
}

// TestReplayGuardWithCodec drops a message received twice.
func TestReplayGuardWithCodec(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", testKey)
	g := wire.NewReplayGuard(16)
	var sent [][][]byte
	h0 := fixedHeader("execute_request")
	for i := range 3 {
		h := fixedHeader("execute_request")
		h.MsgID = fmt.Sprint("msg-", i)
		sent = append(sent, mustEncode(t, c, &wire.Message{Header: h}))
	}
	received := [][][]byte{sent[0], sent[1], sent[0], sent[2], sent[1]}
	want := []bool{false, false, true, false, true}
	for i, frames := range received {
		if got := g.Seen(wire.Signature(frames), h0.Date); got != want[i] {
			t.Errorf("message %d: Seen = %v, want %v", i, got, want[i])
		}
	}
}
