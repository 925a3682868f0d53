package kernel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// The kernel and its engine process talk over two pipes (the engine's file
// descriptors 3 and 4) in JSON lines. The engine's stdout and stderr stay
// plain pipes, so that what the Go runtime prints when it dies reaches the
// kernel. Outputs that must keep their place among printed text (displays,
// results, errors, the end of a cell) are sent as an event on the pipe and
// then marked in stdout with marker(seq); the kernel publishes the event
// when its reader of stdout reaches the mark.

// Pipe operations, kernel to engine.
const (
	opExecute    = "execute"
	opComplete   = "complete"
	opInspect    = "inspect"
	opIsComplete = "is_complete"
	opInterrupt  = "interrupt"
	opInputReply = "input_reply"
)

// Pipe operations, engine to kernel.
const (
	opReply        = "reply"         // answer to a request, by ID
	opDisplay      = "display"       // DisplayData
	opResult       = "result"        // DisplayData
	opError        = "error"         // ErrorInfo
	opClear        = "clear"         // bool wait
	opInputRequest = "input_request" // inputRequest
	opDone         = "done"          // ExecuteResult, marked in stdout and stderr
	opReady        = "ready"         // the engine is up
)

// pipeMsg is one line on a pipe.
type pipeMsg struct {
	Op   string          `json:"op"`
	ID   uint64          `json:"id,omitempty"`
	Seq  uint64          `json:"seq,omitempty"`
	Body json.RawMessage `json:"body,omitempty"`
}

type inputRequest struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password"`
}

type inputReply struct {
	Value string `json:"value"`
	Error string `json:"error,omitempty"`
}

// markerPrefix starts an in-band mark: an OSC escape sequence that no
// terminal shows and that user output is unlikely to contain.
// Its payload is "gok:<seq>" for an event, or "pos:<line>:<col>" for the
// cell position of a panic, which the engine adds to stderr so that a crash
// can be traced to the cell's lines.
const markerPrefix = "\x1b]5379;"

const markerEnd = '\a'

func marker(seq uint64) []byte {
	return []byte(markerPrefix + "gok:" + strconv.FormatUint(seq, 10) + string(markerEnd))
}

// PanicMark returns the mark an engine writes to stderr when user code
// panics at line:col of the cell, before the panic may end the process.
func PanicMark(line, col int) []byte {
	return []byte(markerPrefix + "pos:" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + string(markerEnd))
}

// pipeWriter writes pipeMsgs as JSON lines, one at a time.
type pipeWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *pipeWriter) send(op string, id, seq uint64, body any) error {
	m := pipeMsg{Op: op, ID: id, Seq: seq}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("kernel: pipe %s: %w", op, err)
		}
		m.Body = b
	}
	line, err := json.Marshal(m)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err = p.w.Write(append(line, '\n'))
	return err
}

// readPipe calls f for each line read from r until r ends.
func readPipe(r io.Reader, f func(pipeMsg)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 256*1024*1024)
	for sc.Scan() {
		var m pipeMsg
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return fmt.Errorf("kernel: bad pipe line: %w", err)
		}
		f(m)
	}
	return sc.Err()
}
