package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/notebook"
)

var update = flag.Bool("update", false, "write the notebooks the source makes (as go run ./notebooks/gen does)")

// root is the repository root, seen from this package's folder.
const root = "../.."

// TestCommittedNotebooksAreGenerated fails when a committed notebook is not
// what the source makes: edit notebooks/src/exercicios.txtar, then run
// go run ./notebooks/gen (or go test ./notebooks/gen -update).
func TestCommittedNotebooksAreGenerated(t *testing.T) {
	stale, err := run(root, *update)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		for _, p := range stale {
			t.Logf("wrote %s", p)
		}
		return
	}
	for _, p := range stale {
		t.Errorf("%s is not what %s makes: run go run ./notebooks/gen", p, sourcePath)
	}
}

// generated parses the notebook the source makes for a variant.
func generated(t *testing.T, variant string) *notebook.Notebook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, sourcePath))
	if err != nil {
		t.Fatal(err)
	}
	out, err := generate(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range targets {
		if tg.variant == variant {
			nb, err := notebook.Parse(out[tg.path])
			if err != nil {
				t.Fatal(err)
			}
			return nb
		}
	}
	t.Fatalf("no target for %s", variant)
	return nil
}

func cellByID(nb *notebook.Notebook, id string) *notebook.Cell {
	for _, c := range nb.Cells {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// TestVariantsShareTheirCells checks what the two exercise notebooks have
// in common and where they differ, so a change of the source that breaks
// one of them shows here first.
func TestVariantsShareTheirCells(t *testing.T) {
	study, grader := generated(t, estudo), generated(t, nbgrader)
	tests := []struct {
		id                  string
		same                bool     // the same source in both
		studyHas, graderHas []string // snippets only one of them has
		role                string   // nbgrader role in the grader notebook
		points              int
	}{
		{id: "parameters", same: true, role: roleReadonly},
		{id: "preparacao", graderHas: []string{"func exige("}, role: roleReadonly},
		{id: "a-resposta", studyHas: []string{"previsao := float64("}, graderHas: []string{"// BEGIN SOLUTION", "var previsao float64"}, role: roleSolution},
		{id: "a-verificacao", studyHas: []string{"if !confere("}, graderHas: []string{"exige("}, role: roleTests, points: 1},
		{id: "b-resposta", studyHas: []string{"aceleracaoES := 2.0"}, graderHas: []string{"// END SOLUTION"}, role: roleSolution},
		{id: "b-verificacao", graderHas: []string{"panic("}, role: roleTests, points: 2},
		{id: "c-resposta", studyHas: []string{"Resposta de referência:"}, graderHas: []string{"\t// BEGIN SOLUTION"}, role: roleSolution},
		{id: "c-medicao", graderHas: []string{"voltasCPU = calibrar(espera)"}, role: roleReadonly},
		{id: "c-verificacao", graderHas: []string{"// BEGIN HIDDEN TESTS", "exigeSVG("}, role: roleTests, points: 2},
		{id: "conclusao", same: true},
	}
	for _, tc := range tests {
		s, g := cellByID(study, tc.id), cellByID(grader, tc.id)
		if s == nil || g == nil {
			t.Errorf("cell %s: in the self-study notebook %v, in the nbgrader one %v", tc.id, s != nil, g != nil)
			continue
		}
		if (s.Source == g.Source) != tc.same {
			t.Errorf("cell %s: same source in both is %v, want %v", tc.id, s.Source == g.Source, tc.same)
		}
		for _, snip := range tc.studyHas {
			if !strings.Contains(s.Source, snip) || strings.Contains(g.Source, snip) {
				t.Errorf("cell %s: %q should be in the self-study notebook only", tc.id, snip)
			}
		}
		for _, snip := range tc.graderHas {
			if !strings.Contains(g.Source, snip) || strings.Contains(s.Source, snip) {
				t.Errorf("cell %s: %q should be in the nbgrader notebook only", tc.id, snip)
			}
		}
		for _, src := range []string{s.Source, g.Source} {
			if strings.Contains(src, directive) {
				t.Errorf("cell %s: a %s directive was left in a notebook", tc.id, directive)
			}
		}
		var m nbgraderMeta
		raw, ok := g.Metadata["nbgrader"]
		if ok != (tc.role != "") {
			t.Errorf("cell %s: nbgrader metadata present %v, want role %q", tc.id, ok, tc.role)
			continue
		}
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		want := nbgraderMeta{GradeID: tc.id, SchemaVersion: 3, Points: tc.points,
			Grade: tc.role == roleTests, Solution: tc.role == roleSolution, Locked: tc.role != roleSolution}
		if m != want {
			t.Errorf("cell %s: nbgrader metadata %+v, want %+v", tc.id, m, want)
		}
		if _, ok := s.Metadata["nbgrader"]; ok {
			t.Errorf("cell %s: the self-study notebook has nbgrader metadata", tc.id)
		}
		if tagged := bytes.Contains(s.Metadata["tags"], []byte(`"solution"`)); tagged != (tc.role == roleSolution) {
			t.Errorf("cell %s: self-study tag solution %v, want %v", tc.id, tagged, tc.role == roleSolution)
		}
	}
	if cellByID(study, "parametros-correcao") != nil || cellByID(grader, "parametros-correcao") == nil {
		t.Error("the grading sizes cell must be in the nbgrader notebook only")
	}
}
