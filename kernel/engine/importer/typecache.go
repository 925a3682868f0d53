package importer

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aulago/gokernel/kernel/engine/cell"
)

// cachedExport returns the cached export data file of a standard package,
// or "".
func cachedExport(pkg string) string {
	dir := os.Getenv(cell.TypesEnv)
	if dir == "" {
		return ""
	}
	f := filepath.Join(dir, filepath.FromSlash(pkg)+".a")
	if _, err := os.Stat(f); err != nil {
		return ""
	}
	return f
}

// CachePackages lists what the type cache holds: the standard packages
// cells can import (std, those the interpreter has), and those the engine's own source packages (poolkit's
// API, display, slices...) import, such as embed: with all of them cached,
// no check at the engine's start or in a cell asks the toolchain.
func CachePackages(std []string) []string {
	seen := map[string]bool{}
	for _, p := range std {
		seen[p] = true
	}
	for _, p := range sourcePackageImports() {
		seen[p] = true
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// sourcePackageImports are the standard packages the engine's source
// packages import, directly or through one another.
func sourcePackageImports() []string {
	var out []string
	seen := map[string]bool{}
	var visit func(string)
	visit = func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		files, ok := Source(path)
		if !ok {
			if path != "unsafe" && path != "C" {
				out = append(out, path)
			}
			return
		}
		for name, src := range files {
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
			if err != nil {
				continue
			}
			for _, im := range f.Imports {
				if p, err := strconv.Unquote(im.Path.Value); err == nil {
					visit(p)
				}
			}
		}
	}
	for _, p := range []string{"poolkit", "display", cell.IterseqPath, "slices", "maps", "cmp"} {
		visit(p)
	}
	return out
}

// WriteTypeCache writes the export data of the packages of
// CachePackages(std) into dir, from the Go toolchain's build cache, and
// returns how many it wrote.
func WriteTypeCache(dir string, std []string) (int, error) {
	im := New(nil, std)
	pkgs := CachePackages(std)
	t := os.Getenv(cell.TypesEnv)
	os.Unsetenv(cell.TypesEnv) // ask the toolchain, not an older cache
	defer os.Setenv(cell.TypesEnv, t)
	im.mu.Lock()
	err := im.list(pkgs...)
	im.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range pkgs {
		src := im.exports[p]
		if src == "" {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(p)+".a")
		if err := copyExportData(src, dst); err != nil {
			return n, fmt.Errorf("type cache: %s: %w", p, err)
		}
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("type cache: the toolchain gave no export data (%s)", strings.Join(pkgs[:min(3, len(pkgs))], ", "))
	}
	return n, nil
}

// copyExportData copies the export data of a package archive (its first
// member, __.PKGDEF, which is what go/importer reads) into an archive of
// its own, leaving the object code out: a tenth of the size.
func copyExportData(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	const magic, hdr = "!<arch>\n", 60
	if len(b) >= len(magic)+hdr && string(b[:len(magic)]) == magic &&
		strings.TrimSpace(string(b[len(magic):len(magic)+16])) == "__.PKGDEF" {
		size, err := strconv.Atoi(strings.TrimSpace(string(b[len(magic)+48 : len(magic)+58])))
		if err == nil && len(magic)+hdr+size <= len(b) {
			end := len(magic) + hdr + size
			if size%2 == 1 && end < len(b) {
				end++ // members are padded to an even size
			}
			b = b[:end]
		}
	}
	if err := os.WriteFile(dst+".new", b, 0o644); err != nil {
		return err
	}
	return os.Rename(dst+".new", dst)
}
