package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/aulago/gokernel/kernel"
	"github.com/gofrs/uuid/v5"
)

// displayPackage is the "display" package cells use without importing it:
// rich output in the notebook (HTML, Markdown, SVG, JSON, images), outputs
// updated in place, and clearing the cell's output.
func (e *Engine) displayPackage() map[string]reflect.Value {
	show := func(mime, s string) {
		if p := e.publisher(); p != nil {
			p.Display(kernel.DisplayData{Data: map[string]any{mime: s, "text/plain": "<" + mime + ">"}})
		}
	}
	return map[string]reflect.Value{
		"HTML":     reflect.ValueOf(func(s string) { show("text/html", s) }),
		"Markdown": reflect.ValueOf(func(s string) { show("text/markdown", s) }),
		"SVG":      reflect.ValueOf(func(s string) { show("image/svg+xml", s) }),
		"Text":     reflect.ValueOf(func(s string) { show("text/plain", s) }),
		"JSON": reflect.ValueOf(func(v any) {
			b, err := json.Marshal(v)
			if err != nil {
				show("text/plain", fmt.Sprint(v))
				return
			}
			var raw any
			_ = json.Unmarshal(b, &raw)
			if p := e.publisher(); p != nil {
				p.Display(kernel.DisplayData{Data: map[string]any{"application/json": raw, "text/plain": string(b)}})
			}
		}),
		"Clear": reflect.ValueOf(func(wait bool) {
			if p := e.publisher(); p != nil {
				p.ClearOutput(wait)
			}
		}),
		"New": reflect.ValueOf(func() *Handle {
			return &Handle{e: e, id: uuid.Must(uuid.NewV4()).String()}
		}),
		"Handle":   reflect.ValueOf((*Handle)(nil)),
		"Progress": reflect.ValueOf(func(label string) func(done, total int) { return e.progressBar(label) }),
	}
}

// progressBar returns a progress hook (for poolkit's Pool.OnProgress) that
// shows a bar in the cell and updates it in place: one display_data, then
// update_display_data messages with the same display_id.
func (e *Engine) progressBar(label string) func(done, total int) {
	h := &Handle{e: e, id: uuid.Must(uuid.NewV4()).String()}
	return func(done, total int) {
		pct := 0
		if total > 0 {
			pct = 100 * done / total
		}
		text := fmt.Sprintf("%s: %d/%d (%d%%)", label, done, total, pct)
		html := fmt.Sprintf(`<div><progress value="%d" max="%d" style="width:20em"></progress> %s</div>`,
			done, total, htmlEscape(text))
		p := e.publisher()
		if p == nil {
			return
		}
		p.Display(kernel.DisplayData{Data: map[string]any{"text/html": html, "text/plain": text}, DisplayID: h.id, Update: h.shown})
		h.shown = true
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// Handle is an output that can be shown, then updated in place
// (display_data, then update_display_data with the same display_id).
type Handle struct {
	e     *Engine
	id    string
	shown bool
}

func (h *Handle) show(mime, s string) {
	p := h.e.publisher()
	if p == nil {
		return
	}
	p.Display(kernel.DisplayData{Data: map[string]any{mime: s, "text/plain": s}, DisplayID: h.id, Update: h.shown})
	h.shown = true
}

// HTML shows or replaces the handle's output with HTML.
func (h *Handle) HTML(s string) { h.show("text/html", s) }

// Text shows or replaces the handle's output with plain text.
func (h *Handle) Text(s string) { h.show("text/plain", s) }

// SVG shows or replaces the handle's output with an SVG image.
func (h *Handle) SVG(s string) { h.show("image/svg+xml", s) }

// Markdown shows or replaces the handle's output with Markdown.
func (h *Handle) Markdown(s string) { h.show("text/markdown", s) }
