package engine

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/engine/importer"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestPipelineGolden runs the cells of each testdata/pipeline/*.txtar (one
// file per yaegi trap, named in its first line) through the pipeline and
// compares the interpreter's file of the last cell with the file's "want"
// section (go test -run TestPipelineGolden -update rewrites them). Earlier
// cells are compiled and recorded, not run.
func TestPipelineGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/pipeline/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			comment, _, _ := strings.Cut(text, "\n-- ")
			if !strings.HasPrefix(comment, "# ") {
				t.Fatal("the first line must name the trap: # ...")
			}
			sections := importer.ParseTxtar(text)
			var names []string
			for n := range sections {
				if strings.HasPrefix(n, "cell") {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			// The compiled tier's trampolines are in the files that say
			// "(compiled tier)" in their first line only.
			tier := strings.Contains(comment, "(compiled tier)")
			e, err := New(Options{NoCompile: !tier})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(e.Close)
			if tier && !e.tier.On {
				t.Skipf("no compiled tier: %s", e.tier.Why)
			}
			var got string
			for i, n := range names {
				pl, err := e.compile(i+1, strings.TrimSuffix(sections[n], "\n"), false)
				if err != nil {
					t.Fatalf("%s: %v", n, err)
				}
				e.commit(pl)
				got = pl.run + pl.initSrc
			}
			if *update {
				sections["want"] = got
				out := comment + "\n" + importer.FormatTxtar(append(names, "want"), sections)
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != sections["want"] {
				t.Errorf("the interpreter's file differs from %s (go test -run TestPipelineGolden -update):\n%s", path, got)
			}
		})
	}
}
