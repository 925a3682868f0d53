package importer

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testStd stands for the standard packages the interpreter has (the
// engine passes yaegi's list).
var testStd = []string{"fmt", "math/rand", "net/http", "os", "strings", "sync", "sync/atomic", "time"}

// The type cache holds the export data of the standard packages, without
// their object code, and a type importer that has it never asks the
// toolchain: the engine then runs without one.
func TestTypeCache(t *testing.T) {
	dir := t.TempDir()
	n, err := WriteTypeCache(dir, testStd)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(CachePackages(testStd)); n < want-5 || n > want {
		t.Errorf("wrote %d packages of %d", n, want)
	}
	t.Setenv(cell.TypesEnv, dir)
	t.Setenv("PATH", "") // no go command
	t.Setenv("GOROOT", "")
	tests := []struct{ path, object string }{
		{"fmt", "Println"}, {"net/http", "ListenAndServe"}, {"sync/atomic", "AddInt64"}, {"math/rand", "Intn"},
	}
	for _, tc := range tests {
		fresh := New(token.NewFileSet(), testStd)
		p, err := fresh.Import(tc.path)
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if p.Scope().Lookup(tc.object) == nil {
			t.Errorf("%s has no %s", tc.path, tc.object)
		}
		if f := fresh.exports[tc.path]; !strings.HasPrefix(f, dir) {
			t.Errorf("%s read from %q, not the cache", tc.path, f)
		}
	}
	info, err := os.Stat(filepath.Join(dir, "net", "http.a"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 4<<20 {
		t.Errorf("net/http's cached data is %d bytes: object code kept?", info.Size())
	}
}

// A cell may import only what the interpreter has and the engine's source
// packages; the toolchain's other packages are not found.
func TestCellImportable(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteTypeCache(dir, testStd); err != nil {
		t.Fatal(err)
	}
	t.Setenv(cell.TypesEnv, dir)
	im := New(token.NewFileSet(), testStd)
	tests := []struct {
		path string
		ok   bool
	}{
		{"fmt", true}, {"poolkit", true}, {cell.PoolkitPath, true}, {"display", true}, {"slices", true},
		{cell.IterseqPath, true}, {"os/exec", false}, {"embed", false}, {"no/such", false},
	}
	for _, tc := range tests {
		_, err := im.Import(tc.path)
		if (err == nil) != tc.ok {
			t.Errorf("Import(%q): %v, want ok %v", tc.path, err, tc.ok)
		}
	}
	if im.PackageDoc("poolkit") == nil {
		t.Error("no doc for poolkit, a source package")
	}
}
