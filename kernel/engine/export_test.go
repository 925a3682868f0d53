package engine

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/toolchain"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportOracle runs every row of the cell tables twice: in the kernel,
// and exported as a Go program built by the Go toolchain. Both must print
// the same: go run is the oracle of the session model.
func TestExportOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program of every row")
	}
	if _, err := exec.LookPath(toolchain.GoTool()); err != nil {
		t.Skip("no go command")
	}
	var rows []cellCase
	for _, table := range [][]cellCase{cellCases, cellCasesVar, golikeWithFmt()} {
		for _, c := range table {
			if c.wantErr == "" && !(c.goroutines && raceBuild) {
				rows = append(rows, c)
			}
		}
	}
	dir := t.TempDir()
	root, _ := filepath.Abs("../..")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", fmt.Sprintf("module oracle\n\ngo 1.26\n\nrequire github.com/aulago/gokernel v0.0.0\n\nreplace github.com/aulago/gokernel => %s\n", root))
	write("go.sum", string(sum))
	want := map[int]string{}
	var dispatch strings.Builder
	dispatch.WriteString("package main\n\nimport (\n\t\"os\"\n\t\"strconv\"\n")
	var calls strings.Builder
	for i, c := range rows {
		cells := append(append([]string{}, c.setup...), c.cell)
		out, ok := kernelOutput(t, cells)
		if !ok {
			continue
		}
		prog, err := Export(cells)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		pkg := fmt.Sprintf("row%d", i)
		prog = strings.Replace(prog, "\npackage main\n", "\npackage "+pkg+"\n", 1)
		prog = strings.Replace(prog, "\nfunc main() {", "\nfunc Main() {", 1)
		write(pkg+"/main.go", prog)
		want[i] = out
		fmt.Fprintf(&dispatch, "\t%q\n", "oracle/"+pkg)
		fmt.Fprintf(&calls, "\tcase %d:\n\t\t%s.Main()\n", i, pkg)
	}
	dispatch.WriteString(")\n\nfunc main() {\n\tn, _ := strconv.Atoi(os.Args[1])\n\tswitch n {\n")
	dispatch.WriteString(calls.String())
	dispatch.WriteString("\t}\n}\n")
	write("main.go", dispatch.String())
	build := exec.Command(toolchain.GoTool(), "build", "-o", "oracle.bin", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the exported programs do not build: %v\n%s", err, out)
	}
	pass := 0
	for i, c := range rows {
		w, ok := want[i]
		if !ok {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(filepath.Join(dir, "oracle.bin"), fmt.Sprint(i))
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("exported program: %v", err)
			}
			// The oracle builds each row as a package of its own.
			got = []byte(strings.ReplaceAll(string(got), fmt.Sprintf("row%d.", i), "main."))
			if string(got) != w {
				t.Errorf("go run printed %q, the kernel %q", got, w)
				return
			}
			pass++
		})
	}
	t.Logf("export oracle: %d/%d rows print what the kernel printed", pass, len(want))
}

// kernelOutput runs cells in a session and returns what they printed, each
// result on a line of its own; ok is false if a cell failed.
func kernelOutput(t *testing.T, cells []string) (string, bool) {
	s := newTestSession(t)
	var b strings.Builder
	for _, c := range cells {
		r := s.run(t, c)
		if r.err != "" {
			return "", false
		}
		b.WriteString(r.stdout)
		for _, res := range r.rec.results {
			b.WriteString(res + "\n")
		}
	}
	return b.String(), true
}

// golikeWithFmt is the go-like table as TestCellsGoLike runs it.
func golikeWithFmt() []cellCase {
	cases := make([]cellCase, len(golikeCases))
	for i, c := range golikeCases {
		c.setup = append([]string{"import \"fmt\""}, c.setup...)
		cases[i] = c
	}
	return cases
}
