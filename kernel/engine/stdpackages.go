package engine

import (
	"path"
	"sort"

	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/traefik/yaegi/stdlib"
)

// StdPackages lists the standard packages cells can import: those the
// interpreter has (yaegi's stdlib symbols), by import path.
func StdPackages() []string {
	var out []string
	for k := range stdlib.Symbols {
		if p := path.Dir(k); p != "." && p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// WriteTypeCache writes the export data of the standard packages cells
// can import, and of those the engine's source packages import, into dir
// (the install's type cache, see importer.WriteTypeCache), and returns how
// many it wrote.
func WriteTypeCache(dir string) (int, error) {
	return importer.WriteTypeCache(dir, StdPackages())
}
