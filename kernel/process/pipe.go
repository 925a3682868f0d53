package process

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
	opHello      = "hello" // the first request: hello, the engine's secret and limits
)

// Pipe operations, engine to kernel.
const (
	opReply        = "reply"         // answer to a request, by ID
	opDisplay      = "display"       // kernel.DisplayData
	opResult       = "result"        // kernel.DisplayData
	opError        = "error"         // kernel.ErrorInfo
	opClear        = "clear"         // bool wait
	opInputRequest = "input_request" // inputRequest
	opDone         = "done"          // kernel.ExecuteResult, marked in stdout and stderr
	opReady        = "ready"         // the engine is up
)

// pipeMsg is one line on a pipe.
type pipeMsg struct {
	Op string `json:"op"`
	// Key is the engine's secret on every line the engine sends: a line
	// written to the pipe by a cell, which does not know it, is dropped.
	Key  string          `json:"key,omitempty"`
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
// terminal shows. Its payload is "<secret>:gok:<seq>" for an event, or
// "<secret>:pos:<line>:<col>" for the cell position of a panic, which the
// engine adds to stderr so that a crash can be traced to the cell's lines.
// The secret is the engine's (see hello): a cell that prints something that
// looks like a mark prints text, it cannot move or end anyone's outputs.
const markerPrefix = "\x1b]5379;"

const markerEnd = '\a'

// marker returns the mark of event seq for an engine with secret.
func marker(secret string, seq uint64) []byte {
	return []byte(markerPrefix + secret + ":gok:" + strconv.FormatUint(seq, 10) + string(markerEnd))
}

// PanicMark returns the mark an engine writes to stderr when user code
// panics at line:col of the cell, before the panic may end the process.
// It is empty outside an engine served by ServeEngine.
func PanicMark(line, col int) []byte {
	secret := engineSecret.Load()
	if secret == nil {
		return nil
	}
	return []byte(markerPrefix + *secret + ":pos:" + strconv.Itoa(line) + ":" + strconv.Itoa(col) + string(markerEnd))
}

// pipeWriter writes pipeMsgs as JSON lines, one at a time.
type pipeWriter struct {
	mu  sync.Mutex
	w   io.Writer
	key string // stamped on every line (the engine's side)
}

func (p *pipeWriter) send(op string, id, seq uint64, body any) error {
	m := pipeMsg{Op: op, Key: p.key, ID: id, Seq: seq}
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

// readPipe calls f for each line read from r until r ends. A line that is
// not a pipeMsg, or longer than max bytes, is skipped (and passed to bad,
// when not nil): no byte on a pipe stops its reader.
func readPipe(r io.Reader, max int, f func(pipeMsg), bad func(error)) error {
	br := bufio.NewReaderSize(r, 64*1024)
	var line []byte
	skipping := false
	for {
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if !skipping && len(line)+len(chunk) <= max {
				line = append(line, chunk...)
			} else if !skipping {
				skipping, line = true, nil
				if bad != nil {
					bad(fmt.Errorf("kernel: pipe line longer than %d bytes dropped", max))
				}
			}
			continue
		}
		if err != nil && len(chunk) == 0 {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if skipping {
			skipping = false
		} else if len(line)+len(chunk) > max {
			if bad != nil {
				bad(fmt.Errorf("kernel: pipe line longer than %d bytes dropped", max))
			}
		} else {
			line = append(line, chunk...)
			var m pipeMsg
			if jerr := json.Unmarshal(line, &m); jerr != nil {
				if bad != nil {
					bad(fmt.Errorf("kernel: bad pipe line dropped: %w", jerr))
				}
			} else {
				f(m)
			}
		}
		line = line[:0]
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
