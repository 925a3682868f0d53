package engine

import (
	"fmt"

	"github.com/aulago/gokernel/kernel"
)

// MIMEBundler is implemented by values that show themselves as rich
// output, such as poolkit's Timeline (an SVG chart).
type MIMEBundler interface {
	MIMEBundle() map[string]string
}

// showResult publishes a cell's final value: a MIME bundle when the value
// has one, else the value printed with %v, as Go prints it.
func showResult(x any, out kernel.Publisher) {
	if b, ok := x.(MIMEBundler); ok {
		data := map[string]any{}
		for k, s := range b.MIMEBundle() {
			data[k] = s
		}
		out.Result(kernel.DisplayData{Data: data})
		return
	}
	out.Result(kernel.DisplayData{Data: map[string]any{"text/plain": fmt.Sprintf("%v", x)}})
}
