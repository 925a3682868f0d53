package engine

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
)

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
	im := importer.New(token.NewFileSet(), StdPackages())
	im.Warm(append(append([]string{}, preloaded...), warmPackages...)...)
	for _, p := range []string{"poolkit", cell.PoolkitPath, "display", "strings", "math/rand"} {
		if _, err := im.Import(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if ran, err := os.ReadFile(mark); err == nil {
		t.Errorf("the go command ran: %s", ran)
	}
	// The check of poolkit's API resolved embed from the cache.
	if f := im.ExportFile("embed"); !strings.HasPrefix(f, dir) {
		t.Errorf("embed read from %q, not the cache", f)
	}
}
