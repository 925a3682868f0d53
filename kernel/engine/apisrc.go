package engine

import (
	_ "embed"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"io/fs"
	"strings"
)

// poolkitAPI is poolkit's source with its function bodies removed (a txtar
// archive, one file per poolkit file): go/types checks cells against it,
// and inspect reads its doc comments. TestPoolkitAPIFresh keeps it in step
// with poolkit (go test -run TestPoolkitAPIFresh -update).
//
//go:embed poolkit_api.txtar
var poolkitAPI string

// displayAPI declares the display package for go/types; the engine
// implements it (display.go).
const displayAPI = `// Package display shows rich output in the notebook.
package display

// HTML shows s as HTML.
func HTML(s string)

// Markdown shows s as Markdown.
func Markdown(s string)

// SVG shows s, an SVG image.
func SVG(s string)

// Text shows s as plain text.
func Text(s string)

// JSON shows v as JSON (a tree in JupyterLab).
func JSON(v any)

// Clear clears the cell's output; with wait, at the next output.
func Clear(wait bool)

// New returns an output that can be shown, then updated in place.
func New() *Handle

// Progress returns a progress hook (for poolkit's Pool.OnProgress) that
// shows a bar in the cell and updates it in place.
func Progress(label string) func(done, total int)

// Handle is an output that can be shown, then updated in place.
type Handle struct{ id string }

// HTML shows or replaces the handle's output with HTML.
func (h *Handle) HTML(s string)

// Text shows or replaces the handle's output with plain text.
func (h *Handle) Text(s string)

// SVG shows or replaces the handle's output with an SVG image.
func (h *Handle) SVG(s string)

// Markdown shows or replaces the handle's output with Markdown.
func (h *Handle) Markdown(s string)
`

// sourcePackage returns the files of a package go/types reads from source:
// poolkit's API, display, the engine's slices, maps and cmp (the versions
// the interpreter runs) and its iterator helper.
func sourcePackage(path string) (map[string]string, bool) {
	switch path {
	case "poolkit", cell.PoolkitPath:
		return parseTxtar(poolkitAPI), true
	case "display":
		return map[string]string{"display.go": displayAPI}, true
	case cell.IterseqPath:
		return map[string]string{"iterseq.go": iterseqSource}, true
	case "slices", "maps", "cmp":
		files := map[string]string{}
		entries, _ := fs.ReadDir(stdsrc, "stdsrc/"+path)
		for _, e := range entries {
			b, _ := fs.ReadFile(stdsrc, "stdsrc/"+path+"/"+e.Name())
			files[e.Name()] = string(b)
		}
		return files, true
	}
	return nil, false
}

// parseTxtar splits a txtar archive ("-- name --" lines) into its files.
func parseTxtar(s string) map[string]string {
	files := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			files[name] = b.String()
		}
		b.Reset()
	}
	for _, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimRight(l, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		b.WriteString(l)
	}
	flush()
	return files
}

// formatTxtar is parseTxtar's inverse, with the files in the given order.
func formatTxtar(names []string, files map[string]string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString("-- " + n + " --\n")
		s := files[n]
		b.WriteString(s)
		if !strings.HasSuffix(s, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}
