package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// nbgrader's delimiters (ClearSolutions and ClearHiddenTests): it takes any
// line containing them as a marker, so "// BEGIN SOLUTION" works in Go.
const (
	beginSolution = "BEGIN SOLUTION"
	endSolution   = "END SOLUTION"
	beginHidden   = "BEGIN HIDDEN TESTS"
	endHidden     = "END HIDDEN TESTS"
)

// directive is the prefix of a line that starts a variant block
// ("//nb:nbgrader": the lines up to the next directive are only in that
// variant) or ends it ("//nb:end").
const directive = "//nb:"

// render is a section's body as the variant's cell source:
//   - the lines of //nb: blocks of other variants are dropped, the
//     directive lines themselves always;
//   - outside the nbgrader variant, solution markers are dropped (the
//     self-study notebook shows the reference answer as plain code) and
//     hidden tests are dropped with their markers;
//   - trailing blank lines are dropped (they only separate sections).
func render(s section, variant string) (string, error) {
	var out []string
	block, blockLine := "", 0
	hidden := false
	for i, ln := range strings.Split(s.body, "\n") {
		where := fmt.Sprintf("line %d (cell %s)", s.line+1+i, s.id)
		if t := strings.TrimSpace(ln); strings.HasPrefix(t, directive) {
			switch v := strings.TrimPrefix(t, directive); {
			case v == "end":
				if block == "" {
					return "", fmt.Errorf("%s: //nb:end without a block to end", where)
				}
				block = ""
			case slices.Contains(variants, v):
				block, blockLine = v, s.line+1+i
			default:
				return "", fmt.Errorf("%s: unknown directive %q (want //nb:%s or //nb:end)", where, t, strings.Join(variants, ", //nb:"))
			}
			continue
		}
		if block != "" && block != variant {
			continue
		}
		if variant != nbgrader {
			switch {
			case strings.Contains(ln, beginHidden):
				hidden = true
				continue
			case strings.Contains(ln, endHidden):
				hidden = false
				continue
			case hidden, strings.Contains(ln, beginSolution), strings.Contains(ln, endSolution):
				continue
			}
		}
		out = append(out, ln)
	}
	if block != "" {
		return "", fmt.Errorf("line %d (cell %s): the //nb:%s block has no //nb:end", blockLine, s.id, block)
	}
	if hidden {
		return "", fmt.Errorf("cell %s: %s without %s", s.id, beginHidden, endHidden)
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n"), nil
}

// stderrUse matches Go that writes to stderr: nbgrader gives a test cell 0
// points when it prints anything there.
var stderrUse = regexp.MustCompile(`\blog\.|os\.Stderr|(^|[^.\w])print(ln)?\(`)

// bareValue matches a last line that is a lone name or number: nbgrader
// reads a test cell's numeric result as partial credit.
var bareValue = regexp.MustCompile(`^[\w.]+$`)

// checkGrading checks a cell of the nbgrader notebook against nbgrader's
// rules, as far as text can tell: markers only where nbgrader accepts
// them, and test cells that write nothing to stderr and end in a statement.
func checkGrading(s section, src string) error {
	lines := strings.Split(src, "\n")
	count := func(marker string) int {
		n := 0
		for _, ln := range lines {
			if strings.Contains(ln, marker) {
				n++
			}
		}
		return n
	}
	if nb, ne := count(beginSolution), count(endSolution); nb != ne || (nb > 0 && s.role != roleSolution) {
		return fmt.Errorf("cell %s: %d %q and %d %q markers; they come in pairs, in nbgrader=solution cells only", s.id, nb, beginSolution, ne, endSolution)
	}
	if nb, ne := count(beginHidden), count(endHidden); nb != ne || (nb > 0 && s.role != roleTests) {
		return fmt.Errorf("cell %s: %d %q and %d %q markers; they come in pairs, in nbgrader=tests cells only", s.id, nb, beginHidden, ne, endHidden)
	}
	if s.role != roleTests {
		return nil
	}
	for i, ln := range lines {
		code, _, _ := strings.Cut(ln, "//")
		if stderrUse.MatchString(code) {
			return fmt.Errorf("cell %s, its line %d: a test cell must not write to stderr (nbgrader scores it 0): %s", s.id, i+1, strings.TrimSpace(ln))
		}
	}
	if last := strings.TrimSpace(lines[len(lines)-1]); bareValue.MatchString(last) {
		return fmt.Errorf("cell %s: a test cell must not end in a bare value (%s): nbgrader reads a number as partial credit", s.id, last)
	}
	return nil
}
