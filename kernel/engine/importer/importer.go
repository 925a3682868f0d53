// Package importer gives go/types the packages cells import: the
// standard library from the Go toolchain's export data (or the type cache
// written at install), and the engine's own packages (poolkit's API,
// display, its slices, maps and cmp, the iterator helper) from source. It
// knows nothing of the interpreter: the engine tells it which standard
// packages the interpreter has.
package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Importer gives go/types the packages cells import: the standard
// library from the Go toolchain's export data ("go list -export", which
// reads the build cache, so it is fast once the engine has been built),
// and the engine's own packages (poolkit, display, iterseq) from their
// source. It is safe for concurrent use.
type Importer struct {
	fset *token.FileSet
	std  map[string]bool // the standard packages the interpreter has

	mu      sync.Mutex
	gc      types.Importer
	exports map[string]string // import path → export data file
	pkgs    map[string]*types.Package
	docs    map[string]*ast.Package // source packages, for inspect
	// fromSource says which paths the engine gives from source.
	fromSource map[string]bool
}

// New returns an Importer whose positions go to fset; std are the
// standard packages the interpreter has, the only ones a cell may import
// besides the engine's source packages.
func New(fset *token.FileSet, std []string) *Importer {
	im := &Importer{fset: fset, std: map[string]bool{}, exports: map[string]string{}, pkgs: map[string]*types.Package{},
		docs: map[string]*ast.Package{}, fromSource: map[string]bool{}}
	for _, p := range std {
		im.std[p] = true
	}
	im.gc = importer.ForCompiler(fset, "gc", im.lookup)
	return im
}

// Warm finds the export data of paths with one "go list" and imports them,
// so that the first cells check in well under a millisecond.
func (im *Importer) Warm(paths ...string) {
	im.mu.Lock()
	_ = im.list(paths...)
	im.mu.Unlock()
	for _, p := range paths {
		_, _ = im.Import(p)
	}
}

// Import implements types.Importer, for cells: a package the interpreter
// does not have (os/exec, embed) is not found, with a toolchain or without
// one, so that the check says so in Go's words (package cell), not yaegi when
// the cell runs. The engine's source packages import such packages
// themselves (importLocked).
func (im *Importer) Import(path string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if !im.cellImportable(path) {
		return nil, fmt.Errorf("cannot find package %q", path)
	}
	return im.importLocked(path)
}

// cellImportable reports whether a cell may import path: the interpreter
// has it, or the engine gives it from source. im.mu is held.
func (im *Importer) cellImportable(path string) bool {
	if im.std[path] {
		return true
	}
	ok, seen := im.fromSource[path]
	if !seen {
		_, ok = Source(path)
		im.fromSource[path] = ok
	}
	return ok
}

func (im *Importer) importLocked(path string) (*types.Package, error) {
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	if src, ok := Source(path); ok {
		p, err := im.checkSource(path, src)
		if err != nil {
			return nil, err
		}
		im.pkgs[path] = p
		return p, nil
	}
	p, err := im.gc.Import(path)
	if err != nil {
		return nil, err
	}
	im.pkgs[path] = p
	return p, nil
}

// checkSource type-checks a package the engine provides as source. Its
// function bodies may be missing (API files); errors in bodies do not
// matter for the cells that use the package.
func (im *Importer) checkSource(path string, files map[string]string) (*types.Package, error) {
	var asts []*ast.File
	for name, src := range files {
		f, err := parser.ParseFile(im.fset, path+"/"+name, src, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("engine: %s: %w", path, err)
		}
		asts = append(asts, f)
	}
	conf := types.Config{Importer: importerFunc(im.importLocked), Error: func(error) {}}
	pkg, _ := conf.Check(path, im.fset, asts, nil)
	if pkg == nil {
		return nil, fmt.Errorf("engine: cannot type-check %s", path)
	}
	ap := &ast.Package{Name: pkg.Name(), Files: map[string]*ast.File{}}
	for _, f := range asts {
		ap.Files[im.fset.File(f.Pos()).Name()] = f
	}
	im.docs[path] = ap
	return pkg, nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// lookup opens the export data of a standard package. It is called with
// im.mu held (by importLocked).
func (im *Importer) lookup(path string) (io.ReadCloser, error) {
	file, ok := im.exports[path]
	if !ok {
		if err := im.list(path); err != nil {
			return nil, err
		}
		file = im.exports[path]
	}
	if file == "" {
		return nil, fmt.Errorf("cannot find package %q", path)
	}
	return os.Open(file)
}

// list asks the Go toolchain where the export data of paths are, with
// im.mu held. It runs outside any module, so that a go.mod in the
// notebook's folder does not matter.
func (im *Importer) list(paths ...string) error {
	var todo []string
	for _, p := range paths {
		if _, ok := im.exports[p]; !ok && strings.Count(p, ".") == 0 {
			if _, src := Source(p); src {
				continue // checked from source (sources.go), never listed
			}
			if f := cachedExport(p); f != "" {
				im.exports[p] = f // the type cache (typecache.go)
				continue
			}
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	cmd := exec.Command(toolchain.GoTool(), append([]string{"list", "-e", "-export", "-f", "{{.ImportPath}} {{.Export}}"}, todo...)...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		return fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, file, _ := strings.Cut(sc.Text(), " ")
		im.exports[path] = file
	}
	for _, p := range todo {
		if _, ok := im.exports[p]; !ok {
			im.exports[p] = ""
		}
	}
	return nil
}

// PackageDoc returns the parsed source of a package the engine provides,
// for inspect, or nil.
func (im *Importer) PackageDoc(path string) *ast.Package {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.docs[path]
}

// ExportFile is the export data file the importer read path from, or ""
// (a source package, or one not imported).
func (im *Importer) ExportFile(path string) string {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.exports[path]
}

// FileSet is the file set of the imported packages' positions.
func (im *Importer) FileSet() *token.FileSet { return im.fset }
