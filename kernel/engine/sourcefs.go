package engine

import (
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/traefik/yaegi/interp"
)

// goPath is the GOPATH yaegi looks for source packages in.
const goPath = "go"

// sourceFS builds the file system yaegi reads source packages from.
func sourceFS() fs.FS {
	m := fstest.MapFS{}
	add := func(pkg, name, src string) {
		m["go/src/"+pkg+"/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	// One file, aliases first: a generic type of generic.go that names an
	// alias of another file (Future's *Batch) is "incomplete" in yaegi
	// when a cell instantiates it.
	add("poolkit", "poolkit.go", poolkitAliases()+"\n"+poolkitGenericForYaegi())
	add(cell.IterseqPath, "iterseq.go", importer.IterseqSource)
	entries, _ := fs.ReadDir(importer.Stdsrc, "stdsrc")
	for _, d := range entries {
		files, _ := fs.ReadDir(importer.Stdsrc, "stdsrc/"+d.Name())
		for _, f := range files {
			b, _ := fs.ReadFile(importer.Stdsrc, "stdsrc/"+d.Name()+"/"+f.Name())
			add(d.Name(), f.Name(), string(b))
		}
	}
	return m
}

// loadStdsrc compiles the engine's slices, maps and cmp sources
// (importer.Stdsrc) into the
// interpreter. Use (with the standard library) has already compiled
// yaegi's own generic slices, maps and cmp, and an import of a path it
// compiled never reaches the source file system; compiling a file with the
// same package clause adds to (and overrides) that package's scope.
func loadStdsrc(in *interp.Interpreter) error {
	for _, pkg := range []string{"cmp", "maps", "slices"} {
		files, _ := fs.ReadDir(importer.Stdsrc, "stdsrc/"+pkg)
		for _, f := range files {
			b, _ := fs.ReadFile(importer.Stdsrc, "stdsrc/"+pkg+"/"+f.Name())
			prog, err := in.Compile(string(b))
			if err == nil {
				_, err = in.Execute(prog)
			}
			if err != nil {
				return fmt.Errorf("engine: stdsrc %s/%s: %w", pkg, f.Name(), err)
			}
		}
	}
	return nil
}

// batchAlias is the name of poolkit's Batch that Future's field uses in
// the interpreter: yaegi resolves the field types of a generic type in the
// package that instantiates it, so main declares the same alias
// (builtins.go); a name of its own keeps it clear of the cells' names.
const batchAlias = "__poolkitBatch"

// poolkitGenericForYaegi is generic.go as the interpreter runs it.
func poolkitGenericForYaegi() string {
	src := strings.Replace(poolkitGeneric(), "package poolkit\n", "", 1)
	src = strings.Replace(src, "batch *Batch", "batch *"+batchAlias, 1)
	return src + "\ntype " + batchAlias + " = core.Batch\n"
}
