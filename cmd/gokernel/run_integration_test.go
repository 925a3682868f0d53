package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// gokernel runs this test binary as gokernel (see TestMain) in dir, so the
// real supervisor and engine child processes run the cells.
//
// Under the race detector, reports go to files rather than to stderr: the
// engine child's would become cell output, and yaegi itself races when a
// goroutine panics while a cell compiles (not this package's code, and
// the engine process dies of the panic anyway). Reports of the runner
// process fail the test; the engine's are logged.
func gokernel(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	raceDir := t.TempDir()
	defer func() {
		reports, _ := filepath.Glob(filepath.Join(raceDir, "race.*"))
		for _, f := range reports {
			b, _ := os.ReadFile(f)
			t.Logf("race detector report of an engine process (yaegi):\n%.2000s", b)
		}
	}()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOKERNEL_TEST_AS_MAIN=1", "NO_COLOR=1",
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" log_path="+filepath.Join(raceDir, "race")))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running gokernel %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("gokernel %s timed out; stderr:\n%s", strings.Join(args, " "), errb.String())
	}
	own := filepath.Join(raceDir, "race."+strconv.Itoa(cmd.Process.Pid))
	if b, err := os.ReadFile(own); err == nil {
		os.Remove(own)
		t.Errorf("data race in gokernel run:\n%s", b)
	}
	return out.String(), errb.String(), code
}

// textOf returns an output's text: stream text, text/plain, or evalue.
func textOf(o map[string]any) string {
	join := func(v any) string {
		switch v := v.(type) {
		case string:
			return v
		case []any:
			var b strings.Builder
			for _, s := range v {
				b.WriteString(s.(string))
			}
			return b.String()
		}
		return ""
	}
	switch o["output_type"] {
	case "stream":
		return join(o["text"])
	case "error":
		return o["ename"].(string) + ": " + o["evalue"].(string)
	}
	data, _ := o["data"].(map[string]any)
	return join(data["text/plain"])
}

// summary lists each cell's outputs as "type:text".
func summary(cells []map[string]any) [][]string {
	var out [][]string
	for _, c := range cells {
		outs, _ := c["outputs"].([]any)
		s := []string{}
		for _, o := range outs {
			om := o.(map[string]any)
			s = append(s, om["output_type"].(string)+":"+textOf(om))
		}
		out = append(out, s)
	}
	return out
}

func TestRunFailingCellIntegration(t *testing.T) {
	if testing.Short() {
		t.Skip("starts engine processes")
	}
	dir := t.TempDir()
	in := writeNotebook(t, dir, "crash.ipynb",
		code("import \"fmt\"\nfmt.Println(\"olá\")"),
		markdown("# Goroutines"),
		code("6 * 7"),
		code("go func(){ panic(\"x\") }()\nimport \"time\"\ntime.Sleep(time.Second)"),
		code("fmt.Println(\"never\")"),
	)
	before := snap(t, in)
	stdout, stderr, code := gokernel(t, dir, "run", "crash.ipynb")
	if code != 1 {
		t.Fatalf("exit status %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	before.check(t, in)
	for _, want := range []string{"[1/4] import \"fmt\"…\nolá\n", "[2/4] 6 * 7\n42\n", "[3/4] go func(){ panic(\"x\") }()…\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "never") || strings.Contains(stdout, "[4/4]") {
		t.Errorf("ran past the failing cell:\n%s", stdout)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "gokernel: cell 3 failed: panic: x") {
		t.Errorf("last stderr line %q does not name the failing cell", last)
	}
	if !strings.Contains(stderr, "wrote crash.executed.ipynb") {
		t.Errorf("stderr does not say where the notebook went:\n%s", stderr)
	}
	cells := readOutputs(t, filepath.Join(dir, "crash.executed.ipynb"))
	got := summary(cells)
	want := [][]string{{"stream:olá\n"}, {}, {"execute_result:42"}, {"error:panic: x"}, {}}
	if len(got) != len(want) {
		t.Fatalf("outputs %q, want %q", got, want)
	}
	for i := range want {
		if i == 3 {
			if len(got[i]) != 1 || !strings.HasPrefix(got[i][0], want[i][0]) {
				t.Errorf("cell %d outputs %q, want %q", i+1, got[i], want[i])
			}
			continue
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("cell %d outputs %q, want %q", i+1, got[i], want[i])
		}
	}
	counts := []any{1.0, nil, 2.0, 3.0, nil}
	for i, c := range cells {
		if c["execution_count"] != counts[i] {
			t.Errorf("cell %d execution_count %v, want %v", i+1, c["execution_count"], counts[i])
		}
	}
}

func TestRunParametersIntegration(t *testing.T) {
	if testing.Short() {
		t.Skip("starts engine processes")
	}
	dir := t.TempDir()
	in := writeNotebook(t, dir, "params.ipynb",
		code("import (\n\t\"fmt\"\n\t\"time\"\n)"),
		code("var nLazy = 5\nvar espera = time.Second", "parameters"),
		code("fmt.Println(nLazy, espera)"),
		code("h := display.New()\nh.Text(\"v1\")\n_ = h"), // (a bare h.Text call shows a bogus result)
		code("h.Text(\"v2\")\ndisplay.HTML(\"<b>hi</b>\")\nnLazy * 2"),
	)
	before := snap(t, in)
	out := filepath.Join(dir, "out", "result.ipynb")
	if err := os.Mkdir(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := gokernel(t, dir, "run", "params.ipynb", "-p", "nLazy=50", "-p", "espera=10*time.Millisecond", "-o", out)
	if code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	before.check(t, in)
	if !strings.Contains(stdout, "[3/6] nLazy = 50…\n") || !strings.Contains(stdout, "50 10ms\n") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if !strings.Contains(stderr, "ran 6 cells in") || !strings.Contains(stderr, "wrote "+out) {
		t.Errorf("stderr:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "params.executed.ipynb")); err == nil {
		t.Error("wrote the default output although -o was given")
	}
	cells := readOutputs(t, out)
	want := [][]string{{}, {}, {}, {"stream:50 10ms\n"}, {"display_data:v2"},
		{"display_data:<text/html>", "execute_result:100"}}
	if got := summary(cells); !reflect.DeepEqual(got, want) {
		t.Errorf("outputs:\n got %q\nwant %q", got, want)
	}
	if src := textOf(map[string]any{"output_type": "stream", "text": cells[2]["source"]}); src != "// Parameters injected by gokernel run.\nnLazy = 50\nespera = 10*time.Millisecond" {
		t.Errorf("injected cell source %q", src)
	}
}

func TestRunExitStatusIntegration(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.ipynb"), []byte("{\"cells\": [,]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "bad.ipynb"}, 2, "gokernel: bad.ipynb: invalid JSON at line 1, column 12"},
		{[]string{"run"}, 2, "gokernel: run: no notebook given"},
		{[]string{"run", "-h"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := gokernel(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
			if first := strings.SplitN(stderr, "\n", 2)[0]; !strings.HasPrefix(first, tt.want) {
				t.Errorf("stderr %q, want it to start with %q", stderr, tt.want)
			}
			if tt.code == 0 && !strings.HasPrefix(stdout, "usage: gokernel run") {
				t.Errorf("help: %q", stdout)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files written: %v", entries)
	}
}
