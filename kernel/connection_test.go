package kernel

import (
	"encoding/json"
	"fmt"
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

// The test keys of libzmq's zmq_curve(7) manual page.
const (
	testCurvePublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
	testCurveSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
	otherPublic     = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
)

func TestLoadConnectionCurve(t *testing.T) {
	dir := t.TempDir()
	base := `"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"k"`
	keys := func(pub, sec string) string {
		b, _ := json.Marshal(map[string]string{"curve_publickey": pub, "curve_secretkey": sec})
		return "{" + base + "," + string(b[1:])
	}
	tests := []struct {
		name, body, wantErr string
		curve               bool
	}{
		{"no keys", "{" + base + "}", "", false},
		{"empty keys", keys("", ""), "", false},
		{"keys", keys(testCurvePublic, testCurveSecret), "", true},
		{"public only", keys(testCurvePublic, ""), "curve_secretkey is missing", false},
		{"secret only", keys("", testCurveSecret), "curve_publickey is missing", false},
		{"short secret", keys(testCurvePublic, testCurveSecret[:30]), "curve_secretkey is 30 characters", false},
		{"bad z85", keys(testCurvePublic[:39]+`"`, testCurveSecret), "curve_publickey: curve: not Z85", false},
		{"not the pair", keys(otherPublic, testCurveSecret), "curve_publickey is not the public key of curve_secretkey", false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("c%d.json", i))
			if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			ci, err := LoadConnection(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("error %v, want one naming the file and %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), testCurveSecret[:20]) {
					t.Fatalf("error %q quotes the secret key", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (ci.Curve != nil) != tc.curve {
				t.Fatalf("Curve = %v, want set %v", ci.Curve, tc.curve)
			}
			if s := fmt.Sprintf("%+v %v", *ci, ci.Curve); strings.Contains(s, testCurveSecret) {
				t.Fatalf("printed connection shows the secret key: %s", s)
			}
		})
	}
}
