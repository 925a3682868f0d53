package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarkScanner(t *testing.T) {
	mk := string(marker(7))
	pos := string(PanicMark(3, 5))
	tests := []struct {
		name   string
		chunks []string
		text   string
		marks  string
	}{
		{"plain", []string{"hello\n"}, "hello\n", ""},
		{"mark alone", []string{mk}, "", "gok:7,"},
		{"text around", []string{"a" + mk + "b"}, "ab", "gok:7,"},
		{"mark cut in two", []string{"a" + mk[:5], mk[5:] + "b"}, "ab", "gok:7,"},
		{"mark cut at every byte", strings.Split("x"+mk+pos+"y", ""), "xy", "gok:7,pos:3:5,"},
		{"escape that is not a mark", []string{"\x1b[31mred\x1b[0m"}, "\x1b[31mred\x1b[0m", ""},
		{"unterminated prefix long", []string{markerPrefix + strings.Repeat("z", 100)}, markerPrefix + strings.Repeat("z", 100), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var sc markScanner
			var text, marks strings.Builder
			for _, c := range tc.chunks {
				sc.feed([]byte(c), func(b []byte) { text.Write(b) }, func(m string) { marks.WriteString(m + ",") })
			}
			text.Write(sc.flush())
			if text.String() != tc.text || marks.String() != tc.marks {
				t.Errorf("text %q marks %q, want %q %q", text.String(), marks.String(), tc.text, tc.marks)
			}
		})
	}
}

func TestCompleteUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"olá", 4}, {"ol\xc3", 2}, {"\xe2\x82", 0}, {"€", 3}, {"", 0},
	}
	for _, tc := range tests {
		if got := completeUTF8([]byte(tc.in)); got != tc.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestLoadConnection(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		_ = os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	good := `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}`
	tests := []struct {
		name, path, wantErr string
	}{
		{"good", write("good.json", good), ""},
		{"missing", filepath.Join(dir, "nope.json"), "no such file"},
		{"not json", write("bad.json", "{"), "not valid JSON"},
		{"no port", write("noport.json", `{"ip":"127.0.0.1","shell_port":1}`), "control_port"},
		{"bad transport", write("udp.json", strings.Replace(good, `"tcp"`, `"udp"`, 1)), "transport"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ci, err := LoadConnection(tc.path)
			if tc.wantErr == "" {
				if err != nil || ci.Endpoint(ci.ShellPort) != "tcp://127.0.0.1:1" {
					t.Fatalf("%v %+v", err, ci)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %v, want one naming the file and %q", err, tc.wantErr)
			}
		})
	}
}
