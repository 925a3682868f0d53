package notebook

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Tags of the papermill convention for parameterized notebooks.
const (
	// ParametersTag marks the cell that sets the parameters' defaults.
	ParametersTag = "parameters"
	// InjectedTag marks the cell of assignments inserted after it.
	InjectedTag = "injected-parameters"
)

// Param is a notebook parameter: Value is Go source, assigned verbatim.
type Param struct {
	Name, Value string
}

// ParseParam parses "name=value", where name is a Go identifier and value
// a Go expression (used verbatim, e.g. "10*time.Millisecond").
func ParseParam(s string) (Param, error) {
	name, value, ok := strings.Cut(s, "=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok {
		return Param{}, fmt.Errorf("parameter %q: want name=value", s)
	}
	if !token.IsIdentifier(name) {
		return Param{}, fmt.Errorf("parameter %q: %q is not a Go identifier", s, name)
	}
	if value == "" {
		return Param{}, fmt.Errorf("parameter %q: the value is empty (quote strings as Go does: %s='\"text\"')", s, name)
	}
	if _, err := parser.ParseExpr(value); err != nil {
		return Param{}, fmt.Errorf("parameter %q: the value is not a Go expression: %v (quote strings as Go does: %s='\"text\"')", s, err, name)
	}
	return Param{Name: name, Value: value}, nil
}

// InjectParameters inserts, right after the first code cell tagged
// "parameters", a code cell tagged "injected-parameters" assigning each
// parameter its value ("name = value", the last value of a name winning),
// and returns it. Cells injected by an earlier run are removed first. It
// fails when no code cell is tagged "parameters". With no params, it
// changes nothing and returns nil.
func (nb *Notebook) InjectParameters(params []Param) (*Cell, error) {
	if len(params) == 0 {
		return nil, nil
	}
	kept := nb.Cells[:0:0]
	for _, c := range nb.Cells {
		if c.Type == CodeCell && c.HasTag(InjectedTag) {
			continue
		}
		kept = append(kept, c)
	}
	at := -1
	for i, c := range kept {
		if c.Type == CodeCell && c.HasTag(ParametersTag) {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, errors.New(`parameters were given but no code cell is tagged "parameters": tag the cell that sets their defaults (JupyterLab: Property Inspector, Common Tools, Cell Tags)`)
	}
	nb.Cells = kept
	var order []string
	values := map[string]string{}
	for _, p := range params {
		if _, ok := values[p.Name]; !ok {
			order = append(order, p.Name)
		}
		values[p.Name] = p.Value
	}
	var src strings.Builder
	src.WriteString("// Parameters injected by gokernel run.\n")
	for i, name := range order {
		if i > 0 {
			src.WriteString("\n")
		}
		src.WriteString(name + " = " + values[name])
	}
	tags, _ := json.Marshal([]string{InjectedTag})
	cell := &Cell{Type: CodeCell, Source: src.String(),
		Metadata: map[string]json.RawMessage{"tags": tags}, Extra: map[string]json.RawMessage{}}
	cell.ID = nb.newID(nb.ids())
	nb.Cells = append(nb.Cells[:at+1], append([]*Cell{cell}, nb.Cells[at+1:]...)...)
	return cell, nil
}

// ParametersCell returns the first code cell tagged "parameters", or nil.
func (nb *Notebook) ParametersCell() *Cell {
	for _, c := range nb.Cells {
		if c.Type == CodeCell && c.HasTag(ParametersTag) {
			return c
		}
	}
	return nil
}
