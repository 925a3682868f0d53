package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aulago/gokernel/kernel/notebook"
)

// target is a notebook the generator writes: a variant of the source, at a
// path relative to the repository root.
type target struct {
	variant string
	path    string
}

// targets are the notebooks generated from notebooks/src/exercicios.txtar.
// The nbgrader ones form a course's source/ folder: the assignment
// "exercicios" and the header notebook nbgrader_config.py names.
var targets = []target{
	{estudo, "notebooks/exercicios-pools.ipynb"},
	{nbgrader, "notebooks/nbgrader/source/exercicios/exercicios-pools.ipynb"},
	{header, "notebooks/nbgrader/source/header.ipynb"},
}

// sourcePath is the one source of the exercise notebooks.
const sourcePath = "notebooks/src/exercicios.txtar"

// nbgraderMeta is a cell's "nbgrader" metadata as nbgrader's Create
// Assignment toolbar writes it (schema 3).
type nbgraderMeta struct {
	Grade         bool   `json:"grade"`
	GradeID       string `json:"grade_id"`
	Locked        bool   `json:"locked"`
	Points        int    `json:"points,omitempty"`
	SchemaVersion int    `json:"schema_version"`
	Solution      bool   `json:"solution"`
	Task          bool   `json:"task"`
}

// build makes the variant's notebook from the sections.
func build(secs []section, variant string) (*notebook.Notebook, error) {
	nb := &notebook.Notebook{NbformatMinor: 5, Metadata: map[string]json.RawMessage{}, Extra: map[string]json.RawMessage{}}
	seen := map[string]bool{}
	for _, s := range secs {
		if s.kind == "metadata" {
			if err := json.Unmarshal([]byte(s.body), &nb.Metadata); err != nil {
				return nil, fmt.Errorf("line %d: the metadata section is not a JSON object: %w", s.line, err)
			}
			continue
		}
		if !s.has(variant) {
			continue
		}
		if seen[s.id] {
			return nil, fmt.Errorf("line %d: cell id %s is used twice in the %s notebook", s.line, s.id, variant)
		}
		seen[s.id] = true
		src, err := render(s, variant)
		if err != nil {
			return nil, err
		}
		c := &notebook.Cell{ID: s.id, Type: s.kind, Source: src, Metadata: map[string]json.RawMessage{}, Extra: map[string]json.RawMessage{}}
		tags := s.tags
		if variant == estudo && s.role == roleSolution {
			tags = append(tags[:len(tags):len(tags)], "solution")
		}
		if len(tags) > 0 {
			c.Metadata["tags"], _ = json.Marshal(tags)
		}
		if variant == nbgrader {
			if err := checkGrading(s, src); err != nil {
				return nil, err
			}
			if s.role != "" {
				m := nbgraderMeta{GradeID: s.id, SchemaVersion: 3, Points: s.points,
					Grade: s.role == roleTests, Solution: s.role == roleSolution, Locked: s.role != roleSolution}
				c.Metadata["nbgrader"], _ = json.Marshal(m)
			}
		}
		nb.Cells = append(nb.Cells, c)
	}
	if len(nb.Cells) == 0 {
		return nil, fmt.Errorf("the %s notebook has no cell", variant)
	}
	if len(nb.Metadata) == 0 {
		return nil, errors.New("the source has no metadata section (the notebooks' kernelspec and language_info)")
	}
	return nb, nil
}

// generate renders every target from the source: each target's path and
// its bytes as nbformat writes them.
func generate(data []byte) (map[string][]byte, error) {
	secs, err := parseSource(sourcePath, data)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, t := range targets {
		nb, err := build(secs, t.variant)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sourcePath, err)
		}
		if out[t.path], err = nb.Marshal(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
