package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Variants the source can be rendered as: the self-study notebook, the
// nbgrader source notebook, and nbgrader's header notebook.
const (
	estudo   = "estudo"
	nbgrader = "nbgrader"
	header   = "header"
)

// variants are the names a section's in= and a //nb: block may use.
var variants = []string{estudo, nbgrader, header}

// Roles a cell has in the nbgrader notebook (nbgrader= in its header).
const (
	roleSolution = "solution" // the student writes it; the self-study gets the tag "solution"
	roleTests    = "tests"    // autograded test cell, locked, with points
	roleReadonly = "readonly" // locked: nbgrader puts its source back before grading
)

// section is one part of the source: a cell (kind "markdown" or "code") or
// the notebooks' metadata (kind "metadata", a JSON object).
type section struct {
	kind   string
	id     string
	in     []string // the variants that have this cell
	tags   []string // cell tags in every variant that has it
	role   string   // one of the role constants, or ""
	points int      // points of a tests cell
	body   string   // the text after the header, directives included
	line   int      // the header's line in the source, for error messages
}

// parseSource splits a source in txtar shape: free text, then sections,
// each starting with a header line "-- KIND ID key=value ... --". Its
// errors name the source and the line.
func parseSource(name string, data []byte) ([]section, error) {
	var secs []section
	var body []string
	flush := func() {
		if len(secs) > 0 {
			secs[len(secs)-1].body = strings.Join(body, "\n")
		}
		body = nil
	}
	for i, ln := range strings.Split(string(data), "\n") {
		if !isHeader(ln) {
			body = append(body, ln)
			continue
		}
		flush()
		s, err := parseHeader(strings.TrimSpace(ln[2 : len(ln)-2]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		s.line = i + 1
		secs = append(secs, s)
	}
	flush()
	if len(secs) == 0 {
		return nil, fmt.Errorf("%s: no section (a section starts with a line \"-- code ID --\")", name)
	}
	return secs, nil
}

func isHeader(ln string) bool {
	return strings.HasPrefix(ln, "-- ") && strings.HasSuffix(ln, " --") && len(ln) >= 6
}

// parseHeader reads "KIND ID key=value ...": keys in=, tags=, nbgrader=, points=.
func parseHeader(h string) (section, error) {
	f := strings.Fields(h)
	s := section{kind: f[0], in: []string{estudo, nbgrader}}
	switch s.kind {
	case "metadata":
		if len(f) > 1 {
			return s, fmt.Errorf("a metadata section takes nothing after its kind, got %q", h)
		}
		return s, nil
	case "markdown", "code":
	default:
		return s, fmt.Errorf("unknown section kind %q (want markdown, code or metadata)", s.kind)
	}
	if len(f) < 2 {
		return s, fmt.Errorf("the %s section has no cell id", s.kind)
	}
	s.id = f[1]
	for _, kv := range f[2:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			return s, fmt.Errorf("cell %s: %q is not key=value", s.id, kv)
		}
		switch k {
		case "in":
			s.in = strings.Split(v, ",")
			for _, name := range s.in {
				if !slices.Contains(variants, name) {
					return s, fmt.Errorf("cell %s: unknown variant %q in in= (want %s)", s.id, name, strings.Join(variants, ", "))
				}
			}
		case "tags":
			s.tags = strings.Split(v, ",")
		case "nbgrader":
			if v != roleSolution && v != roleTests && v != roleReadonly {
				return s, fmt.Errorf("cell %s: nbgrader=%s, want solution, tests or readonly", s.id, v)
			}
			s.role = v
		case "points":
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return s, fmt.Errorf("cell %s: points=%s is not a positive whole number", s.id, v)
			}
			s.points = n
		default:
			return s, fmt.Errorf("cell %s: unknown key %q (want in, tags, nbgrader, points)", s.id, k)
		}
	}
	if (s.role == roleTests) != (s.points > 0) {
		return s, fmt.Errorf("cell %s: a tests cell needs points=N, and only a tests cell has points", s.id)
	}
	if s.role != "" && s.kind != "code" {
		return s, fmt.Errorf("cell %s: only code cells take nbgrader=", s.id)
	}
	return s, nil
}

// has says whether the section is a cell of the variant.
func (s section) has(variant string) bool { return slices.Contains(s.in, variant) }
