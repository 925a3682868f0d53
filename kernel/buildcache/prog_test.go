package buildcache

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The test binary doubles as the go command's GOCACHEPROG: with
// GOKERNEL_TEST_CACHEPROG set to "shared DIR" it writes the shared folder
// DIR; set to "user", it serves as a kernel's go command runs it (FromEnv).
func TestMain(m *testing.M) {
	if mode := os.Getenv("GOKERNEL_TEST_CACHEPROG"); mode != "" {
		var p *Program
		if dir, ok := strings.CutPrefix(mode, "shared "); ok {
			p = &Program{Dir: dir, Write: true}
		} else {
			var err error
			if p, err = FromEnv(); err != nil {
				os.Exit(3)
			}
		}
		if err := p.Serve(os.Stdin, os.Stdout); err != nil {
			os.Stderr.WriteString("cacheprog: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// session runs requests (one JSON object a line, bodies after puts)
// through a Program and returns its responses, the handshake first.
func session(t *testing.T, p *Program, lines ...string) []response {
	t.Helper()
	var out bytes.Buffer
	if err := p.Serve(strings.NewReader(strings.Join(lines, "\n")+"\n"), &out); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	var res []response
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r response
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("response %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	return res
}

// The protocol, request by request: the handshake names get, put and
// close; a get misses, then hits what a put stored (also an empty body),
// in the shared folder first; an unknown command is an error.
func TestProtocol(t *testing.T) {
	shared, user := t.TempDir(), t.TempDir()
	// AQID is base64 of 1 2 3; aGVsbG8= is "hello".
	seed := &Program{Dir: shared, Write: true}
	session(t, seed, `{"ID":1,"Command":"put","ActionID":"AQID","OutputID":"BAUG","BodySize":5}`, `"aGVsbG8="`, `{"ID":2,"Command":"close"}`)
	p := &Program{Shared: shared, Dir: user, Max: 1 << 20}
	res := session(t, p,
		`{"ID":1,"Command":"get","ActionID":"AQID"}`,
		`{"ID":2,"Command":"get","ActionID":"CQk="}`,
		`{"ID":3,"Command":"put","ActionID":"CQk=","OutputID":"CgoK","BodySize":2}`, `"aGk="`,
		`{"ID":4,"Command":"get","ActionID":"CQk="}`,
		`{"ID":5,"Command":"put","ActionID":"Dw==","OutputID":"EBA="}`,
		`{"ID":6,"Command":"get","ActionID":"Dw=="}`,
		`{"ID":7,"Command":"frobnicate"}`,
		`{"ID":8,"Command":"close"}`)
	if len(res) != 9 || strings.Join(res[0].KnownCommands, ",") != "get,put,close" {
		t.Fatalf("responses %+v", res)
	}
	body := func(r response) string { b, _ := os.ReadFile(r.DiskPath); return string(b) }
	for _, tc := range []struct {
		id       int64
		miss     bool
		body     string
		size     int64
		under    string
		hasError bool
	}{
		{1, false, "hello", 5, shared, false},
		{2, true, "", 0, "", false},
		{3, false, "hi", 0, user, false},
		{4, false, "hi", 2, user, false},
		{5, false, "", 0, user, false},
		{6, false, "", 0, user, false},
		{7, false, "", 0, "", true},
		{8, false, "", 0, "", false},
	} {
		r := res[tc.id]
		if r.ID != tc.id || r.Miss != tc.miss || (r.Err != "") != tc.hasError || r.Size != tc.size {
			t.Errorf("request %d: %+v", tc.id, r)
		}
		if tc.under != "" && (!strings.HasPrefix(r.DiskPath, tc.under) || body(r) != tc.body) {
			t.Errorf("request %d: body %q at %s, want %q under %s", tc.id, body(r), r.DiskPath, tc.body, tc.under)
		}
	}
	if p.Gets != 4 || p.SharedHits != 1 || p.Hits != 2 || p.Puts != 2 {
		t.Errorf("stats: %d gets, %d shared hits, %d hits, %d puts", p.Gets, p.SharedHits, p.Hits, p.Puts)
	}
	// The shared folder is readable by every user, whatever the umask.
	_ = filepath.WalkDir(shared, func(path string, d os.DirEntry, err error) error {
		info, _ := d.Info()
		if info.Mode().Perm()&0o044 != 0o044 {
			t.Errorf("%s is %v: not readable by all", path, info.Mode())
		}
		return nil
	})
}

// GOKERNEL_CACHE_MAX sizes.
func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{{"256MiB", 256 << 20, true}, {"1GiB", 1 << 30, true}, {"300MB", 300e6, true}, {"4096", 4096, true},
		{"2G", 2 << 30, true}, {" 5 KiB ", 5 << 10, true}, {"lots", 0, false}, {"-1MiB", 0, false}, {"0", 0, false}} {
		got, err := ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}
