package notebook

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want string // substring of the error, after the file name
	}{
		{"invalid_json.ipynb", "invalid JSON at line 3, column 24"},
		{"empty.ipynb", "the file is empty"},
		{"truncated.ipynb", "the file ends in the middle of the notebook"},
		{"top_array.ipynb", "the JSON value is a array, not an object"},
		{"nbformat3.ipynb", "nbformat 3 is not supported, only nbformat 4"},
		{"no_nbformat.ipynb", `it has no "nbformat" field`},
		{"no_cells.ipynb", `it has no "cells" list`},
		{"cells_not_list.ipynb", `"cells" is {}, not a list`},
		{"unknown_cell_type.ipynb", `cell 2: unknown cell_type "sql"`},
		{"cell_without_type.ipynb", `cell 1: no "cell_type"`},
		{"source_number.ipynb", `cell 1: "source": 42 is neither a string nor a list of strings`},
		{"outputs_not_list.ipynb", `cell 1: "outputs" is "none", not a list`},
		{"missing.ipynb", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			before, _ := os.ReadFile(path)
			_, err := ReadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, path) {
				t.Errorf("error %q does not start with the file name", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q is not one line", msg)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the file changed")
			}
		})
	}
}

func TestParseNull(t *testing.T) {
	if _, err := Parse([]byte("null")); err == nil || !strings.Contains(err.Error(), "null") {
		t.Fatalf("Parse(null) = %v", err)
	}
}

// TestRoundTrip checks that a notebook written by nbformat (keys sorted,
// one-space indent) is written back byte for byte, unknown fields included.
func TestRoundTrip(t *testing.T) {
	for _, file := range []string{"full.ipynb"} {
		t.Run(file, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			nb, err := Parse(want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := nb.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("round trip differs:\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	nb, err := ReadFile(filepath.Join("testdata", "full.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	code := nb.Cells[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"cells", len(nb.Cells), 4},
		{"minor", nb.NbformatMinor, 5},
		{"extra", compact(nb.Extra["top_level_extra"]), `{"x":"y"}`},
		{"language", nb.Language(), "go"},
		{"kernel name", nb.KernelName(), "go"},
		{"markdown source", nb.Cells[0].Source, "# Título <b>&</b>\n\nSome *text*."},
		{"attachments kept", nb.Cells[0].Extra["attachments"] != nil, true},
		{"code id", code.ID, "c-1"},
		{"code source", code.Source, "var n = 5\nn"},
		{"execution count", *code.ExecutionCount, 3},
		{"tags", code.Tags(), []string{"parameters"}},
		{"has tag", code.HasTag("parameters"), true},
		{"no tag", code.HasTag("other"), false},
		{"outputs", len(code.Outputs), 5},
		{"stream joined", code.Outputs[0].Text, "olá\nsecond line\n"},
		{"stream name", code.Outputs[1].Name, "stderr"},
		{"text/plain joined", code.Outputs[2].Data["text/plain"], "42"},
		{"text/html joined", code.Outputs[2].Data["text/html"], "<b>42</b>\n<i>x</i>"},
		{"result count", *code.Outputs[2].ExecutionCount, 3},
		{"display extra", compact(code.Outputs[3].Extra["transient_extra"]), `"kept"`},
		{"error name", code.Outputs[4].EName, "panic"},
		{"traceback", len(code.Outputs[4].Traceback), 2},
		{"raw empty source", nb.Cells[2].Source, ""},
		{"never run", nb.Cells[3].ExecutionCount == nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	_ = json.Compact(&b, raw)
	return b.String()
}

// decode turns JSON into plain values for comparing.
func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON written: %v\n%s", err, b)
	}
	return v
}

func TestMinor4Upgrade(t *testing.T) {
	nb, err := ReadFile(filepath.Join("testdata", "minor4.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	nb.EnsureIDs()
	nb.ClearOutputs()
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, b).(map[string]any)
	if got["nbformat_minor"] != 5.0 {
		t.Errorf("nbformat_minor = %v, want 5", got["nbformat_minor"])
	}
	cells := got["cells"].([]any)
	tests := []struct {
		cell int
		key  string
		want any
	}{
		{0, "outputs", []any{}},
		{0, "execution_count", nil},
		{0, "source", []any{"var n = 5\n", `var who = "world"`}},
		{1, "metadata", map[string]any{}},
		{1, "source", []any{"no metadata, no id"}},
		{2, "outputs", []any{}},
		{2, "execution_count", nil},
	}
	for _, tt := range tests {
		c := cells[tt.cell].(map[string]any)
		if !reflect.DeepEqual(c[tt.key], tt.want) {
			t.Errorf("cell %d %s = %#v, want %#v", tt.cell+1, tt.key, c[tt.key], tt.want)
		}
	}
	seen := map[string]bool{}
	for i, c := range cells {
		id, _ := c.(map[string]any)["id"].(string)
		if !idPattern.MatchString(id) || seen[id] {
			t.Errorf("cell %d id %q is invalid or repeated", i+1, id)
		}
		seen[id] = true
		if _, ok := c.(map[string]any)["outputs"]; ok != (i != 1) {
			t.Errorf("cell %d: outputs present = %v", i+1, ok)
		}
	}
}

func TestEnsureIDs(t *testing.T) {
	tests := []struct {
		name      string
		minor     int
		ids       []string
		keep      []bool // which ids must be kept
		wantMinor int
	}{
		{"none", 4, []string{"", ""}, []bool{false, false}, 5},
		{"valid kept", 5, []string{"a", "b-c_D9"}, []bool{true, true}, 5},
		{"duplicate replaced", 5, []string{"a", "a", "b"}, []bool{true, false, true}, 5},
		{"invalid replaced", 5, []string{"has space", "ok", strings.Repeat("x", 65)}, []bool{false, true, false}, 5},
		{"later minor kept", 6, []string{"x"}, []bool{true}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{NbformatMinor: tt.minor}
			for _, id := range tt.ids {
				nb.Cells = append(nb.Cells, &Cell{ID: id, Type: MarkdownCell})
			}
			nb.EnsureIDs()
			if nb.NbformatMinor != tt.wantMinor {
				t.Errorf("minor = %d, want %d", nb.NbformatMinor, tt.wantMinor)
			}
			seen := map[string]bool{}
			for i, c := range nb.Cells {
				if !idPattern.MatchString(c.ID) || seen[c.ID] {
					t.Errorf("cell %d: id %q invalid or repeated", i, c.ID)
				}
				seen[c.ID] = true
				if tt.keep[i] && c.ID != tt.ids[i] {
					t.Errorf("cell %d: id %q replaced by %q", i, tt.ids[i], c.ID)
				}
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		metadata string
		want     string
	}{
		{`{}`, ""},
		{`{"kernelspec": {"name": "go", "language": "go"}}`, "go"},
		{`{"kernelspec": {"name": "python3", "language": "python"}, "language_info": {"name": "python"}}`, "python"},
		{`{"language_info": {"name": "go"}}`, "go"},
		{`{"kernelspec": {"name": "gophernotes"}, "language_info": {"name": "go"}}`, "go"},
		{`{"kernelspec": "not an object"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.metadata, func(t *testing.T) {
			nb, err := Parse([]byte(`{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": ` + tt.metadata + `}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := nb.Language(); got != tt.want {
				t.Errorf("Language() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSetDefault(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {"kernelspec": {"name": "mine"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = nb.SetDefault("kernelspec", map[string]string{"name": "go"})
	_ = nb.SetDefault("language_info", map[string]string{"name": "go"})
	if got := nb.KernelName(); got != "mine" {
		t.Errorf("existing kernelspec replaced: %q", got)
	}
	if got := string(nb.Metadata["language_info"]); got != `{"name":"go"}` {
		t.Errorf("language_info = %s", got)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb := &Notebook{NbformatMinor: 5, Cells: []*Cell{{ID: "a", Type: CodeCell, Source: "x := \"<&>\"\nx"}}}
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "a",
   "metadata": {},
   "outputs": [],
   "source": [
    "x := \"<&>\"\n",
    "x"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
`
	if string(b) != want {
		t.Errorf("wrote:\n%s\nwant:\n%s", b, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want the old file's 0600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := nb.WriteFile(filepath.Join(dir, "no", "such", "dir.ipynb")); err == nil {
		t.Error("writing into a missing directory did not fail")
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
		{"a\r\nb", []string{"a\r\n", "b"}},
	}
	for _, tt := range tests {
		if got := splitLines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
