package engine

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The type cache holds the export data of the standard packages, without
// their object code, and a type importer that has it never asks the
// toolchain: the engine then runs without one.
func TestTypeCache(t *testing.T) {
	dir := t.TempDir()
	n, err := WriteTypeCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(StdPackages()); n < want-5 || n > want {
		t.Errorf("wrote %d packages of %d", n, want)
	}
	t.Setenv(TypesEnv, dir)
	t.Setenv("PATH", "") // no go command
	t.Setenv("GOROOT", "")
	tests := []struct{ path, object string }{
		{"fmt", "Println"}, {"net/http", "ListenAndServe"}, {"sync/atomic", "AddInt64"}, {"math/rand", "Intn"},
	}
	for _, tc := range tests {
		fresh := newTypeImporter(token.NewFileSet())
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
