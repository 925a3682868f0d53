package main

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	body := strings.Join([]string{
		"a := 1",
		"//nb:estudo",
		"b := 2",
		"//nb:nbgrader",
		"var b int",
		"//nb:end",
		"// BEGIN SOLUTION",
		"b = 2",
		"// END SOLUTION",
		"// BEGIN HIDDEN TESTS",
		"check(b)",
		"// END HIDDEN TESTS",
		"",
		"",
	}, "\n")
	tests := []struct {
		variant, want string
	}{
		{estudo, "a := 1\nb := 2\nb = 2"},
		{nbgrader, "a := 1\nvar b int\n// BEGIN SOLUTION\nb = 2\n// END SOLUTION\n// BEGIN HIDDEN TESTS\ncheck(b)\n// END HIDDEN TESTS"},
		{header, "a := 1\nb = 2"},
	}
	for _, tc := range tests {
		got, err := render(section{id: "x", body: body}, tc.variant)
		if err != nil {
			t.Fatalf("%s: %v", tc.variant, err)
		}
		if got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.variant, got, tc.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		body, want string
	}{
		{"//nb:end", "without a block"},
		{"//nb:teacher\nx", "unknown directive"},
		{"//nb:estudo\nx", "has no //nb:end"},
		{"// BEGIN HIDDEN TESTS\nx", "without END HIDDEN TESTS"},
	}
	for _, tc := range tests {
		_, err := render(section{id: "x", line: 10, body: tc.body}, estudo)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.body, err, tc.want)
		}
	}
}

func TestCheckGrading(t *testing.T) {
	tests := []struct {
		role, src, want string // want "" for no error
	}{
		{roleTests, "check(x)", ""},
		{roleTests, "// log.Printf in a comment is fine\ncheck(x)", ""},
		{roleTests, `log.Printf("x")`, "stderr"},
		{roleTests, `fmt.Fprintln(os.Stderr, "x")`, "stderr"},
		{roleTests, `println("x")`, "stderr"},
		{roleTests, `fmt.Println("x")`, ""},
		{roleTests, "check(x)\nscore", "partial credit"},
		{roleTests, "check(x)\n4", "partial credit"},
		{roleTests, "// BEGIN HIDDEN TESTS\ncheck(y)\n// END HIDDEN TESTS", ""},
		{roleTests, "// BEGIN SOLUTION\nx\n// END SOLUTION", "nbgrader=solution cells only"},
		{roleSolution, "// BEGIN SOLUTION\nx\n// END SOLUTION", ""},
		{roleSolution, "// BEGIN SOLUTION\nx", "in pairs"},
		{roleReadonly, "// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS", "nbgrader=tests cells only"},
		{roleReadonly, `log.Printf("x")`, ""},
	}
	for _, tc := range tests {
		err := checkGrading(section{id: "x", role: tc.role}, tc.src)
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s %q: error %v, want %q", tc.role, tc.src, err, tc.want)
		}
	}
}

func TestParseSourceErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"just text\n", "no section"},
		{"-- cell x --\n", "unknown section kind"},
		{"-- code --\n", "no cell id"},
		{"-- code x in=teacher --\n", "unknown variant"},
		{"-- code x nbgrader=tests --\n", "needs points"},
		{"-- code x points=2 --\n", "needs points"},
		{"-- code x points=-1 nbgrader=tests --\n", "positive"},
		{"-- markdown x nbgrader=readonly --\n", "only code cells"},
		{"-- code x colour=red --\n", "unknown key"},
		{"-- code x tags --\n", "not key=value"},
		{"-- metadata extra --\n", "takes nothing"},
	}
	for _, tc := range tests {
		_, err := parseSource("src.txtar", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.src, err, tc.want)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	meta := section{kind: "metadata", body: `{"kernelspec": {"name": "go"}}`}
	cell := func(id string) section { return section{kind: "code", id: id, in: []string{estudo, nbgrader}} }
	tests := []struct {
		name string
		secs []section
		want string
	}{
		{"duplicate id", []section{meta, cell("a"), cell("a")}, "used twice"},
		{"no metadata", []section{cell("a")}, "no metadata"},
		{"no cell", []section{meta}, "no cell"},
		{"bad metadata", []section{{kind: "metadata", body: "["}, cell("a")}, "not a JSON object"},
	}
	for _, tc := range tests {
		_, err := build(tc.secs, estudo)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
