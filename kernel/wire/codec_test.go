package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aulago/gokernel/kernel/wire"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		key  string // "" for an unsigned codec
		msg  wire.Message
		// wantParent, wantMetadata and wantContent are the exact bytes
		// expected both in the encoded frames and after decoding.
		wantParent, wantMetadata, wantContent string
	}{
		{
			name:         "minimal nil parts become {}",
			key:          testKey,
			msg:          wire.Message{Header: fixedHeader("kernel_info_request")},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  "{}",
		},
		{
			name: "JSON null parts become {}",
			key:  testKey,
			msg: wire.Message{
				Header:       fixedHeader("kernel_info_request"),
				ParentHeader: json.RawMessage("null"),
				Metadata:     json.RawMessage("null"),
				Content:      json.RawMessage("null"),
			},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  "{}",
		},
		{
			name: "empty non-nil parts become {}",
			key:  testKey,
			msg: wire.Message{
				Header:       fixedHeader("kernel_info_request"),
				ParentHeader: json.RawMessage{},
				Metadata:     json.RawMessage{},
				Content:      json.RawMessage{},
			},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  "{}",
		},
		{
			name: "identities and buffers",
			key:  testKey,
			msg: wire.Message{
				Identities: [][]byte{[]byte("router-id-1"), {0x00, 0x80, 0xff, 0x01}},
				Header:     fixedHeader("comm_msg"),
				Content:    json.RawMessage(`{"comm_id":"c1","data":{}}`),
				Buffers:    [][]byte{{0x00, 0x01, 0x02}, {}, []byte("<IDS|MSG>"), {0xde, 0xad, 0xbe, 0xef}},
			},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  `{"comm_id":"c1","data":{}}`,
		},
		{
			name: "raw parent header kept byte for byte",
			key:  testKey,
			msg: wire.Message{
				Header: fixedHeader("execute_reply"),
				// Odd spacing, key order, escapes and an unknown field
				// must all survive: a reply echoes its parent verbatim.
				ParentHeader: json.RawMessage(`{ "version" : "5.3", "msg_id":"p\u00e9re",` + "\n\t" + `"subshell_id":null, "date":"2024-01-02T03:04:05.123456+01:00" }`),
				Metadata:     json.RawMessage(`{"started":"2024-01-02T03:04:05Z"}`),
				Content:      json.RawMessage(`{"status":"ok","execution_count":3,"user_expressions":{}}`),
			},
			wantParent:   `{ "version" : "5.3", "msg_id":"p\u00e9re",` + "\n\t" + `"subshell_id":null, "date":"2024-01-02T03:04:05.123456+01:00" }`,
			wantMetadata: `{"started":"2024-01-02T03:04:05Z"}`,
			wantContent:  `{"status":"ok","execution_count":3,"user_expressions":{}}`,
		},
		{
			name: "unicode in header and content",
			key:  testKey,
			msg: wire.Message{
				Header:  wire.Header{MsgID: "ü-1", Session: "séance", Username: "名前", Date: "2024-01-02T03:04:05Z", MsgType: "stream", Version: "5.3"},
				Content: json.RawMessage(`{"name":"stdout","text":"héllo ✓\n"}`),
			},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  `{"name":"stdout","text":"héllo ✓\n"}`,
		},
		{
			name: "unsigned codec",
			key:  "",
			msg: wire.Message{
				Identities: [][]byte{[]byte("id")},
				Header:     fixedHeader("status"),
				Content:    json.RawMessage(`{"execution_state":"idle"}`),
			},
			wantParent:   "{}",
			wantMetadata: "{}",
			wantContent:  `{"execution_state":"idle"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCodec(t, "hmac-sha256", tt.key)
			frames := mustEncode(t, c, &tt.msg)

			// Layout: identities, delimiter, signature, 4 JSON parts, buffers.
			nID := len(tt.msg.Identities)
			if want := nID + 6 + len(tt.msg.Buffers); len(frames) != want {
				t.Fatalf("Encode gave %d frames, want %d: %s", len(frames), want, showFrames(frames))
			}
			if !bytes.Equal(frames[nID], []byte("<IDS|MSG>")) {
				t.Errorf("frame %d = %q, want the delimiter", nID, frames[nID])
			}
			for i, want := range []string{tt.wantParent, tt.wantMetadata, tt.wantContent} {
				if got := string(frames[nID+3+i]); got != want {
					t.Errorf("encoded JSON frame %d = %q, want %q", nID+3+i, got, want)
				}
			}
			wantSig := []byte{}
			if tt.key != "" {
				wantSig = hmacHex(tt.key, frames[nID+2:nID+6]...)
			}
			if sig := wire.Signature(frames); !bytes.Equal(sig, wantSig) {
				t.Errorf("signature = %q, want %q", sig, wantSig)
			}

			got, err := c.Decode(cloneFrames(frames))
			if err != nil {
				t.Fatalf("Decode: %v\nframes: %s", err, showFrames(frames))
			}
			if got.Header != tt.msg.Header {
				t.Errorf("header = %+v, want %+v", got.Header, tt.msg.Header)
			}
			if !equalFrames(got.Identities, tt.msg.Identities) {
				t.Errorf("identities = %s, want %s", showFrames(got.Identities), showFrames(tt.msg.Identities))
			}
			if !equalFrames(got.Buffers, tt.msg.Buffers) {
				t.Errorf("buffers = %s, want %s", showFrames(got.Buffers), showFrames(tt.msg.Buffers))
			}
			for _, p := range []struct {
				name      string
				got, want string
			}{
				{"parent_header", string(got.ParentHeader), tt.wantParent},
				{"metadata", string(got.Metadata), tt.wantMetadata},
				{"content", string(got.Content), tt.wantContent},
			} {
				if p.got != p.want {
					t.Errorf("decoded %s = %q, want %q", p.name, p.got, p.want)
				}
			}
		})
	}
}

// TestDecodeCopiesJSON checks that the decoded JSON parts do not alias the
// frames, which a socket library may reuse.
func TestDecodeCopiesJSON(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", testKey)
	frames := signedFrames(testKey, nil,
		`{"msg_id":"m","msg_type":"execute_request"}`, `{"msg_id":"p"}`, `{"m":1}`, `{"code":"x"}`)
	m, err := c.Decode(frames)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	for i := 3; i < 6; i++ {
		for j := range frames[i] {
			frames[i][j] = 'X'
		}
	}
	if string(m.ParentHeader) != `{"msg_id":"p"}` || string(m.Metadata) != `{"m":1}` || string(m.Content) != `{"code":"x"}` {
		t.Errorf("decoded parts changed with the frames: %q %q %q", m.ParentHeader, m.Metadata, m.Content)
	}
}

// TestDecodeIdentitiesDoNotClobberFrames checks that appending to the
// decoded identities does not overwrite the caller's frames.
func TestDecodeIdentitiesDoNotClobberFrames(t *testing.T) {
	c := mustCodec(t, "hmac-sha256", testKey)
	frames := signedFrames(testKey, [][]byte{[]byte("id")}, `{}`, `{}`, `{}`, `{}`)
	m, err := c.Decode(frames)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	m.Identities = append(m.Identities, []byte("extra"))
	if !bytes.Equal(frames[1], []byte("<IDS|MSG>")) {
		t.Errorf("appending to Identities overwrote frame 1 with %q", frames[1])
	}
}

// The expected signature was computed outside Go, with
//
//	python3 -c 'import hmac, hashlib
//	key = b"a0436f6c-1916-498b-8eb9-e81ab9368e84"
//	msg = (b"{\"msg_id\":\"3f1c2a4e-0000-4000-8000-000000000001\",\"session\":\"sess-1\",\"username\":\"alice\",\"date\":\"2024-01-02T03:04:05.000000Z\",\"msg_type\":\"execute_request\",\"version\":\"5.3\"}"
//	       b"{}" b"{}" b"{\"code\":\"1+1\",\"silent\":false}")
//	print(hmac.new(key, msg, hashlib.sha256).hexdigest())'
//
// which is what jupyter_client's Session.sign does: one HMAC over the header,
// parent header, metadata and content frames in that order.
const (
	pyHeader   = `{"msg_id":"3f1c2a4e-0000-4000-8000-000000000001","session":"sess-1","username":"alice","date":"2024-01-02T03:04:05.000000Z","msg_type":"execute_request","version":"5.3"}`
	pyContent  = `{"code":"1+1","silent":false}`
	pySig      = "0cf5e12209232d2bd3d753e02a0438d2af494a66d7e38979bf13d1ab90254722"
	pySigOther = "9ff52cb33dd35ce6966d04cbd9409827a4c1284999a647858a0cf110b316b9e2" // same message, key "other-key"
)

func TestSignatureMatchesPython(t *testing.T) {
	msg := &wire.Message{
		Header:  fixedHeader("execute_request"),
		Content: json.RawMessage(pyContent),
	}
	tests := []struct {
		name string
		key  string
		want string
	}{
		{"connection key", testKey, pySig},
		{"other key", "other-key", pySigOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames := mustEncode(t, mustCodec(t, "hmac-sha256", tt.key), msg)
			// The frames must be exactly those that were signed in Python.
			want := [][]byte{[]byte("<IDS|MSG>"), []byte(tt.want), []byte(pyHeader), []byte("{}"), []byte("{}"), []byte(pyContent)}
			if !equalFrames(frames, want) {
				t.Fatalf("Encode =\n%s\nwant\n%s", showFrames(frames), showFrames(want))
			}
			// And the Go-side independent HMAC agrees with Python.
			if got := string(hmacHex(tt.key, want[2:]...)); got != tt.want {
				t.Fatalf("crypto/hmac in the test = %s, Python = %s", got, tt.want)
			}
		})
	}

	// Decoding the Python-signed frames (written out by hand, not by Encode)
	// must succeed, also with an upper-case hex signature.
	for _, sig := range []string{pySig, string(bytes.ToUpper([]byte(pySig)))} {
		t.Run("decode "+sig[:8], func(t *testing.T) {
			frames := [][]byte{[]byte("<IDS|MSG>"), []byte(sig), []byte(pyHeader), []byte("{}"), []byte("{}"), []byte(pyContent)}
			m, err := mustCodec(t, "hmac-sha256", testKey).Decode(frames)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if m.Header != fixedHeader("execute_request") || string(m.Content) != pyContent {
				t.Errorf("Decode = %+v %q", m.Header, m.Content)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	const (
		hdr = `{"msg_id":"m1","session":"s","username":"u","date":"2024-01-02T03:04:05Z","msg_type":"execute_request","version":"5.3"}`
		obj = `{}`
	)
	valid := signedFrames(testKey, [][]byte{[]byte("id")}, hdr, obj, obj, `{"code":"1"}`)
	tampered := cloneFrames(valid)
	tampered[6] = []byte(`{"code":"2"}`)
	withBuffersMoved := cloneFrames(valid)
	withBuffersMoved[2] = hmacHex(testKey, []byte(hdr), []byte(obj), []byte(obj), []byte(`{"code":"1"}`), []byte("buf"))
	withBuffersMoved = append(withBuffersMoved, []byte("buf"))
	truncatedSig := cloneFrames(valid)
	truncatedSig[2] = truncatedSig[2][:63]

	tests := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no frames", nil, wire.ErrNoDelimiter},
		{"missing delimiter", [][]byte{[]byte("id"), []byte(pySig), []byte(hdr), []byte(obj), []byte(obj), []byte(obj)}, wire.ErrNoDelimiter},
		{"delimiter with different case", [][]byte{[]byte("<ids|msg>"), []byte(pySig), []byte(hdr), []byte(obj), []byte(obj), []byte(obj)}, wire.ErrNoDelimiter},
		{"delimiter only", [][]byte{[]byte("<IDS|MSG>")}, wire.ErrShort},
		{"no content frame", valid[:6], wire.ErrShort},
		{"signature and header only", valid[:4], wire.ErrShort},
		{"bad signature: tampered content", tampered, wire.ErrBadSignature},
		{"bad signature: garbage", replaceFrame(valid, 2, []byte("not-a-signature")), wire.ErrBadSignature},
		{"bad signature: empty", replaceFrame(valid, 2, []byte{}), wire.ErrBadSignature},
		{"bad signature: truncated", truncatedSig, wire.ErrBadSignature},
		{"bad signature: covers buffers", withBuffersMoved, wire.ErrBadSignature},
		{"signature with wrong key", signedFrames("other-key", nil, hdr, obj, obj, obj), wire.ErrBadSignature},
		{"Python signature with wrong key", [][]byte{[]byte("<IDS|MSG>"), []byte(pySigOther), []byte(pyHeader), []byte(obj), []byte(obj), []byte(pyContent)}, wire.ErrBadSignature},
		{"invalid JSON header", signedFrames(testKey, nil, `{"msg_id":`, obj, obj, obj), wire.ErrBadJSON},
		{"header of wrong type", signedFrames(testKey, nil, `{"msg_id":42}`, obj, obj, obj), wire.ErrBadJSON},
		{"header not an object", signedFrames(testKey, nil, `["msg_id"]`, obj, obj, obj), wire.ErrBadJSON},
		{"header null", signedFrames(testKey, nil, `null`, obj, obj, obj), wire.ErrBadJSON},
		{"invalid JSON parent header", signedFrames(testKey, nil, hdr, `{"msg_id"}`, obj, obj), wire.ErrBadJSON},
		{"empty parent header", signedFrames(testKey, nil, hdr, ``, obj, obj), wire.ErrBadJSON},
		{"parent header not an object", signedFrames(testKey, nil, hdr, `"x"`, obj, obj), wire.ErrBadJSON},
		{"invalid JSON metadata", signedFrames(testKey, nil, hdr, obj, `{,}`, obj), wire.ErrBadJSON},
		{"metadata null", signedFrames(testKey, nil, hdr, obj, `null`, obj), wire.ErrBadJSON},
		{"invalid JSON content", signedFrames(testKey, nil, hdr, obj, obj, `{"code":"1"`), wire.ErrBadJSON},
		{"content with trailing garbage", signedFrames(testKey, nil, hdr, obj, obj, `{} x`), wire.ErrBadJSON},
		{"content array", signedFrames(testKey, nil, hdr, obj, obj, `[]`), wire.ErrBadJSON},
		{"content null", signedFrames(testKey, nil, hdr, obj, obj, `null`), wire.ErrBadJSON},
	}
	c := mustCodec(t, "hmac-sha256", testKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := c.Decode(tt.frames)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode(%s) error = %v, want %v", showFrames(tt.frames), err, tt.want)
			}
			if m != nil {
				t.Errorf("Decode returned a message with error %v: %+v", err, m)
			}
		})
	}

	// The unmodified message is accepted, so the rejections above are due to
	// the modifications.
	if _, err := c.Decode(valid); err != nil {
		t.Fatalf("Decode(valid): %v", err)
	}
}

func replaceFrame(frames [][]byte, i int, f []byte) [][]byte {
	out := cloneFrames(frames)
	out[i] = f
	return out
}

func TestNewCodec(t *testing.T) {
	tests := []struct {
		name, scheme, key string
		wantErr           error
		wantSigned        bool
	}{
		{"hmac-sha256", "hmac-sha256", testKey, nil, true},
		{"empty key, empty scheme", "", "", nil, false},
		{"empty key, hmac-sha256", "hmac-sha256", "", nil, false},
		{"hmac-md5", "hmac-md5", testKey, wire.ErrBadScheme, false},
		{"hmac-sha1", "hmac-sha1", testKey, wire.ErrBadScheme, false},
		{"sha256 without hmac", "sha256", testKey, wire.ErrBadScheme, false},
		{"empty scheme with key", "", testKey, wire.ErrBadScheme, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := wire.NewCodec(tt.scheme, tt.key)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("NewCodec(%q, %q) error = %v, want %v", tt.scheme, tt.key, err, tt.wantErr)
			}
			if err != nil {
				if c != nil {
					t.Errorf("NewCodec returned a codec with error %v", err)
				}
				return
			}
			frames := mustEncode(t, c, &wire.Message{Header: fixedHeader("status")})
			sig := wire.Signature(frames)
			if signed := len(sig) > 0; signed != tt.wantSigned {
				t.Errorf("signature %q, want signed = %v", sig, tt.wantSigned)
			}
		})
	}
}

func TestUnsignedCodec(t *testing.T) {
	const hdr = `{"msg_id":"m1","msg_type":"status"}`
	tests := []struct {
		name  string
		codec *wire.Codec
	}{
		{"NewCodec with empty key", mustCodec(t, "", "")},
		{"zero Codec", &wire.Codec{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames := mustEncode(t, tt.codec, &wire.Message{Header: fixedHeader("status")})
			if sig := wire.Signature(frames); sig == nil || len(sig) != 0 {
				t.Errorf("unsigned Encode signature frame = %#v, want empty and present", sig)
			}
			for _, sig := range [][]byte{{}, nil} {
				in := [][]byte{[]byte("<IDS|MSG>"), sig, []byte(hdr), []byte("{}"), []byte("{}"), []byte(`{"execution_state":"busy"}`)}
				m, err := tt.codec.Decode(in)
				if err != nil {
					t.Fatalf("Decode with empty signature: %v", err)
				}
				if m.Header.MsgID != "m1" || string(m.Content) != `{"execution_state":"busy"}` {
					t.Errorf("Decode = %+v %q", m.Header, m.Content)
				}
			}
			// An unsigned codec still checks the structure and the JSON.
			if _, err := tt.codec.Decode([][]byte{[]byte("<IDS|MSG>"), {}, []byte(hdr), []byte("{}"), []byte("{}")}); !errors.Is(err, wire.ErrShort) {
				t.Errorf("Decode of 4 frames: error = %v, want ErrShort", err)
			}
			if _, err := tt.codec.Decode([][]byte{[]byte("<IDS|MSG>"), {}, []byte(hdr), []byte("{"), []byte("{}"), []byte("{}")}); !errors.Is(err, wire.ErrBadJSON) {
				t.Errorf("Decode of bad parent: error = %v, want ErrBadJSON", err)
			}
		})
	}

	// A signed codec does not accept what an unsigned one produces.
	frames := mustEncode(t, mustCodec(t, "", ""), &wire.Message{Header: fixedHeader("status")})
	if _, err := mustCodec(t, "hmac-sha256", testKey).Decode(frames); !errors.Is(err, wire.ErrBadSignature) {
		t.Errorf("signed Decode of unsigned frames: error = %v, want ErrBadSignature", err)
	}
}

func TestSignature(t *testing.T) {
	tests := []struct {
		name   string
		frames [][]byte
		want   []byte
	}{
		{"nil", nil, nil},
		{"no delimiter", [][]byte{[]byte("a"), []byte("b")}, nil},
		{"delimiter last", [][]byte{[]byte("id"), []byte("<IDS|MSG>")}, nil},
		{"after delimiter", [][]byte{[]byte("id"), []byte("<IDS|MSG>"), []byte("abc"), []byte("{}")}, []byte("abc")},
		{"first delimiter wins", [][]byte{[]byte("<IDS|MSG>"), []byte("one"), []byte("<IDS|MSG>"), []byte("two")}, []byte("one")},
		{"empty signature", [][]byte{[]byte("<IDS|MSG>"), {}}, []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wire.Signature(tt.frames)
			if !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("Signature(%s) = %#v, want %#v", showFrames(tt.frames), got, tt.want)
			}
		})
	}
}
