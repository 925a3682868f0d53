package notebook

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseParam(t *testing.T) {
	tests := []struct {
		in      string
		want    Param
		wantErr string
	}{
		{in: "n=50", want: Param{"n", "50"}},
		{in: "espera=10*time.Millisecond", want: Param{"espera", "10*time.Millisecond"}},
		{in: ` who = "a=b" `, want: Param{"who", `"a=b"`}},
		{in: "xs=[]int{1, 2}", want: Param{"xs", "[]int{1, 2}"}},
		{in: "ñ=1", want: Param{"ñ", "1"}},
		{in: "n", wantErr: "want name=value"},
		{in: "=5", wantErr: `"" is not a Go identifier`},
		{in: "2x=5", wantErr: `"2x" is not a Go identifier`},
		{in: "func=5", wantErr: `"func" is not a Go identifier`},
		{in: "a.b=5", wantErr: "not a Go identifier"},
		{in: "n=", wantErr: "the value is empty"},
		{in: "s=hello world", wantErr: "not a Go expression"},
		{in: "d=10*", wantErr: "not a Go expression"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseParam(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseParam = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// kinds lists cells as "type:tags:source" for comparing.
func kinds(nb *Notebook) []string {
	var out []string
	for _, c := range nb.Cells {
		out = append(out, c.Type+":"+strings.Join(c.Tags(), ",")+":"+c.Source)
	}
	return out
}

func TestInjectParameters(t *testing.T) {
	const header = "// Parameters injected by gokernel run.\n"
	tests := []struct {
		name    string
		cells   []*Cell
		params  []Param
		want    []string
		wantErr string
	}{
		{
			name:   "no params changes nothing",
			cells:  []*Cell{code("x := 1")},
			params: nil,
			want:   []string{"code::x := 1"},
		},
		{
			name:   "after the parameters cell",
			cells:  []*Cell{code("import \"time\""), code("var n = 5", "parameters"), code("n")},
			params: []Param{{"n", "50"}, {"espera", "10*time.Millisecond"}},
			want: []string{"code::import \"time\"", "code:parameters:var n = 5",
				"code:injected-parameters:" + header + "n = 50\nespera = 10*time.Millisecond", "code::n"},
		},
		{
			name:   "last value of a name wins, first place kept",
			cells:  []*Cell{code("var a, b = 1, 2", "parameters")},
			params: []Param{{"a", "10"}, {"b", "20"}, {"a", "30"}},
			want:   []string{"code:parameters:var a, b = 1, 2", "code:injected-parameters:" + header + "a = 30\nb = 20"},
		},
		{
			name: "earlier injected cell replaced",
			cells: []*Cell{code("var n = 5", "parameters"), code("n = 7", "injected-parameters"), code("n"),
				code("n = 8", "injected-parameters")},
			params: []Param{{"n", "9"}},
			want:   []string{"code:parameters:var n = 5", "code:injected-parameters:" + header + "n = 9", "code::n"},
		},
		{
			name:   "first parameters cell",
			cells:  []*Cell{{Type: MarkdownCell, Source: "md", Metadata: tagged("parameters")}, code("var a = 1", "parameters", "x"), code("var a = 2", "parameters")},
			params: []Param{{"a", "3"}},
			want: []string{"markdown:parameters:md", "code:parameters,x:var a = 1",
				"code:injected-parameters:" + header + "a = 3", "code:parameters:var a = 2"},
		},
		{
			name:    "no parameters cell",
			cells:   []*Cell{code("var n = 5"), code("n = 7", "injected-parameters")},
			params:  []Param{{"n", "9"}},
			want:    []string{"code::var n = 5", "code:injected-parameters:n = 7"},
			wantErr: `no code cell is tagged "parameters"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := &Notebook{NbformatMinor: 5, Cells: tt.cells}
			nb.EnsureIDs()
			cell, err := nb.InjectParameters(tt.params)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if got := kinds(nb); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cells:\n got %q\nwant %q", got, tt.want)
			}
			if cell != nil {
				seen := map[string]bool{}
				for _, c := range nb.Cells {
					if seen[c.ID] || !idPattern.MatchString(c.ID) {
						t.Errorf("id %q invalid or repeated", c.ID)
					}
					seen[c.ID] = true
				}
			}
		})
	}
}

func TestInjectParametersFile(t *testing.T) {
	nb, err := ReadFile(filepath.Join("testdata", "minor4.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nb.InjectParameters([]Param{{"who", `"gopher"`}}); err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells[1].Source; got != "// Parameters injected by gokernel run.\nwho = \"gopher\"" {
		t.Errorf("injected source = %q", got)
	}
	if nb.ParametersCell() != nb.Cells[0] {
		t.Error("ParametersCell is not the first cell")
	}
}

func code(src string, tags ...string) *Cell {
	return &Cell{Type: CodeCell, Source: src, Metadata: tagged(tags...)}
}

func tagged(tags ...string) map[string]json.RawMessage {
	md := map[string]json.RawMessage{}
	if len(tags) > 0 {
		md["tags"], _ = json.Marshal(tags)
	}
	return md
}
