package engine

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
	"go/token"
	"strings"
	"testing"
)

// testTypeCache writes a type cache for a test, from the real
// toolchain's build cache.
func testTypeCache(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := WriteTypeCache(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Without a go command (and with one), a cell's errors are Go's (or the kernel's, in Go's
// words): an import the kernel cannot give is named, never a parse error
// of a file the engine wrote (it was "3:0: expected ';', found 'type'":
// the failed import left its names with invalid types, and a session
// variable was declared of type "invalid type").
func TestNoToolchainErrors(t *testing.T) {
	cache := testTypeCache(t)
	tests := []struct {
		name  string
		types string // GOKERNEL_TYPES; "toolchain": none, and go on PATH
		cells []string
		want  string // in the last cell's error, or its result if no error
		err   bool
	}{
		{"package the interpreter lacks, as a session variable", cache,
			[]string{"import \"os/exec\"\np := exec.ErrNotFound"}, "1:8: package os/exec is not in this kernel", true},
		{"package the interpreter lacks, used in the next cell", cache,
			[]string{"import \"os/exec\"", "p := exec.ErrNotFound"}, "undefined: exec", true},
		{"package the interpreter lacks, in a func", cache,
			[]string{"import \"os/exec\"\nfunc f() error { return exec.ErrNotFound }"}, "package os/exec is not in this kernel", true},
		{"embed is no cell's either", cache,
			[]string{"import \"embed\"\nvar fs embed.FS"}, "package embed is not in this kernel", true},
		{"no type cache", "",
			[]string{"import \"strings\"\ns := strings.ToUpper(\"a\")"}, "package strings: the engine has no type data for it", true},
		{"with the toolchain too, the check says it (not the interpreter)", "toolchain",
			[]string{"import \"os/exec\"\np := exec.ErrNotFound"}, "1:8: package os/exec is not in this kernel", true},
		{"the cache checks cells", cache,
			[]string{"import \"os/user\"\nu := user.UnknownUserError(\"x\")\nu"}, "user: unknown user x", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.types == "toolchain" {
				t.Setenv(cell.TypesEnv, "")
			} else {
				t.Setenv("PATH", "")
				t.Setenv("GOROOT", "")
				t.Setenv(toolchain.GoEnv, "")
				t.Setenv(cell.TypesEnv, tc.types)
			}
			s := newTestSession(t)
			s.e.types = importer.New(token.NewFileSet(), StdPackages()) // not the process's, which has a toolchain's answers
			var r cellRun
			for i, c := range tc.cells {
				r = s.run(t, c)
				if i < len(tc.cells)-1 && r.err != "" && !tc.err {
					t.Fatalf("cell %d: %s", i+1, r.err)
				}
			}
			got := r.result
			if tc.err {
				got = r.err
			}
			if !strings.Contains(got, tc.want) || (tc.err && !strings.HasPrefix(r.err, "CompileError: ")) {
				t.Errorf("got %q (error %q), want %q", r.result, r.err, tc.want)
			}
			if strings.Contains(r.err, "expected") || strings.Contains(r.err, "a bug of the engine") || strings.Contains(r.err, "executable file") {
				t.Errorf("an engine-made error reached the cell: %q", r.err)
			}
		})
	}
}
