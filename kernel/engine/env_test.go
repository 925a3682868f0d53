package engine

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// envCells read and write the environment; each row runs in an
// interpreted session and, where the tier runs, with compiled funcs.
var envCells = []struct {
	name, cell, result string
}{
	{"Getenv", `os.Getenv("GOKERNEL_TEST_ENV")`, "olá mundo"},
	{"LookupEnv", `v, ok := os.LookupEnv("GOKERNEL_TEST_ENV")` + "\n" + `v + " " + fmt.Sprint(ok)`, "olá mundo true"},
	{"LookupEnv of an unset name", `_, ok := os.LookupEnv("GOKERNEL_TEST_UNSET")` + "\nok", "false"},
	{"Environ", `n := 0` + "\n" + `for _, kv := range os.Environ() { if kv == "GOKERNEL_TEST_ENV=olá mundo" { n++ } }` + "\nn", "1"},
	{"ExpandEnv", `os.ExpandEnv("<$GOKERNEL_TEST_ENV>")`, "<olá mundo>"},
	{"HOME", `os.Getenv("HOME") != ""`, "true"},
}

func TestCellsSeeTheEnvironment(t *testing.T) {
	t.Setenv("GOKERNEL_TEST_ENV", "olá mundo")
	if os.Getenv("HOME") == "" {
		t.Setenv("HOME", t.TempDir())
	}
	s := newTestSession(t)
	mustRun(t, s, `import ("fmt"; "os")`)
	for _, tc := range envCells {
		if r := mustRun(t, s, tc.cell); r.result != tc.result {
			t.Errorf("%s: %q, want %q", tc.name, r.result, tc.result)
		}
	}
	// The process's environment, not a copy: a cell's Setenv is the
	// engine's, and what the engine's code sets is the cell's.
	mustRun(t, s, `os.Setenv("GOKERNEL_TEST_SET", "1")`)
	if got := os.Getenv("GOKERNEL_TEST_SET"); got != "1" {
		t.Errorf("after os.Setenv in a cell the process has %q", got)
	}
	os.Unsetenv("GOKERNEL_TEST_SET")
	if r := mustRun(t, s, `os.Getenv("GOKERNEL_TEST_SET")`); r.result != "" {
		t.Errorf("after Unsetenv in the process the cell has %q", r.result)
	}
}

// A compiled func and an interpreted cell see the same environment.
func TestCompiledFuncsSeeTheEnvironment(t *testing.T) {
	t.Setenv("GOKERNEL_TEST_ENV", "olá mundo")
	t.Setenv("GOKERNEL_TEST_SET", "")
	s := newTierSession(t)
	mustRun(t, s, "import (\"fmt\"; \"os\")\nfunc env(k string) string { return os.Getenv(k) }\nfunc setenv(k, v string) { os.Setenv(k, v) }\nfunc wd() string { d, _ := os.Getwd(); return d }\nfunc nenv() int { return len(os.Environ()) }")
	s.e.tier.Settle()
	for _, f := range []string{"env", "setenv", "wd", "nenv"} {
		if st := s.e.tier.StatusOf(f); st != "compiled" {
			t.Fatalf("%s: %q, want compiled", f, st)
		}
	}
	if r := mustRun(t, s, `env("GOKERNEL_TEST_ENV")`); r.result != "olá mundo" {
		t.Errorf("compiled Getenv: %q", r.result)
	}
	mustRun(t, s, `os.Setenv("GOKERNEL_TEST_SET", "from the cell")`)
	if r := mustRun(t, s, `env("GOKERNEL_TEST_SET")`); r.result != "from the cell" {
		t.Errorf("compiled Getenv after the cell's Setenv: %q", r.result)
	}
	mustRun(t, s, `setenv("GOKERNEL_TEST_SET", "from compiled code")`)
	if r := mustRun(t, s, `os.Getenv("GOKERNEL_TEST_SET")`); r.result != "from compiled code" {
		t.Errorf("the cell's Getenv after a compiled Setenv: %q", r.result)
	}
	if r := mustRun(t, s, `d, _ := os.Getwd()`+"\n"+`fmt.Sprint(d == wd(), nenv() == len(os.Environ()))`); r.result != "true true" {
		t.Errorf("Getwd and Environ in both tiers: %q", r.result)
	}
}

// os.Getwd in a cell is the engine's working folder (the kernel's: the
// notebook's folder under Jupyter).
func TestCellGetwd(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := newTestSession(t)
	want, _ := os.Getwd()
	r := mustRun(t, s, "import (\"fmt\"; \"os\"; \"strconv\")\nd, err := os.Getwd()\nd + \" \" + strconv.Quote(fmt.Sprint(err))")
	if r.result != want+" "+strconv.Quote("<nil>") {
		t.Errorf("Getwd: %q, want %q", r.result, want)
	}
	if !strings.HasPrefix(want, os.TempDir()) {
		t.Errorf("the test's folder %q", want)
	}
}
