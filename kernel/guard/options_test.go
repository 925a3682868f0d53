package guard

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"
)

func TestFromEnv(t *testing.T) {
	def := Options{}.withDefaults()
	tests := []struct {
		name string
		env  map[string]string
		want Options
	}{
		{"unset", nil, def},
		{"max message", map[string]string{EnvMaxMessage: "1048576"},
			func() Options { o := def; o.MaxFrame, o.MaxMessage = 1<<20, 1<<20; return o }()},
		{"hwm", map[string]string{EnvIOPubHWM: " 50 "},
			func() Options { o := def; o.HighWaterMessages = 50; return o }()},
		{"invalid", map[string]string{EnvMaxMessage: "lots", EnvIOPubHWM: "-3"}, def},
		{"zero", map[string]string{EnvMaxMessage: "0", EnvIOPubHWM: "0"}, def},
		{"hwm overflow", map[string]string{EnvIOPubHWM: "99999999999"}, def},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromEnv(func(k string) string { return tt.env[k] })
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	got := Options{}.withDefaults()
	want := Options{
		MaxFrame: 256 << 20, MaxMessage: 256 << 20, HandshakeTimeout: DefaultHandshakeTimeout,
		HighWaterMessages: 1000, HighWaterBytes: 64 << 20, MaxPendingHandshakes: 128, Linger: DefaultLinger,
	}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	set := Options{MaxFrame: 1, MaxMessage: 2, HandshakeTimeout: 3, HighWaterMessages: 4,
		HighWaterBytes: 5, MaxPendingHandshakes: 6, Linger: 7}
	if set.withDefaults() != set {
		t.Fatalf("set fields changed: %+v", set.withDefaults())
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct{ transport, addr, want string }{
		{"tcp", "127.0.0.1:5555", "gktcp://127.0.0.1:5555"},
		{"TCP", "*:0", "gktcp://*:0"},
		{"ipc", "/tmp/kernel-1", "gkipc:///tmp/kernel-1"},
		{"inproc", "x", "inproc://x"},
		{"gktcp", "h:1", "gktcp://h:1"},
	}
	for _, tt := range tests {
		if got := Endpoint(tt.transport, tt.addr); got != tt.want {
			t.Errorf("Endpoint(%q, %q) = %q, want %q", tt.transport, tt.addr, got, tt.want)
		}
	}
}

func TestRegister(t *testing.T) {
	for range 2 {
		if err := Register(Options{}); err != nil {
			t.Fatal(err)
		}
	}
	names := zmq4.Transports()
	if !slices.Contains(names, TCP) || !slices.Contains(names, IPC) {
		t.Fatalf("transports %q", names)
	}
}

func TestAddr(t *testing.T) {
	tests := []struct {
		network, ep, want string
		wantErr           bool
	}{
		{"tcp", "127.0.0.1:5555", "127.0.0.1:5555", false},
		{"tcp", "*:*", "0.0.0.0:0", false},
		{"tcp", "nope", "", true},
		{"unix", "/tmp/k", "/tmp/k", false},
	}
	for _, tt := range tests {
		got, err := guarded{network: tt.network}.Addr(tt.ep)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("Addr(%q) on %s = %q, %v", tt.ep, tt.network, got, err)
		}
	}
}

func TestCheckEnv(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string // part of the error; "" for none
	}{
		{map[string]string{}, ""},
		{map[string]string{EnvMaxMessage: "1048576", EnvIOPubHWM: "500"}, ""},
		{map[string]string{EnvMaxMessage: "lots"}, EnvMaxMessage + `="lots" is not a positive integer`},
		{map[string]string{EnvIOPubHWM: "-3"}, EnvIOPubHWM + `="-3" is not a positive integer`},
	}
	for _, tc := range tests {
		err := checkEnv(func(k string) string { return tc.env[k] })
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%v: error %v, want %q", tc.env, err, tc.want)
		}
	}
}
