package cell

import "fmt"

// CellError is a compile error at a line and column of a cell.
type CellError struct {
	Cell, Line, Col int
	Msg             string
}

// Error is the error's line, column and message.
func (c *CellError) Error() string { return fmt.Sprintf("%d:%d: %s", c.Line, c.Col, c.Msg) }

// CellErrors are the compile errors of a cell, in order.
type CellErrors []*CellError

// Error is the first error's text.
func (l CellErrors) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	return l[0].Error()
}
