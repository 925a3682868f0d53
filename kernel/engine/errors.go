package engine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/traefik/yaegi/interp"
)

// maxErrors is how many compile errors a cell shows, as the go command.
const maxErrors = 10

// errorInfo turns a failed cell into its error output.
func (e *Engine) errorInfo(ctx context.Context, err error) kernel.ErrorInfo {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		tb := []string{red("Interrupted") + ": the cell was interrupted; what earlier statements defined is kept."}
		if left := e.awaitStopped(); left != "" {
			tb = append(tb, left+" did not stop within 1 s of the interrupt.")
		} else if stopped := e.stoppedByInterrupt(); stopped != "" {
			tb = append(tb, "The interrupt also stopped "+stopped+".")
		}
		return kernel.ErrorInfo{EName: "Interrupted", EValue: "the cell was interrupted", Traceback: tb}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return e.panicInfo(p)
	}
	var list cell.CellErrors
	var one *cell.CellError
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = cell.CellErrors{one}
	}
	if len(list) > 0 {
		var tb []string
		for i, ce := range list {
			if i == maxErrors {
				tb = append(tb, fmt.Sprintf("(and %d more errors)", len(list)-maxErrors))
				break
			}
			tb = append(tb, red("CompileError")+": "+e.where(ce.Cell)+ce.Error())
			if ce.Cell == e.cell {
				tb = append(tb, e.sourceLine(ce.Line, ce.Col)...)
			}
			if hint := yaegiHint(ce.Msg); hint != "" {
				tb = append(tb, hint)
			}
		}
		return kernel.ErrorInfo{EName: "CompileError", EValue: e.where(list[0].Cell) + list[0].Error(), Traceback: tb}
	}
	var ye *yaegiError
	if errors.As(err, &ye) {
		msg := ye.msg
		if c, l, col, rest, ok := splitPos(msg); ok && c == e.cell {
			msg = fmt.Sprintf("%d:%d: %s", l, col, rest)
		}
		tb := []string{red("InterpreterError") + ": " + msg,
			"go/types accepts this cell; the interpreter (yaegi v0.16.1) does not."}
		if hint := yaegiHint(ye.msg); hint != "" {
			tb = append(tb, hint)
		}
		return kernel.ErrorInfo{EName: "InterpreterError", EValue: msg, Traceback: tb}
	}
	msg := err.Error()
	return kernel.ErrorInfo{EName: "Error", EValue: msg, Traceback: []string{red("Error") + ": " + msg}}
}

// where names a cell other than the running one.
func (e *Engine) where(cell int) string {
	if cell == e.cell || cell == 0 {
		return ""
	}
	return fmt.Sprintf("cell [%d] ", cell)
}

// splitPos parses "cell[N]:line:col: rest".
func splitPos(s string) (cellNum, line, col int, rest string, ok bool) {
	name, after, found := strings.Cut(s, ":")
	if !found {
		return
	}
	m := cell.CellNameRE.FindStringSubmatch(name)
	if m == nil {
		return
	}
	parts := strings.SplitN(after, ":", 3)
	if len(parts) != 3 {
		return
	}
	cellNum, _ = strconv.Atoi(m[1])
	line, err1 := strconv.Atoi(parts[0])
	col, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return
	}
	return cellNum, line, col, strings.TrimSpace(parts[2]), true
}

// yaegiHint says what to write instead when a message comes from a known
// limit of the interpreter.
func yaegiHint(msg string) string {
	if m := missingSymbol.FindStringSubmatch(msg); m != nil {
		pkg, name := m[1]+m[3], m[2]+m[4]
		return fmt.Sprintf("%s.%s is not in this interpreter's tables: yaegi v0.16.1 knows the standard library of Go 1.22, without its generic functions (slices, maps and cmp are provided as source).", pkg, name)
	}
	switch {
	case strings.Contains(msg, "CFG post-order panic") || strings.Contains(msg, "nil type"):
		return "The interpreter (yaegi v0.16.1) failed on this construct (an internal error of its compiler); writing it another way (a helper func, an explicit type) usually works."
	}
	return ""
}

// sourceLine returns the running cell's line with a caret under col.
func (e *Engine) sourceLine(line, col int) []string {
	lines := strings.Split(e.code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := strings.ReplaceAll(lines[line-1], "\t", "    ")
	pre := strings.ReplaceAll(prefixBytes(lines[line-1], col-1), "\t", "    ")
	return []string{fmt.Sprintf("%4d | %s", line, src), "     | " + strings.Repeat(" ", len([]rune(pre))) + "^"}
}

func prefixBytes(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if n > len(s) {
		n = len(s)
	}
	return s[:n]
}

func red(s string) string { return "\x1b[0;31m" + s + "\x1b[0m" }
