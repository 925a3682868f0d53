package importer

import (
	"embed"
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
// implements it (the engine's display.go).
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

// Stdsrc holds the engine's own source versions of standard packages that
// are generic (stdsrc/slices, maps, cmp): yaegi's extracted tables skip
// generic functions, so slices.Sort would be undefined. The interpreter
// runs them, and go/types checks cells against them.
//
//go:embed stdsrc
var Stdsrc embed.FS

// IterseqSource is the iterator helper package the range-over-func
// rewrite uses (package rewrite).
//
//go:embed itersrc/iterseq.go
var IterseqSource string

// SourcePackages are the import paths the interpreter reads from source.
var SourcePackages = map[string]bool{"poolkit": true, "slices": true, "maps": true, "cmp": true}

// Source returns the files of a package go/types reads from source:
// poolkit's API, display, the engine's slices, maps and cmp (the versions
// the interpreter runs) and its iterator helper.
func Source(path string) (map[string]string, bool) {
	switch path {
	case "poolkit", cell.PoolkitPath:
		return ParseTxtar(poolkitAPI), true
	case "display":
		return map[string]string{"display.go": displayAPI}, true
	case cell.IterseqPath:
		return map[string]string{"iterseq.go": IterseqSource}, true
	case "slices", "maps", "cmp":
		files := map[string]string{}
		entries, _ := fs.ReadDir(Stdsrc, "stdsrc/"+path)
		for _, e := range entries {
			b, _ := fs.ReadFile(Stdsrc, "stdsrc/"+path+"/"+e.Name())
			files[e.Name()] = string(b)
		}
		return files, true
	}
	return nil, false
}

// ParseTxtar splits a txtar archive ("-- name --" lines) into its files.
func ParseTxtar(s string) map[string]string {
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

// FormatTxtar is ParseTxtar's inverse, with the files in the given order.
func FormatTxtar(names []string, files map[string]string) string {
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
