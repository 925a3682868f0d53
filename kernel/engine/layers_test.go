package engine

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/engine/toolchain"
)

const module = "github.com/aulago/gokernel/"

// stage is where a package of kernel/engine stands on a cell's way (see
// doc.go): a package imports only packages of earlier stages.
var stage = map[string]int{
	"kernel/engine/toolchain":  0,
	"kernel/engine/snapshot":   0,
	"kernel/engine/prompt":     0,
	"kernel/engine/cell":       1,
	"kernel/engine/importer":   2,
	"kernel/engine/rewrite":    2,
	"kernel/engine/tier":       3,
	"kernel/engine/introspect": 3,
	"kernel/engine":            4,
}

// yaegiFree are the packages that must not import the interpreter: only
// the engine runs it.
var yaegiFree = []string{"kernel", "kernel/engine/toolchain", "kernel/engine/snapshot", "kernel/engine/prompt",
	"kernel/engine/cell", "kernel/engine/importer", "kernel/engine/rewrite", "kernel/engine/tier", "kernel/engine/introspect"}

// forbidden returns the edges of imports (package → its imports, paths
// relative to the module) that break the stages.
func forbidden(imports map[string][]string) []string {
	var bad []string
	for pkg, imps := range imports {
		for _, imp := range imps {
			if strings.HasPrefix(imp, "github.com/traefik/yaegi") {
				for _, p := range yaegiFree {
					if pkg == p {
						bad = append(bad, pkg+" imports yaegi ("+imp+")")
					}
				}
			}
			rel, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if pkg == "kernel" && strings.HasPrefix(rel, "kernel/engine") {
				bad = append(bad, pkg+" imports "+rel)
			}
			from, okFrom := stage[pkg]
			to, okTo := stage[rel]
			if okFrom && okTo && to >= from {
				bad = append(bad, pkg+" imports "+rel+": not an earlier stage")
			}
			if okFrom && !okTo && strings.HasPrefix(rel, "kernel/engine/") && !strings.Contains(rel, "src") {
				bad = append(bad, pkg+" imports "+rel+": a package of no stage")
			}
		}
	}
	return bad
}

// The packages of kernel/engine import one way: a cell's text moves
// through them in one direction, and only the engine imports yaegi.
func TestLayers(t *testing.T) {
	cmd := exec.Command(toolchain.GoTool(), "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, module+"kernel/...")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		rel, ok := strings.CutPrefix(f[0], module)
		if !ok {
			continue
		}
		imports[rel] = f[1:]
	}
	for pkg := range stage {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("go list has no %s", pkg)
		}
	}
	for _, b := range forbidden(imports) {
		t.Error(b)
	}
}

// forbidden finds each kind of wrong edge.
func TestForbidden(t *testing.T) {
	tests := []struct {
		name    string
		imports map[string][]string
		bad     int
	}{
		{"one way", map[string][]string{"kernel/engine": {module + "kernel/engine/cell"}, "kernel/engine/cell": {"go/types"}}, 0},
		{"a stage imports the engine", map[string][]string{"kernel/engine/cell": {module + "kernel/engine"}}, 1},
		{"a pass imports introspect", map[string][]string{"kernel/engine/rewrite": {module + "kernel/engine/introspect"}}, 1},
		{"tier imports introspect", map[string][]string{"kernel/engine/tier": {module + "kernel/engine/introspect"}}, 1},
		{"kernel imports yaegi", map[string][]string{"kernel": {"github.com/traefik/yaegi/interp"}}, 1},
		{"kernel imports the engine", map[string][]string{"kernel": {module + "kernel/engine/cell"}}, 1},
		{"the engine imports yaegi", map[string][]string{"kernel/engine": {"github.com/traefik/yaegi/interp"}}, 0},
		{"a package of no stage", map[string][]string{"kernel/engine/cell": {module + "kernel/engine/extra"}}, 1},
	}
	for _, tt := range tests {
		if got := forbidden(tt.imports); len(got) != tt.bad {
			t.Errorf("%s: %v, want %d", tt.name, got, tt.bad)
		}
	}
}
