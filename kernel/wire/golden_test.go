package wire_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/aulago/gokernel/kernel/wire"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files from the current Encode output")

// render writes frames one per line, labelled by their role. Printable UTF-8
// frames are written as they are, others in hex.
func render(frames [][]byte) []byte {
	var b bytes.Buffer
	delim := -1
	for i, f := range frames {
		if bytes.Equal(f, wire.Delimiter) {
			delim = i
			break
		}
	}
	roles := []string{"delimiter", "signature", "header", "parent_header", "metadata", "content"}
	for i, f := range frames {
		var label string
		switch {
		case delim < 0 || i < delim:
			label = fmt.Sprintf("identity[%d]", i)
		case i-delim < len(roles):
			label = roles[i-delim]
		default:
			label = fmt.Sprintf("buffer[%d]", i-delim-len(roles))
		}
		switch {
		case len(f) == 0:
			fmt.Fprintf(&b, "%s (empty)\n", label)
		case printable(f):
			fmt.Fprintf(&b, "%s: %s\n", label, f)
		default:
			fmt.Fprintf(&b, "%s (hex): %s\n", label, hex.EncodeToString(f))
		}
	}
	return b.Bytes()
}

func printable(f []byte) bool {
	if !utf8.Valid(f) {
		return false
	}
	for _, r := range string(f) {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func TestEncodeGolden(t *testing.T) {
	request := fixedHeader("execute_request")
	requestJSON, err := json.Marshal(request)
	if err != nil {
		t.Fatal(err)
	}
	reply := fixedHeader("execute_reply")
	reply.MsgID = "3f1c2a4e-0000-4000-8000-000000000002"
	reply.Username = "kernel"
	reply.Date = "2024-01-02T03:04:05.250000Z"

	tests := []struct {
		name string // golden file is testdata/<name>.golden
		key  string
		msg  wire.Message
	}{
		{
			name: "execute_request",
			key:  testKey,
			msg: wire.Message{
				Identities: [][]byte{[]byte("6a1e2f7c-frontend")},
				Header:     request,
				Content:    json.RawMessage(`{"code":"print(\"hi\")","silent":false,"store_history":true,"user_expressions":{},"allow_stdin":true,"stop_on_error":true}`),
			},
		},
		{
			name: "execute_reply",
			key:  testKey,
			msg: wire.Message{
				Identities:   [][]byte{[]byte("6a1e2f7c-frontend")},
				Header:       reply,
				ParentHeader: requestJSON,
				Metadata:     json.RawMessage(`{"started":"2024-01-02T03:04:05.000100Z"}`),
				Content:      json.RawMessage(`{"status":"ok","execution_count":1,"user_expressions":{}}`),
			},
		},
		{
			name: "kernel_info_request_empty_parts",
			key:  testKey,
			msg:  wire.Message{Header: fixedHeader("kernel_info_request")},
		},
		{
			name: "comm_msg_unsigned_buffers",
			key:  "",
			msg: wire.Message{
				Identities: [][]byte{{0x00, 0x6b, 0x8b, 0x45, 0x67}},
				Header:     fixedHeader("comm_msg"),
				Content:    json.RawMessage(`{"comm_id":"c0ffee","data":{"method":"update","buffer_paths":[["value"]]}}`),
				Buffers:    [][]byte{{0x00, 0x01, 0xfe, 0xff}, []byte("plain text buffer")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames := mustEncode(t, mustCodec(t, "hmac-sha256", tt.key), &tt.msg)
			got := render(frames)
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Encode output differs from %s (run go test -update if the change is intended)\ngot:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}
