package engine

import (
	"errors"
	"sync"
)

// inputReader is the interpreter's os.Stdin: each read that finds no
// buffered text asks the frontend for a line (input_request).
type inputReader struct {
	e   *Engine
	mu  sync.Mutex
	buf []byte
}

func (r *inputReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		pub := r.e.publisher()
		if pub == nil {
			return 0, errors.New("stdin: no cell is running")
		}
		line, err := pub.Input("", false)
		if err != nil {
			return 0, err
		}
		r.buf = append([]byte(line), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
