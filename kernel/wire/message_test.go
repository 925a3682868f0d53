package wire_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/wire"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewHeader(t *testing.T) {
	tests := []struct {
		name                       string
		msgType, session, username string
	}{
		{"status", "status", "sess-1", "kernel"},
		{"execute_reply", "execute_reply", "9b0c", "alice"},
		{"empty fields", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now().Add(-time.Second)
			h := wire.NewHeader(tt.msgType, tt.session, tt.username)
			after := time.Now().Add(time.Second)

			if !uuidRE.MatchString(h.MsgID) {
				t.Errorf("MsgID = %q, want a canonical lower-case version 4 UUID", h.MsgID)
			}
			if h.Version != "5.3" || wire.ProtocolVersion != "5.3" {
				t.Errorf("Version = %q, ProtocolVersion = %q, want 5.3", h.Version, wire.ProtocolVersion)
			}
			if h.MsgType != tt.msgType || h.Session != tt.session || h.Username != tt.username {
				t.Errorf("header = %+v, want msg_type %q session %q username %q", h, tt.msgType, tt.session, tt.username)
			}
			d, err := time.Parse(time.RFC3339, h.Date)
			if err != nil {
				t.Fatalf("Date %q is not RFC 3339: %v", h.Date, err)
			}
			if d.Before(before) || d.After(after) {
				t.Errorf("Date %v not within [%v, %v]", d, before, after)
			}
			if _, off := d.Zone(); off != 0 {
				t.Errorf("Date %q not in UTC", h.Date)
			}
		})
	}
}

func TestNewHeaderUniqueIDs(t *testing.T) {
	const n = 10000
	seen := make(map[string]bool, n)
	for i := range n {
		id := wire.NewHeader("status", "s", "u").MsgID
		if seen[id] {
			t.Fatalf("call %d: msg_id %q repeated", i, id)
		}
		seen[id] = true
	}
}

func TestReply(t *testing.T) {
	request := fixedHeader("execute_request")
	tests := []struct {
		name        string
		req         wire.Message
		content     any
		wantContent string
	}{
		{
			name: "with identities",
			req: wire.Message{
				Identities: [][]byte{[]byte("router-a"), []byte("router-b")},
				Header:     request,
				Content:    json.RawMessage(`{"code":"1"}`),
			},
			content:     map[string]any{"status": "ok", "execution_count": 1},
			wantContent: `{"execution_count":1,"status":"ok"}`,
		},
		{
			name:        "no identities, nil content",
			req:         wire.Message{Header: request},
			content:     nil,
			wantContent: `null`,
		},
		{
			name: "struct content",
			req:  wire.Message{Identities: [][]byte{[]byte("x")}, Header: request},
			content: struct {
				Status string `json:"status"`
			}{"ok"},
			wantContent: `{"status":"ok"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.req.Reply("execute_reply", "kernel-session", tt.content)
			if err != nil {
				t.Fatalf("Reply: %v", err)
			}
			if !equalFrames(r.Identities, tt.req.Identities) {
				t.Errorf("identities = %s, want %s", showFrames(r.Identities), showFrames(tt.req.Identities))
			}
			var parent wire.Header
			if err := json.Unmarshal(r.ParentHeader, &parent); err != nil {
				t.Fatalf("parent header %q: %v", r.ParentHeader, err)
			}
			if parent != tt.req.Header {
				t.Errorf("parent header = %+v, want %+v", parent, tt.req.Header)
			}
			if string(r.Content) != tt.wantContent {
				t.Errorf("content = %s, want %s", r.Content, tt.wantContent)
			}
			h := r.Header
			if h.MsgType != "execute_reply" || h.Session != "kernel-session" || h.Username != request.Username || h.Version != wire.ProtocolVersion {
				t.Errorf("header = %+v", h)
			}
			if h.MsgID == request.MsgID || !uuidRE.MatchString(h.MsgID) {
				t.Errorf("reply msg_id = %q, want a fresh UUID", h.MsgID)
			}
		})
	}
}

// TestReplyThroughCodec decodes a request, replies, and checks that the
// reply on the wire carries the request's header as parent.
func TestReplyThroughCodec(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", testKey)
	in := mustEncode(t, c, &wire.Message{
		Identities: [][]byte{[]byte("client")},
		Header:     fixedHeader("kernel_info_request"),
	})
	req, err := c.Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	r, err := req.Reply("kernel_info_reply", "k", map[string]string{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	out := mustEncode(t, c, r)
	if string(out[0]) != "client" {
		t.Errorf("reply identity = %q, want client", out[0])
	}
	// The request's header frame (index 3) becomes the reply's parent (index 4).
	if string(out[4]) != string(in[3]) {
		t.Errorf("reply parent frame = %s, want request header %s", out[4], in[3])
	}
}

func TestReplyError(t *testing.T) {
	m := &wire.Message{Header: fixedHeader("execute_request")}
	var ute *json.UnsupportedTypeError
	if _, err := m.Reply("execute_reply", "s", make(chan int)); !errors.As(err, &ute) {
		t.Errorf("Reply with a channel: error = %v, want *json.UnsupportedTypeError", err)
	}
}

func TestDecodeContent(t *testing.T) {
	type content struct {
		Code   string `json:"code"`
		Silent bool   `json:"silent"`
	}
	tests := []struct {
		name    string
		raw     json.RawMessage
		want    content
		wantErr bool
	}{
		{"nil is {}", nil, content{}, false},
		{"object", json.RawMessage(`{"code":"1+1","silent":true}`), content{"1+1", true}, false},
		{"wrong type", json.RawMessage(`{"code":1}`), content{}, true},
		{"invalid", json.RawMessage(`{`), content{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got content
			err := (&wire.Message{Content: tt.raw}).DecodeContent(&got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeContent error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && got != tt.want {
				t.Errorf("DecodeContent = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A reply's parent header is the request's header as received, with the
// fields this package does not model (subshell_id) kept.
func TestReplyKeepsUnknownHeaderFields(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", "k")
	raw := `{"msg_id":"1","session":"s","username":"u","date":"","msg_type":"execute_request","version":"5.3","subshell_id":"sub-1"}`
	m, err := c.Decode(signedFrames("k", nil, raw, "{}", "{}", "{}"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Reply("execute_reply", "s", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if string(r.ParentHeader) != raw {
		t.Fatalf("parent header %s, want %s", r.ParentHeader, raw)
	}
}
