// Package notebook reads and writes Jupyter notebooks (nbformat 4) with
// the standard library only. It keeps what it does not understand: unknown
// top-level fields, notebook and cell metadata, and unknown cell and output
// fields are written back as they were read. Written notebooks are shaped
// like nbformat's own writer makes them (keys sorted, one-space indent,
// multi-line strings as lists of lines), so a notebook read and written
// again differs only where it was changed.
package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Cell types of nbformat 4.
const (
	CodeCell     = "code"
	MarkdownCell = "markdown"
	RawCell      = "raw"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	// NbformatMinor is the minor version (nbformat is always 4).
	NbformatMinor int
	// Metadata is the notebook metadata, each key's value as read.
	Metadata map[string]json.RawMessage
	// Cells are the notebook's cells, in order.
	Cells []*Cell
	// Extra holds top-level fields other than nbformat, nbformat_minor,
	// metadata and cells, as read.
	Extra map[string]json.RawMessage
}

// Cell is one cell of a notebook.
type Cell struct {
	// ID is the cell id (nbformat 4.5), empty when the cell has none.
	ID string
	// Type is "code", "markdown" or "raw".
	Type string
	// Source is the cell's text, its lines joined.
	Source string
	// Metadata is the cell metadata, each key's value as read.
	Metadata map[string]json.RawMessage
	// ExecutionCount is the code cell's prompt number, nil when not run.
	ExecutionCount *int
	// Outputs are the code cell's outputs.
	Outputs []*Output
	// Extra holds the cell's other fields (attachments, and fields this
	// package does not know), as read.
	Extra map[string]json.RawMessage
}

// cellFields are the fields Cell has a place for, by cell type.
var cellFields = map[string]map[string]bool{
	CodeCell:     {"id": true, "cell_type": true, "source": true, "metadata": true, "execution_count": true, "outputs": true},
	MarkdownCell: {"id": true, "cell_type": true, "source": true, "metadata": true},
	RawCell:      {"id": true, "cell_type": true, "source": true, "metadata": true},
}

// ReadFile reads and parses the notebook at path. Its errors start with
// the path.
func ReadFile(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Parse parses an nbformat 4 notebook. It fails on invalid JSON, on a
// notebook of another major version, and on missing or malformed cells,
// saying where. Missing metadata, sources and outputs are taken as empty.
func Parse(data []byte) (*Notebook, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("not a notebook: the file is empty")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonError(data, err)
	}
	if top == nil {
		return nil, errors.New("not a notebook: the JSON value is null, not an object")
	}
	rawFormat, ok := top["nbformat"]
	if !ok {
		return nil, errors.New(`not a Jupyter notebook: it has no "nbformat" field`)
	}
	var format int
	if err := json.Unmarshal(rawFormat, &format); err != nil {
		return nil, fmt.Errorf(`"nbformat" is %s, not a version number`, short(rawFormat))
	}
	if format != 4 {
		return nil, fmt.Errorf("nbformat %d is not supported, only nbformat 4 (open and save the notebook in a recent JupyterLab to convert it)", format)
	}
	nb := &Notebook{Metadata: map[string]json.RawMessage{}, Extra: map[string]json.RawMessage{}}
	if raw, ok := top["nbformat_minor"]; ok {
		if err := json.Unmarshal(raw, &nb.NbformatMinor); err != nil || nb.NbformatMinor < 0 {
			return nil, fmt.Errorf(`"nbformat_minor" is %s, not a version number`, short(raw))
		}
	}
	if raw, ok := top["metadata"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &nb.Metadata); err != nil {
			return nil, errors.New(`the notebook "metadata" is not a JSON object`)
		}
		if nb.Metadata == nil {
			nb.Metadata = map[string]json.RawMessage{}
		}
	}
	rawCells, ok := top["cells"]
	if !ok {
		return nil, errors.New(`not a valid notebook: it has no "cells" list`)
	}
	var cells []json.RawMessage
	if err := json.Unmarshal(rawCells, &cells); err != nil || cells == nil {
		return nil, fmt.Errorf(`not a valid notebook: "cells" is %s, not a list`, short(rawCells))
	}
	for i, raw := range cells {
		c, err := parseCell(raw)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	for k, v := range top {
		switch k {
		case "nbformat", "nbformat_minor", "metadata", "cells":
		default:
			nb.Extra[k] = v
		}
	}
	return nb, nil
}

func parseCell(raw json.RawMessage) (*Cell, error) {
	var f map[string]json.RawMessage
	if err := json.Unmarshal(raw, &f); err != nil || f == nil {
		return nil, fmt.Errorf("not a JSON object but %s", short(raw))
	}
	c := &Cell{Metadata: map[string]json.RawMessage{}, Extra: map[string]json.RawMessage{}}
	if err := json.Unmarshal(f["cell_type"], &c.Type); err != nil || c.Type == "" {
		return nil, errors.New(`no "cell_type"`)
	}
	known, ok := cellFields[c.Type]
	if !ok {
		return nil, fmt.Errorf(`unknown cell_type %q (nbformat 4 has code, markdown and raw cells)`, c.Type)
	}
	if raw, ok := f["id"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &c.ID); err != nil {
			return nil, fmt.Errorf(`"id" is %s, not a string`, short(raw))
		}
	}
	if raw, ok := f["source"]; ok {
		s, err := multiline(raw)
		if err != nil {
			return nil, fmt.Errorf(`"source": %w`, err)
		}
		c.Source = s
	}
	if raw, ok := f["metadata"]; ok && !isNull(raw) {
		if err := json.Unmarshal(raw, &c.Metadata); err != nil {
			return nil, errors.New(`"metadata" is not a JSON object`)
		}
		if c.Metadata == nil {
			c.Metadata = map[string]json.RawMessage{}
		}
	}
	if c.Type == CodeCell {
		if raw, ok := f["execution_count"]; ok && !isNull(raw) {
			var n int
			if err := json.Unmarshal(raw, &n); err != nil {
				return nil, fmt.Errorf(`"execution_count" is %s, not a number`, short(raw))
			}
			c.ExecutionCount = &n
		}
		if raw, ok := f["outputs"]; ok && !isNull(raw) {
			var outs []json.RawMessage
			if err := json.Unmarshal(raw, &outs); err != nil {
				return nil, fmt.Errorf(`"outputs" is %s, not a list`, short(raw))
			}
			for j, ro := range outs {
				o, err := parseOutput(ro)
				if err != nil {
					return nil, fmt.Errorf("output %d: %w", j+1, err)
				}
				c.Outputs = append(c.Outputs, o)
			}
		}
	}
	for k, v := range f {
		if !known[k] {
			c.Extra[k] = v
		}
	}
	return c, nil
}

// multiline decodes an nbformat multi-line string: a string, or a list of
// strings to join.
func multiline(raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", fmt.Errorf("%s is neither a string nor a list of strings", short(raw))
	}
	return strings.Join(lines, ""), nil
}

// splitLines cuts s into lines that keep their "\n", as nbformat writes
// multi-line strings.
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// short shows a JSON value in an error message.
func short(raw json.RawMessage) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if s == "" {
		return "missing"
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

// jsonError says where JSON is broken, by line and column.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the bad one included.
		off := int(se.Offset) - 1
		if off < 0 || off >= len(bytes.TrimRight(data, " \t\r\n")) || strings.Contains(se.Error(), "unexpected end") {
			return errors.New("invalid JSON: the file ends in the middle of the notebook (truncated?)")
		}
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		col := off - bytes.LastIndexByte(data[:off], '\n')
		return fmt.Errorf("invalid JSON at line %d, column %d: %v", line, col, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("not a notebook: the JSON value is a %s, not an object", te.Value)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// Marshal encodes the notebook as nbformat's writer does: keys sorted,
// indented by one space, no HTML escaping, a final newline.
func (nb *Notebook) Marshal() ([]byte, error) {
	top := map[string]any{}
	for k, v := range nb.Extra {
		top[k] = v
	}
	cells := make([]any, 0, len(nb.Cells))
	for _, c := range nb.Cells {
		cells = append(cells, c.value())
	}
	top["cells"] = cells
	top["metadata"] = rawObject(nb.Metadata)
	top["nbformat"] = 4
	top["nbformat_minor"] = nb.NbformatMinor
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(top); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// value is the cell as JSON values.
func (c *Cell) value() map[string]any {
	m := map[string]any{}
	for k, v := range c.Extra {
		m[k] = v
	}
	m["cell_type"] = c.Type
	if c.ID != "" {
		m["id"] = c.ID
	}
	m["metadata"] = rawObject(c.Metadata)
	m["source"] = splitLines(c.Source)
	if c.Type == CodeCell {
		m["execution_count"] = c.ExecutionCount
		outs := make([]any, 0, len(c.Outputs))
		for _, o := range c.Outputs {
			outs = append(outs, o.value())
		}
		m["outputs"] = outs
	}
	return m
}

func rawObject(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return map[string]json.RawMessage{}
	}
	return m
}

// WriteFile writes the notebook to path through a temporary file in the
// same directory, so that path is never left half written.
func (nb *Notebook) WriteFile(path string) error {
	data, err := nb.Marshal()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		mode := os.FileMode(0o644)
		if st, serr := os.Stat(path); serr == nil {
			mode = st.Mode().Perm()
		}
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// idPattern is what nbformat 4.5 allows as a cell id.
var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// EnsureIDs makes the notebook nbformat 4.5 or later: every cell gets an
// id, keeping valid unique ones and replacing missing, invalid and
// repeated ones.
func (nb *Notebook) EnsureIDs() {
	if nb.NbformatMinor < 5 {
		nb.NbformatMinor = 5
	}
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if !idPattern.MatchString(c.ID) || seen[c.ID] {
			c.ID = ""
		} else {
			seen[c.ID] = true
		}
	}
	for _, c := range nb.Cells {
		if c.ID == "" {
			c.ID = nb.newID(seen)
			seen[c.ID] = true
		}
	}
}

// newID returns a random cell id not in seen, shaped like nbformat's.
func (nb *Notebook) newID(seen map[string]bool) string {
	for {
		var b [4]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		if !seen[id] {
			return id
		}
	}
}

// ids returns the ids of the notebook's cells.
func (nb *Notebook) ids() map[string]bool {
	seen := map[string]bool{}
	for _, c := range nb.Cells {
		if c.ID != "" {
			seen[c.ID] = true
		}
	}
	return seen
}

// Language returns the notebook's kernel language: kernelspec.language,
// else language_info.name, else "".
func (nb *Notebook) Language() string {
	var ks struct {
		Language string `json:"language"`
	}
	if json.Unmarshal(nb.Metadata["kernelspec"], &ks) == nil && ks.Language != "" {
		return ks.Language
	}
	var li struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(nb.Metadata["language_info"], &li) == nil {
		return li.Name
	}
	return ""
}

// KernelName returns kernelspec.name, or "".
func (nb *Notebook) KernelName() string {
	var ks struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal(nb.Metadata["kernelspec"], &ks)
	return ks.Name
}

// SetDefault sets metadata key to v when the notebook has no such key.
func (nb *Notebook) SetDefault(key string, v any) error {
	if _, ok := nb.Metadata[key]; ok {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]json.RawMessage{}
	}
	nb.Metadata[key] = b
	return nil
}

// Tags returns the cell's metadata tags.
func (c *Cell) Tags() []string {
	var tags []string
	_ = json.Unmarshal(c.Metadata["tags"], &tags)
	return tags
}

// HasTag reports whether the cell's metadata tags include tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// ClearOutputs removes the outputs and execution counts of all code cells.
func (nb *Notebook) ClearOutputs() {
	for _, c := range nb.Cells {
		if c.Type == CodeCell {
			c.Outputs = nil
			c.ExecutionCount = nil
		}
	}
}
