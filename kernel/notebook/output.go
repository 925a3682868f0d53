package notebook

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Output types of nbformat 4.
const (
	StreamOutput        = "stream"
	DisplayDataOutput   = "display_data"
	ExecuteResultOutput = "execute_result"
	ErrorOutput         = "error"
)

// Output is one output of a code cell. Which fields matter depends on
// OutputType: Name and Text for "stream"; Data and Metadata for
// "display_data" and "execute_result", which also has ExecutionCount;
// EName, EValue and Traceback for "error".
type Output struct {
	OutputType     string
	Name           string
	Text           string
	Data           map[string]any
	Metadata       map[string]any
	ExecutionCount *int
	EName          string
	EValue         string
	Traceback      []string
	// Extra holds fields the output type does not have, as read.
	Extra map[string]json.RawMessage
}

// outputFields are the fields Output has a place for, by output type.
var outputFields = map[string]map[string]bool{
	StreamOutput:        {"output_type": true, "name": true, "text": true},
	DisplayDataOutput:   {"output_type": true, "data": true, "metadata": true},
	ExecuteResultOutput: {"output_type": true, "data": true, "metadata": true, "execution_count": true},
	ErrorOutput:         {"output_type": true, "ename": true, "evalue": true, "traceback": true},
}

func parseOutput(raw json.RawMessage) (*Output, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(raw, &f); err != nil || f == nil {
		return nil, fmt.Errorf("not a JSON object but %s", short(raw))
	}
	o := &Output{Extra: map[string]json.RawMessage{}}
	if err := json.Unmarshal(f["output_type"], &o.OutputType); err != nil || o.OutputType == "" {
		return nil, errors.New(`no "output_type"`)
	}
	known := outputFields[o.OutputType]
	if known == nil {
		known = map[string]bool{"output_type": true}
	}
	var err error
	switch o.OutputType {
	case StreamOutput:
		_ = json.Unmarshal(f["name"], &o.Name)
		o.Text, err = multiline(f["text"])
		if err != nil {
			return nil, fmt.Errorf(`"text": %w`, err)
		}
	case DisplayDataOutput, ExecuteResultOutput:
		if o.Data, err = bundle(f["data"]); err != nil {
			return nil, fmt.Errorf(`"data": %w`, err)
		}
		if o.Metadata, err = bundle(f["metadata"]); err != nil {
			return nil, fmt.Errorf(`"metadata": %w`, err)
		}
		for k, v := range o.Data {
			if raw, ok := v.(json.RawMessage); ok && splitMIME(k) {
				if s, err := multiline(raw); err == nil {
					o.Data[k] = s
				}
			}
		}
		if raw, ok := f["execution_count"]; ok && !isNull(raw) && o.OutputType == ExecuteResultOutput {
			var n int
			if err := json.Unmarshal(raw, &n); err != nil {
				return nil, fmt.Errorf(`"execution_count" is %s, not a number`, short(raw))
			}
			o.ExecutionCount = &n
		}
	case ErrorOutput:
		_ = json.Unmarshal(f["ename"], &o.EName)
		_ = json.Unmarshal(f["evalue"], &o.EValue)
		_ = json.Unmarshal(f["traceback"], &o.Traceback)
	}
	for k, v := range f {
		if !known[k] {
			o.Extra[k] = v
		}
	}
	return o, nil
}

// bundle decodes a MIME bundle or metadata object, each value kept as read.
func bundle(raw json.RawMessage) (map[string]any, error) {
	m := map[string]any{}
	if raw == nil || isNull(raw) {
		return m, nil
	}
	var rm map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rm); err != nil {
		return nil, fmt.Errorf("%s is not a JSON object", short(raw))
	}
	for k, v := range rm {
		m[k] = v
	}
	return m, nil
}

// splitMIME reports whether nbformat writes a MIME type's string value as
// a list of lines.
func splitMIME(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "application/javascript" || mime == "image/svg+xml"
}

// value is the output as JSON values.
func (o *Output) value() map[string]any {
	m := map[string]any{}
	for k, v := range o.Extra {
		m[k] = v
	}
	m["output_type"] = o.OutputType
	switch o.OutputType {
	case StreamOutput:
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case DisplayDataOutput, ExecuteResultOutput:
		data := map[string]any{}
		for k, v := range o.Data {
			if s, ok := v.(string); ok && splitMIME(k) {
				data[k] = splitLines(s)
			} else {
				data[k] = v
			}
		}
		m["data"] = data
		md := o.Metadata
		if md == nil {
			md = map[string]any{}
		}
		m["metadata"] = md
		if o.OutputType == ExecuteResultOutput {
			m["execution_count"] = o.ExecutionCount
		}
	case ErrorOutput:
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["ename"], m["evalue"], m["traceback"] = o.EName, o.EValue, tb
	}
	return m
}

// Collector puts what a kernel publishes while cells run into their
// outputs, as Jupyter frontends do: consecutive stream text of one name is
// merged, update_display_data replaces every earlier output with the same
// display id (in any cell), and clear_output empties the cell now or,
// with wait, at its next output. A Collector and its Cells are not safe
// for concurrent use.
type Collector struct {
	displays   map[string][]*Output
	displayIDs map[*Output]string
}

// NewCollector returns a Collector that knows no display ids yet.
func NewCollector() *Collector {
	return &Collector{displays: map[string][]*Output{}, displayIDs: map[*Output]string{}}
}

// CellOutputs receives the outputs of one cell run.
type CellOutputs struct {
	c         *Collector
	cell      *Cell
	clearNext bool
}

// Start empties the outputs of cell and returns where its new outputs go.
func (c *Collector) Start(cell *Cell) *CellOutputs {
	w := &CellOutputs{c: c, cell: cell}
	w.clear()
	return w
}

// Cell returns the cell the outputs go to.
func (w *CellOutputs) Cell() *Cell { return w.cell }

func (w *CellOutputs) add(o *Output) {
	if w.clearNext {
		w.clearNext = false
		w.clear()
	}
	w.cell.Outputs = append(w.cell.Outputs, o)
}

// clear empties the cell's outputs and forgets their display ids.
func (w *CellOutputs) clear() {
	c := w.c
	for _, o := range w.cell.Outputs {
		id, ok := c.displayIDs[o]
		if !ok {
			continue
		}
		delete(c.displayIDs, o)
		var kept []*Output
		for _, d := range c.displays[id] {
			if d != o {
				kept = append(kept, d)
			}
		}
		if len(kept) == 0 {
			delete(c.displays, id)
		} else {
			c.displays[id] = kept
		}
	}
	w.cell.Outputs = nil
}

// Stream adds text printed on stream name ("stdout" or "stderr"), merged
// into the previous output when that is text of the same stream.
func (w *CellOutputs) Stream(name, text string) {
	if text == "" {
		return
	}
	if n := len(w.cell.Outputs); n > 0 && !w.clearNext {
		last := w.cell.Outputs[n-1]
		if last.OutputType == StreamOutput && last.Name == name {
			last.Text += text
			return
		}
	}
	w.add(&Output{OutputType: StreamOutput, Name: name, Text: text})
}

// Display adds display_data; displayID, when set, is what later updates
// name it by.
func (w *CellOutputs) Display(data, metadata map[string]any, displayID string) {
	o := &Output{OutputType: DisplayDataOutput, Data: orEmpty(data), Metadata: orEmpty(metadata)}
	w.add(o)
	if displayID != "" {
		w.c.displays[displayID] = append(w.c.displays[displayID], o)
		w.c.displayIDs[o] = displayID
	}
}

// UpdateDisplay replaces the data and metadata of every output shown with
// displayID, in any cell. It reports whether there were any; an update of
// an unknown id is ignored, as frontends ignore it.
func (w *CellOutputs) UpdateDisplay(data, metadata map[string]any, displayID string) bool {
	outs := w.c.displays[displayID]
	for _, o := range outs {
		o.Data, o.Metadata = orEmpty(data), orEmpty(metadata)
	}
	return len(outs) > 0
}

// Result adds the cell's execute_result.
func (w *CellOutputs) Result(count int, data, metadata map[string]any) {
	n := count
	w.add(&Output{OutputType: ExecuteResultOutput, ExecutionCount: &n, Data: orEmpty(data), Metadata: orEmpty(metadata)})
}

// Error adds an error output.
func (w *CellOutputs) Error(ename, evalue string, traceback []string) {
	if traceback == nil {
		traceback = []string{}
	}
	w.add(&Output{OutputType: ErrorOutput, EName: ename, EValue: evalue, Traceback: traceback})
}

// Clear empties the cell's outputs, or with wait, does so when the next
// output arrives.
func (w *CellOutputs) Clear(wait bool) {
	w.clearNext = wait
	if !wait {
		w.clear()
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
