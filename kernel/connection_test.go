package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
