package kernel

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/aulago/gokernel/kernel/guard"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	// CurvePublicKey and CurveSecretKey are the kernel's CurveZMQ key pair
	// (Z85), which jupyter_client writes when transport_encryption is on.
	// LoadConnection parses them into Curve and then forgets the secret.
	CurvePublicKey string `json:"curve_publickey,omitempty"`
	CurveSecretKey string `json:"curve_secretkey,omitempty"`
	// Curve, when set, makes all five sockets CurveZMQ servers.
	Curve *curve.KeyPair `json:"-"`
}

// LoadConnection reads and checks a connection file. Its errors name the
// file and say what is wrong in one line.
func LoadConnection(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("connection file %s: %w", path, err)
	}
	var ci ConnectionInfo
	if err := json.Unmarshal(b, &ci); err != nil {
		return nil, fmt.Errorf("connection file %s: not valid JSON: %v", path, err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return nil, fmt.Errorf("connection file %s: unsupported transport %q", path, ci.Transport)
	}
	if ci.IP == "" {
		return nil, fmt.Errorf("connection file %s: missing ip", path)
	}
	ports := []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"control_port", ci.ControlPort}, {"stdin_port", ci.StdinPort},
		{"iopub_port", ci.IOPubPort}, {"hb_port", ci.HBPort}}
	for _, p := range ports {
		if p.port <= 0 || p.port > 65535 {
			return nil, fmt.Errorf("connection file %s: missing or invalid %s", path, p.name)
		}
	}
	if ci.Key != "" && ci.SignatureScheme == "" {
		ci.SignatureScheme = "hmac-sha256"
	}
	if err := ci.parseCurve(); err != nil {
		return nil, fmt.Errorf("connection file %s: %v", path, err)
	}
	return &ci, nil
}

// parseCurve parses the CurveZMQ keys, when there are any, and drops the
// secret's text. A single key is refused: encryption was asked for.
func (ci *ConnectionInfo) parseCurve() error {
	pub, sec := ci.CurvePublicKey, ci.CurveSecretKey
	ci.CurveSecretKey = ""
	switch {
	case pub == "" && sec == "":
		return nil
	case sec == "":
		return fmt.Errorf("curve_publickey is set but curve_secretkey is missing")
	case pub == "":
		return fmt.Errorf("curve_secretkey is set but curve_publickey is missing")
	}
	kp, err := curve.ParseKeyPair(pub, sec)
	if err != nil {
		return err
	}
	ci.Curve = kp
	return nil
}

// ListenEndpoint returns the address the kernel listens on for a port: the
// connection's transport, guarded (package guard) against peers that have
// not authenticated.
func (ci *ConnectionInfo) ListenEndpoint(port int) string {
	if ci.Transport == "ipc" {
		return guard.Endpoint("ipc", fmt.Sprintf("%s-%d", ci.IP, port))
	}
	return guard.Endpoint("tcp", net.JoinHostPort(ci.IP, strconv.Itoa(port)))
}

// Endpoint returns the ZeroMQ address for a port, as clients dial it.
func (ci *ConnectionInfo) Endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", ci.IP, port)
}
