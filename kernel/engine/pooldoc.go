package engine

import (
	_ "embed"
	"regexp"
	"strings"
)

// poolkitDoc is "go doc -all" of poolkit (go generate), for inspect: the
// compiled part of poolkit has no source in the engine.
//
//go:embed poolkit_doc.txt
var poolkitDoc string

// poolkitDocOf returns the declaration and doc of a poolkit name, or "".
func poolkitDocOf(name string) string {
	re := regexp.MustCompile(`^(func (\([^)]*\) )?` + regexp.QuoteMeta(name) + `[\[(]|type ` + regexp.QuoteMeta(name) + `[ \[]|var ` + regexp.QuoteMeta(name) + ` |const ` + regexp.QuoteMeta(name) + ` )`)
	lines := strings.Split(poolkitDoc, "\n")
	for i, l := range lines {
		if !re.MatchString(l) {
			continue
		}
		out := []string{l}
		for _, m := range lines[i+1:] {
			if m != "" && !strings.HasPrefix(m, " ") && !strings.HasPrefix(m, "\t") && !strings.HasPrefix(m, "}") {
				break
			}
			out = append(out, m)
		}
		return strings.TrimSpace(strings.Join(out, "\n"))
	}
	return ""
}
