package notebook

import (
	"encoding/json"
	"reflect"
	"testing"
)

// op is one thing a kernel publishes, in cell cell (0 or 1).
type op struct {
	cell int
	kind string // stream, display, update, result, error, clear, clearwait
	name string // stream name, or display id
	text string // stream text, or text/plain
}

func TestCollector(t *testing.T) {
	tests := []struct {
		name string
		ops  []op
		want [2]string // outputs of the two cells, as JSON
	}{
		{
			name: "streams merged per name in order",
			ops: []op{{0, "stream", "stdout", "a"}, {0, "stream", "stdout", "b\n"}, {0, "stream", "stderr", "e"},
				{0, "stream", "stdout", "c"}, {0, "stream", "stdout", ""}},
			want: [2]string{`[{"name":"stdout","output_type":"stream","text":["ab\n"]},{"name":"stderr","output_type":"stream","text":["e"]},{"name":"stdout","output_type":"stream","text":["c"]}]`, `[]`},
		},
		{
			name: "result and error",
			ops:  []op{{0, "result", "", "42"}, {1, "error", "", "boom"}},
			want: [2]string{`[{"data":{"text/plain":["42"]},"execution_count":1,"metadata":{},"output_type":"execute_result"}]`,
				`[{"ename":"panic","evalue":"boom","output_type":"error","traceback":["panic: boom"]}]`},
		},
		{
			name: "update replaces the display in every cell",
			ops: []op{{0, "display", "d", "v1"}, {0, "stream", "stdout", "x"}, {1, "display", "d", "v1"},
				{1, "display", "", "other"}, {1, "update", "d", "v2"}},
			want: [2]string{`[{"data":{"text/plain":["v2"]},"metadata":{},"output_type":"display_data"},{"name":"stdout","output_type":"stream","text":["x"]}]`,
				`[{"data":{"text/plain":["v2"]},"metadata":{},"output_type":"display_data"},{"data":{"text/plain":["other"]},"metadata":{},"output_type":"display_data"}]`},
		},
		{
			name: "update of an unknown id is ignored",
			ops:  []op{{0, "display", "d", "v1"}, {0, "update", "nope", "v2"}},
			want: [2]string{`[{"data":{"text/plain":["v1"]},"metadata":{},"output_type":"display_data"}]`, `[]`},
		},
		{
			name: "clear now",
			ops:  []op{{0, "stream", "stdout", "a"}, {0, "clear", "", ""}, {0, "stream", "stdout", "b"}},
			want: [2]string{`[{"name":"stdout","output_type":"stream","text":["b"]}]`, `[]`},
		},
		{
			name: "clear wait clears at the next output, not merging into the old",
			ops: []op{{0, "stream", "stdout", "1"}, {0, "clearwait", "", ""}, {0, "update", "x", "ignored"},
				{0, "stream", "stdout", "2"}, {0, "stream", "stdout", "3"}},
			want: [2]string{`[{"name":"stdout","output_type":"stream","text":["23"]}]`, `[]`},
		},
		{
			name: "clear wait with nothing after keeps the outputs",
			ops:  []op{{0, "stream", "stdout", "1"}, {0, "clearwait", "", ""}},
			want: [2]string{`[{"name":"stdout","output_type":"stream","text":["1"]}]`, `[]`},
		},
		{
			name: "cleared display is no longer updated",
			ops: []op{{0, "display", "d", "old"}, {0, "clear", "", ""}, {0, "display", "d", "new"},
				{1, "update", "d", "newer"}},
			want: [2]string{`[{"data":{"text/plain":["newer"]},"metadata":{},"output_type":"display_data"}]`, `[]`},
		},
		{
			name: "progress bar by clear wait",
			ops: []op{{0, "clearwait", "", ""}, {0, "stream", "stdout", "10%"}, {0, "clearwait", "", ""},
				{0, "stream", "stdout", "50%"}, {0, "clearwait", "", ""}, {0, "stream", "stdout", "100%"}},
			want: [2]string{`[{"name":"stdout","output_type":"stream","text":["100%"]}]`, `[]`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := [2]*Cell{{Type: CodeCell, Outputs: []*Output{{OutputType: StreamOutput, Name: "stdout", Text: "stale"}}}, {Type: CodeCell}}
			col := NewCollector()
			var outs [2]*CellOutputs
			for i := range cells {
				outs[i] = col.Start(cells[i])
			}
			for _, o := range tt.ops {
				w := outs[o.cell]
				data := map[string]any{"text/plain": o.text}
				switch o.kind {
				case "stream":
					w.Stream(o.name, o.text)
				case "display":
					w.Display(data, nil, o.name)
				case "update":
					w.UpdateDisplay(data, nil, o.name)
				case "result":
					w.Result(o.cell+1, data, nil)
				case "error":
					w.Error("panic", o.text, []string{"panic: " + o.text})
				case "clear":
					w.Clear(false)
				case "clearwait":
					w.Clear(true)
				}
			}
			for i, c := range cells {
				b, err := json.Marshal(c.value()["outputs"])
				if err != nil {
					t.Fatal(err)
				}
				var got, want any
				_ = json.Unmarshal(b, &got)
				if err := json.Unmarshal([]byte(tt.want[i]), &want); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("cell %d outputs:\n got %s\nwant %s", i, b, tt.want[i])
				}
			}
		})
	}
}

func TestOutputUnknownType(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
		{"cell_type": "code", "id": "a", "metadata": {}, "source": "", "execution_count": null,
		 "outputs": [{"output_type": "future_kind", "payload": [1, 2]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(nb.Cells[0].value()["outputs"])
	if string(b) != `[{"output_type":"future_kind","payload":[1,2]}]` {
		t.Errorf("unknown output written as %s", b)
	}
}
