package engine

import (
	"context"
	"errors"
	"sync"

	"github.com/aulago/gokernel/kernel"
)

// inputReader is the interpreter's stdin: fmt.Scan, Scanf and Scanln read
// it, and so does every read of os.Stdin in a cell (stdinfix.go). Each
// read that finds no buffered text asks the frontend for a line
// (input_request), with the text the cell printed since its last newline
// as the prompt (prompt.Writer.Take); the line is read with its "\n".
//
// There is no end of input: the frontend answers a line at a time, so a
// read after the user's line asks again (a second bufio.Scanner.Scan
// asks for a second line, and io.ReadAll asks until the cell is
// interrupted).
type inputReader struct {
	e   *Engine
	mu  sync.Mutex
	buf []byte
}

func (r *inputReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		pub := r.e.publisher()
		if pub == nil {
			return 0, errors.New("stdin: no cell is running")
		}
		prompt := r.e.prompt.Take()
		line, err := pub.Input(prompt, false)
		if err != nil && errors.Is(err, context.Canceled) {
			// Interrupted: the read returns once the cell's run has
			// ended, when the interpreter has stopped, so that the
			// statement after the read never runs.
			r.e.mu.Lock()
			done := r.e.cellDone
			r.e.mu.Unlock()
			if done != nil {
				<-done
			}
		}
		if err != nil {
			r.e.prompt.PutBack(prompt)
			if errors.Is(err, kernel.ErrNoStdin) {
				err = noInputError{err}
			}
			return 0, err
		}
		r.buf = append([]byte(line), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// noInputError is a read of stdin in a frontend that does not allow
// input (allow_stdin false): never a silent end of input. It wraps
// kernel.ErrNoStdin.
type noInputError struct{ err error }

func (e noInputError) Error() string {
	return "stdin: input is not available in this frontend (allow_stdin is false)"
}

func (e noInputError) Unwrap() error { return e.err }
