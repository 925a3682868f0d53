package introspect

import (
	"github.com/aulago/gokernel/kernel/engine/toolchain"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// The standard library's doc comments come from its source in GOROOT,
// parsed on first use and kept.
var gorootSrc struct {
	once  sync.Once
	dir   string // GOROOT/src, or "" if there is none
	mu    sync.Mutex
	fset  *token.FileSet
	files map[string]*ast.File // path relative to GOROOT/src → file (nil: unreadable)
}

// gorootSrcDir is the source directory of the Go toolchain: $GOROOT, else
// "go env GOROOT" (the go command the engine uses), else the GOROOT the
// engine was built with.
func gorootSrcDir() string {
	gorootSrc.once.Do(func() {
		gorootSrc.fset = token.NewFileSet()
		gorootSrc.files = map[string]*ast.File{}
		var roots []string
		if r := os.Getenv("GOROOT"); r != "" {
			roots = append(roots, r)
		}
		if out, err := exec.Command(toolchain.GoTool(), "env", "GOROOT").Output(); err == nil {
			roots = append(roots, strings.TrimSpace(string(out)))
		}
		roots = append(roots, runtime.GOROOT())
		for _, r := range roots {
			if fi, err := os.Stat(filepath.Join(r, "src", "builtin")); err == nil && fi.IsDir() {
				gorootSrc.dir = filepath.Join(r, "src")
				return
			}
		}
	})
	return gorootSrc.dir
}

// gorootAST parses a file of GOROOT/src (rel is slash-separated).
func gorootAST(rel string) *ast.File {
	dir := gorootSrcDir()
	if dir == "" {
		return nil
	}
	gorootSrc.mu.Lock()
	defer gorootSrc.mu.Unlock()
	if f, ok := gorootSrc.files[rel]; ok {
		return f
	}
	var f *ast.File
	if src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
		f, _ = parser.ParseFile(gorootSrc.fset, rel, src, parser.ParseComments)
	}
	gorootSrc.files[rel] = f
	return f
}

// gorootFile is one file of GOROOT/src, to find declarations in.
func gorootFile(rel string) *docFile {
	f := gorootAST(rel)
	if f == nil {
		return nil
	}
	return &docFile{fset: gorootSrc.fset, files: []*ast.File{f}}
}

// gorootPackage is the files of a standard package for this system.
func gorootPackage(path string) *docFile {
	df := &docFile{fset: gorootSrc.fset}
	for _, rel := range gorootGoFiles(path) {
		if f := gorootAST(rel); f != nil {
			df.files = append(df.files, f)
		}
	}
	if len(df.files) == 0 {
		return nil
	}
	df.fset = gorootSrc.fset
	return df
}

// gorootGoFiles lists the files of a standard package that build on this
// system, doc.go first, as paths relative to GOROOT/src.
func gorootGoFiles(path string) []string {
	root := gorootSrcDir()
	if root == "" {
		return nil
	}
	dir := filepath.Join(root, filepath.FromSlash(path))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, en := range entries {
		n := en.Name()
		if en.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, n); err != nil || !ok {
			continue
		}
		out = append(out, path+"/"+n)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.HasSuffix(out[i], "/doc.go") && !strings.HasSuffix(out[j], "/doc.go")
	})
	return out
}

// gorootPackageDoc returns a standard package's doc comment and name.
func gorootPackageDoc(path string) (doc, name string) {
	for _, rel := range gorootGoFiles(path) {
		f := gorootAST(rel)
		if f == nil {
			continue
		}
		name = f.Name.Name
		if f.Doc != nil {
			return f.Doc.Text(), name
		}
	}
	return "", name
}
