package engine

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
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
	if want := len(CachePackages()); n < want-5 || n > want {
		t.Errorf("wrote %d packages of %d", n, want)
	}
	t.Setenv(cell.TypesEnv, dir)
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

// With the type cache, the engine's start (its warm packages, poolkit,
// display and what they import, such as embed) and a cell that imports a
// standard package run no go command: a go command that leaves a mark
// when run is never run.
func TestTypeCacheComplete(t *testing.T) {
	dir := testTypeCache(t)
	for _, p := range []string{"embed", "fmt", "runtime/debug"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)+".a")); err != nil {
			t.Errorf("the cache lacks %s: %v", p, err)
		}
	}
	bin := t.TempDir()
	mark := filepath.Join(t.TempDir(), "ran")
	tripwire := filepath.Join(bin, "go")
	if err := os.WriteFile(tripwire, []byte("#!/bin/sh\necho \"$@\" >> "+mark+"\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(cell.TypesEnv, dir)
	t.Setenv(toolchain.GoEnv, tripwire)
	t.Setenv("PATH", bin)
	t.Setenv("GOROOT", "")
	im := newTypeImporter(token.NewFileSet())
	im.warm(append(append([]string{}, preloaded...), warmPackages...)...)
	for _, p := range []string{"poolkit", cell.PoolkitPath, "display", "strings", "math/rand"} {
		if _, err := im.Import(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if ran, err := os.ReadFile(mark); err == nil {
		t.Errorf("the go command ran: %s", ran)
	}
	// The check of poolkit's API resolved embed from the cache.
	if f := im.exports["embed"]; !strings.HasPrefix(f, dir) {
		t.Errorf("embed read from %q, not the cache", f)
	}
}
