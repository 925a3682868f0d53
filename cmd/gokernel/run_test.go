package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/notebook"
	"github.com/aulago/gokernel/kernel/process"
)

// TestMain lets the test binary be gokernel itself: with
// GOKERNEL_TEST_AS_MAIN=1 it runs main, so the integration tests run
// "gokernel run" and its engine child processes without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("GOKERNEL_TEST_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeEngine runs cells by looking their code up in cells; unknown code
// succeeds silently.
type fakeEngine struct {
	cells map[string]func(ctx context.Context, out kernel.Publisher) kernel.ExecuteResult

	mu  sync.Mutex
	ran []string
}

func (f *fakeEngine) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) kernel.ExecuteResult {
	f.mu.Lock()
	f.ran = append(f.ran, req.Code)
	f.mu.Unlock()
	if fn := f.cells[req.Code]; fn != nil {
		return fn(ctx, out)
	}
	return kernel.ExecuteResult{Status: "ok"}
}

func (f *fakeEngine) Complete(kernel.CompleteRequest) kernel.CompleteReply {
	return kernel.CompleteReply{}
}
func (f *fakeEngine) Inspect(kernel.InspectRequest) kernel.InspectReply { return kernel.InspectReply{} }
func (f *fakeEngine) IsComplete(kernel.IsCompleteRequest) kernel.IsCompleteReply {
	return kernel.IsCompleteReply{}
}

func (f *fakeEngine) codes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ran...)
}

func (f *fakeEngine) starter() engineStarter {
	return func(io.Writer) (kernel.Engine, func(), error) { return f, func() {}, nil }
}

// failed is a cell that publishes an error and fails.
func failed(ename, evalue string) func(context.Context, kernel.Publisher) kernel.ExecuteResult {
	return func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
		e := kernel.ErrorInfo{EName: ename, EValue: evalue, Traceback: []string{"\x1b[0;31m" + ename + "\x1b[0m: " + evalue}}
		out.Error(e)
		return kernel.ExecuteResult{Status: "error", Error: &e}
	}
}

// cellJSON is a code or markdown cell of a test notebook.
type cellJSON struct {
	typ, source string
	tags        []string
}

// writeNotebook writes a Go notebook with cells into dir and returns its
// path, with its modification time set in the past.
func writeNotebook(t *testing.T, dir, name string, cells ...cellJSON) string {
	t.Helper()
	var cs []map[string]any
	for _, c := range cells {
		m := map[string]any{"cell_type": c.typ, "metadata": map[string]any{}, "source": c.source}
		if len(c.tags) > 0 {
			m["metadata"] = map[string]any{"tags": c.tags}
		}
		if c.typ == "code" {
			m["outputs"], m["execution_count"] = []any{}, nil
		}
		cs = append(cs, m)
	}
	nb := map[string]any{"cells": cs, "nbformat": 4, "nbformat_minor": 4,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "go", "language": "go", "display_name": "Go"}}}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	return path
}

func code(src string, tags ...string) cellJSON { return cellJSON{"code", src, tags} }
func markdown(src string) cellJSON             { return cellJSON{"markdown", src, nil} }

// snapshot is a file's bytes and modification time.
type snapshot struct {
	data  []byte
	mtime time.Time
}

func snap(t *testing.T, path string) snapshot {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{b, st.ModTime()}
}

func (s snapshot) check(t *testing.T, path string) {
	t.Helper()
	now := snap(t, path)
	if !bytes.Equal(now.data, s.data) || !now.mtime.Equal(s.mtime) {
		t.Errorf("%s was modified", path)
	}
}

// readOutputs reads a written notebook: each cell's execution count (-1
// for null) and outputs as plain JSON values.
func readOutputs(t *testing.T, path string) (cells []map[string]any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notebook.Parse(b); err != nil {
		t.Fatalf("written notebook does not parse: %v", err)
	}
	var nb struct {
		Cells         []map[string]any `json:"cells"`
		NbformatMinor int              `json:"nbformat_minor"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if nb.NbformatMinor < 5 {
		t.Errorf("nbformat_minor = %d, want 5 or later", nb.NbformatMinor)
	}
	for i, c := range nb.Cells {
		if id, _ := c["id"].(string); id == "" {
			t.Errorf("cell %d has no id", i+1)
		}
	}
	return nb.Cells
}

// normalize re-encodes v so that values compare as JSON does.
func normalize(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func TestRunOutputs(t *testing.T) {
	text := func(s string) map[string]any { return map[string]any{"text/plain": s} }
	eng := &fakeEngine{cells: map[string]func(context.Context, kernel.Publisher) kernel.ExecuteResult{
		"print": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Stream("stdout", "a")
			out.Stream("stdout", "b\n")
			out.Stream("stderr", "warn\n")
			out.Stream("stdout", "c\n")
			return kernel.ExecuteResult{Status: "ok"}
		},
		"result": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Result(kernel.DisplayData{Data: text("42")})
			return kernel.ExecuteResult{Status: "ok"}
		},
		"show": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Display(kernel.DisplayData{Data: text("v1"), DisplayID: "d"})
			return kernel.ExecuteResult{Status: "ok"}
		},
		"update": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Display(kernel.DisplayData{Data: text("v2"), DisplayID: "d", Update: true})
			out.Display(kernel.DisplayData{Data: map[string]any{"image/png": "iVBO"}, Metadata: map[string]any{"w": 1}})
			return kernel.ExecuteResult{Status: "ok"}
		},
		"progress": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Stream("stdout", "10%")
			out.ClearOutput(true)
			out.Stream("stdout", "100%\n")
			return kernel.ExecuteResult{Status: "ok"}
		},
	}}
	dir := t.TempDir()
	in := writeNotebook(t, dir, "nb.ipynb", code("print"), markdown("# title"), code("result"), code("  \n"),
		code("show"), code("update"), code("progress"))
	before := snap(t, in)
	var stdout, stderr bytes.Buffer
	if err := runCommand(context.Background(), []string{in}, &stdout, &stderr, eng.starter()); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	before.check(t, in)
	if got, want := eng.codes(), []string{"print", "result", "show", "update", "progress"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ran %q, want %q (blank cells skipped)", got, want)
	}
	wantOut := "[1/5] print\nab\nc\n[2/5] result\n42\n[3/5] show\nv1\n[4/5] update\nv2\n[image/png]\n[5/5] progress\n10%\n100%\n"
	if stdout.String() != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), wantOut)
	}
	out := filepath.Join(dir, "nb.executed.ipynb")
	if !strings.Contains(stderr.String(), "warn\n") || !strings.Contains(stderr.String(), "ran 5 cells in") ||
		!strings.Contains(stderr.String(), "wrote "+out) {
		t.Errorf("stderr: %s", stderr.String())
	}
	stream := func(name, text string) map[string]any {
		return map[string]any{"output_type": "stream", "name": name, "text": []any{text}}
	}
	display := func(s string) map[string]any {
		return map[string]any{"output_type": "display_data", "data": map[string]any{"text/plain": []any{s}}, "metadata": map[string]any{}}
	}
	tests := []struct {
		count   any
		outputs []any
	}{
		{1.0, []any{map[string]any{"output_type": "stream", "name": "stdout", "text": []any{"ab\n"}}, stream("stderr", "warn\n"), stream("stdout", "c\n")}},
		{nil, nil}, // markdown
		{2.0, []any{map[string]any{"output_type": "execute_result", "execution_count": 2.0, "data": map[string]any{"text/plain": []any{"42"}}, "metadata": map[string]any{}}}},
		{nil, []any{}}, // blank: not run
		{3.0, []any{display("v2")}},
		{4.0, []any{map[string]any{"output_type": "display_data", "data": map[string]any{"image/png": "iVBO"}, "metadata": map[string]any{"w": 1.0}}}},
		{5.0, []any{stream("stdout", "100%\n")}},
	}
	cells := readOutputs(t, out)
	if len(cells) != len(tests) {
		t.Fatalf("%d cells written, want %d", len(cells), len(tests))
	}
	for i, tt := range tests {
		c := cells[i]
		if c["cell_type"] == "markdown" {
			continue
		}
		if c["execution_count"] != tt.count {
			t.Errorf("cell %d: execution_count %v, want %v", i+1, c["execution_count"], tt.count)
		}
		if got, want := normalize(t, c["outputs"]), normalize(t, tt.outputs); !reflect.DeepEqual(got, want) {
			t.Errorf("cell %d outputs:\n got %v\nwant %v", i+1, got, want)
		}
	}
}

func TestRunFailure(t *testing.T) {
	eng := &fakeEngine{cells: map[string]func(context.Context, kernel.Publisher) kernel.ExecuteResult{
		"boom": failed("panic", "boom"),
	}}
	dir := t.TempDir()
	in := writeNotebook(t, dir, "nb.ipynb", code("one"), code("boom"), code("never"))
	before := snap(t, in)
	var stdout, stderr bytes.Buffer
	err := runCommand(context.Background(), []string{in, "-o", filepath.Join(dir, "out.ipynb")}, &stdout, &stderr, eng.starter())
	var ce *cellError
	if !errors.As(err, &ce) || err.Error() != "cell 2 failed: panic: boom" {
		t.Fatalf("error = %v, want cell 2 failed: panic: boom", err)
	}
	before.check(t, in)
	if got := eng.codes(); !reflect.DeepEqual(got, []string{"one", "boom"}) {
		t.Errorf("ran %q", got)
	}
	if !strings.Contains(stderr.String(), "panic: boom\n") || strings.Contains(stderr.String(), "\x1b[") {
		t.Errorf("traceback not shown plainly on stderr: %q", stderr.String())
	}
	cells := readOutputs(t, filepath.Join(dir, "out.ipynb"))
	want := []any{1.0, 2.0, nil}
	for i, c := range cells {
		if c["execution_count"] != want[i] {
			t.Errorf("cell %d: execution_count %v, want %v", i+1, c["execution_count"], want[i])
		}
	}
	errOut := cells[1]["outputs"].([]any)[0].(map[string]any)
	if errOut["output_type"] != "error" || errOut["ename"] != "panic" || errOut["evalue"] != "boom" {
		t.Errorf("error output %v", errOut)
	}
}

func TestRunTimeoutAndProgress(t *testing.T) {
	slow := func(ctx context.Context, out kernel.Publisher) kernel.ExecuteResult {
		<-ctx.Done()
		return failed("KeyboardInterrupt", "interrupted")(ctx, out)
	}
	tests := []struct {
		name    string
		args    []string
		cancel  bool
		wantErr string
	}{
		{"timeout", []string{"-timeout", "150ms", "-progress", "40ms"}, false, "cell 1 failed: timed out after 150ms (KeyboardInterrupt: interrupted)"},
		{"interrupt", []string{"-progress", "40ms"}, true, "cell 1 failed: interrupted (KeyboardInterrupt: interrupted)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := &fakeEngine{cells: map[string]func(context.Context, kernel.Publisher) kernel.ExecuteResult{"slow": slow}}
			in := writeNotebook(t, t.TempDir(), "nb.ipynb", code("slow"), code("after"))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				time.AfterFunc(150*time.Millisecond, cancel)
			}
			var stdout, stderr bytes.Buffer
			err := runCommand(ctx, append([]string{in}, tt.args...), &stdout, &stderr, eng.starter())
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("error = %v, want %s", err, tt.wantErr)
			}
			if !strings.Contains(stderr.String(), "… still running cell 1 (") {
				t.Errorf("no progress line: %q", stderr.String())
			}
			if got := eng.codes(); len(got) != 1 {
				t.Errorf("ran %q after the failure", got)
			}
		})
	}
}

func TestRunLostEngine(t *testing.T) {
	eng := &fakeEngine{}
	nb := &notebook.Notebook{Cells: []*notebook.Cell{{Type: notebook.CodeCell, Source: "a"}, {Type: notebook.CodeCell, Source: "b"}}}
	var stdout, stderr bytes.Buffer
	r := newRunner(eng, nb, &stdout, &stderr)
	// The engine dies after cell 1 ended: the supervisor says so.
	pub := &cellPub{r: r, n: 1, out: r.col.Start(nb.Cells[0]), ended: true}
	pub.Stream("stderr", "\npanic: late\n")
	r.ran = 1
	r.lifecycle(process.Event{Kind: process.EngineDied, Cause: "panic: late"})
	r.lifecycle(process.Event{Kind: process.EngineDied, Cause: "panic: a cell's own", InCell: true})
	err := r.run(context.Background())
	if err == nil || err.Error() != "cell 1 failed: the Go engine died after the cell ended: panic: late" {
		t.Fatalf("error = %v", err)
	}
	if len(eng.codes()) != 0 {
		t.Error("cells ran in a lost engine")
	}
	// After finish, nothing is recorded.
	r.finish()
	pub.Stream("stdout", "late")
	if len(nb.Cells[0].Outputs) != 1 {
		t.Errorf("output recorded after finish: %v", nb.Cells[0].Outputs)
	}
}

func TestRunParametersFake(t *testing.T) {
	eng := &fakeEngine{}
	dir := t.TempDir()
	in := writeNotebook(t, dir, "p.ipynb", code("import \"time\""), code("var n = 5\nvar wait = time.Second", "parameters"), code("n"))
	var stdout, stderr bytes.Buffer
	err := runCommand(context.Background(), []string{"-p", "n=50", in, "-p", "wait=10*time.Millisecond", "-p", "other=1"}, &stdout, &stderr, eng.starter())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"import \"time\"", "var n = 5\nvar wait = time.Second",
		"// Parameters injected by gokernel run.\nn = 50\nwait = 10*time.Millisecond\nother = 1", "n"}
	if got := eng.codes(); !reflect.DeepEqual(got, want) {
		t.Errorf("ran %q, want %q", got, want)
	}
	if !strings.Contains(stdout.String(), "[3/4] n = 50…\n") {
		t.Errorf("header of the injected cell: %s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "warning: -p other: the parameters cell does not mention other") ||
		strings.Contains(stderr.String(), "-p n:") {
		t.Errorf("warnings: %s", stderr.String())
	}
	cells := readOutputs(t, filepath.Join(dir, "p.executed.ipynb"))
	if tags := normalize(t, cells[2]["metadata"]); !reflect.DeepEqual(tags, map[string]any{"tags": []any{"injected-parameters"}}) {
		t.Errorf("injected cell metadata %v", tags)
	}
}

func TestRunBadInput(t *testing.T) {
	fixtures := filepath.Join("..", "..", "kernel", "notebook", "testdata")
	tests := []struct {
		name    string
		fixture string   // copied into the test directory as nb.ipynb
		args    []string // NB is replaced by its path
		want    string
	}{
		{"invalid JSON", "invalid_json.ipynb", []string{"NB"}, "nb.ipynb: invalid JSON at line 3, column 24"},
		{"nbformat 3", "nbformat3.ipynb", []string{"NB"}, "nb.ipynb: nbformat 3 is not supported"},
		{"no cells", "no_cells.ipynb", []string{"NB"}, `nb.ipynb: not a valid notebook: it has no "cells" list`},
		{"empty", "empty.ipynb", []string{"NB"}, "nb.ipynb: not a notebook: the file is empty"},
		{"python", "python.ipynb", []string{"NB"}, `nb.ipynb: this is a python notebook (kernel "python3"), not a Go one`},
		{"-p without parameters cell", "plain.ipynb", []string{"NB", "-p", "n=1"}, `nb.ipynb: parameters were given but no code cell is tagged "parameters"`},
		{"missing file", "", []string{"NB"}, "nb.ipynb: no such file"},
		{"bad -p", "minor4.ipynb", []string{"NB", "-p", "n"}, `parameter "n": want name=value`},
		{"bad -p value", "minor4.ipynb", []string{"NB", "-p", "n=1 +"}, "not a Go expression"},
		{"no notebook", "", []string{"-p", "n=1"}, "run: no notebook given"},
		{"two notebooks", "minor4.ipynb", []string{"NB", "NB"}, "run: one notebook at a time"},
		{"unknown flag", "minor4.ipynb", []string{"NB", "-x"}, "flag provided but not defined: -x"},
		{"no output dir", "minor4.ipynb", []string{"NB", "-o", "/no/such/dir/out.ipynb"}, "no directory /no/such/dir"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			nb := filepath.Join(dir, "nb.ipynb")
			var before snapshot
			if tt.fixture != "" {
				b, err := os.ReadFile(filepath.Join(fixtures, tt.fixture))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(nb, b, 0o644); err != nil {
					t.Fatal(err)
				}
				before = snap(t, nb)
			}
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "NB", nb))
			}
			start := func(io.Writer) (kernel.Engine, func(), error) {
				t.Error("the engine was started")
				return &fakeEngine{}, func() {}, nil
			}
			var stdout, stderr bytes.Buffer
			err := runCommand(context.Background(), args, &stdout, &stderr, start)
			var ie *inputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not bad input", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line containing %q", err, tt.want)
			}
			if tt.fixture != "" {
				before.check(t, nb)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) > 1 {
				t.Errorf("files written: %v", entries)
			}
		})
	}
}

func TestRunOutputOverInput(t *testing.T) {
	dir := t.TempDir()
	in := writeNotebook(t, dir, "nb.ipynb", code("result"))
	eng := &fakeEngine{cells: map[string]func(context.Context, kernel.Publisher) kernel.ExecuteResult{
		"result": func(_ context.Context, out kernel.Publisher) kernel.ExecuteResult {
			out.Result(kernel.DisplayData{Data: map[string]any{"text/plain": "1"}})
			return kernel.ExecuteResult{Status: "ok"}
		},
	}}
	var stdout, stderr bytes.Buffer
	if err := runCommand(context.Background(), []string{"-o", in, in}, &stdout, &stderr, eng.starter()); err != nil {
		t.Fatal(err)
	}
	cells := readOutputs(t, in)
	if n := len(cells[0]["outputs"].([]any)); n != 1 {
		t.Errorf("-o naming the input: %d outputs written into it, want 1", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files: %v", entries)
	}
}

func TestParseRunArgs(t *testing.T) {
	tests := []struct {
		args    []string
		want    runOptions
		wantErr string
	}{
		{args: []string{"a.ipynb"}, want: runOptions{notebook: "a.ipynb", progress: 10 * time.Second}},
		{args: []string{"-o", "o.ipynb", "a.ipynb", "-p", "x=1", "-p", "y=2*x", "-timeout", "1m", "-progress", "0"},
			want: runOptions{notebook: "a.ipynb", out: "o.ipynb", timeout: time.Minute,
				params: []notebook.Param{{Name: "x", Value: "1"}, {Name: "y", Value: "2*x"}}}},
		{args: []string{"-p", "s=\"a b\"", "--", "-odd.ipynb"}, want: runOptions{notebook: "-odd.ipynb", progress: 10 * time.Second,
			params: []notebook.Param{{Name: "s", Value: `"a b"`}}}},
		{args: []string{}, wantErr: "no notebook given"},
		{args: []string{"a.ipynb", "b.ipynb"}, wantErr: "one notebook at a time, got 2"},
		{args: []string{"a.ipynb", "-timeout", "-1s"}, wantErr: "must not be negative"},
		{args: []string{"a.ipynb", "-p"}, wantErr: "flag needs an argument: -p"},
		{args: []string{"-h"}, wantErr: "help requested"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, err := parseRunArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDefaultOutput(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.ipynb", "a.executed.ipynb"},
		{"dir/b.IPYNB", "dir/b.executed.ipynb"},
		{"dir.v2/notes", "dir.v2/notes.executed.ipynb"},
		{"c.json", "c.json.executed.ipynb"},
	}
	for _, tt := range tests {
		if got := defaultOutput(tt.in); got != tt.want {
			t.Errorf("defaultOutput(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"boom", "boom"},
		{"  boom\n", "boom"},
		{"3:1: undefined: x\n4:1: undefined: y", "3:1: undefined: x …"},
		{strings.Repeat("a", 201), strings.Repeat("a", 200) + " …"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct{ src, want string }{
		{"cube(2)", "cube(2)"},
		{"\n  cube(2)\n", "cube(2)"},
		{"cube(2)\ncube(3)", "cube(2)…"},
		{"// comment\nx := 1", "x := 1"},
		{"// only a comment", "// only a comment"},
		{strings.Repeat("é", 70), strings.Repeat("é", 60) + "…"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := headline(tt.src); got != tt.want {
			t.Errorf("headline(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
