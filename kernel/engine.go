package kernel

import (
	"context"
	"errors"
)

// Engine runs user code. It has one method per request type; the kernel
// does the bookkeeping (busy/idle, execution count, execute_input,
// stop_on_error) around it, and the engine publishes outputs through out.
type Engine interface {
	// Execute runs one cell. Cancelling ctx is an interrupt.
	Execute(ctx context.Context, req ExecuteRequest, out Publisher) ExecuteResult
	Complete(req CompleteRequest) CompleteReply
	Inspect(req InspectRequest) InspectReply
	IsComplete(req IsCompleteRequest) IsCompleteReply
}

// Publisher is how an engine shows things in the cell being run. The
// engine never builds messages; the kernel does.
type Publisher interface {
	// Stream publishes text printed on "stdout" or "stderr".
	Stream(name, text string)
	// Display publishes display_data, or update_display_data when
	// d.Update is set.
	Display(d DisplayData)
	// Result publishes the cell's execute_result.
	Result(d DisplayData)
	// Error publishes an error output.
	Error(e ErrorInfo)
	// ClearOutput clears the cell's output (wait: at the next output).
	ClearOutput(wait bool)
	// Input asks the user for a line (input_request); it fails when the
	// frontend does not allow stdin.
	Input(prompt string, password bool) (string, error)
}

// ExecuteRequest is the part of execute_request an engine needs.
type ExecuteRequest struct {
	Code           string `json:"code"`
	Silent         bool   `json:"silent"`
	StoreHistory   bool   `json:"store_history"`
	AllowStdin     bool   `json:"allow_stdin"`
	StopOnError    bool   `json:"stop_on_error"`
	ExecutionCount int    `json:"execution_count"`
}

// ExecuteResult says how a cell ended. Error is set when Status is "error"
// (the engine has already published it).
type ExecuteResult struct {
	Status string     `json:"status"`
	Error  *ErrorInfo `json:"error,omitempty"`
	// Declared lists the imports and declarations (types, funcs, consts)
	// the cell ran, as source: after a crash, the Supervisor declares them
	// again in the new engine.
	Declared []string `json:"declared,omitempty"`
	// Kept is the copy of the variables the cell may have changed (see
	// Snapshot); it travels beside the result, in pieces, not in it.
	Kept *Snapshot `json:"-"`
}

// DisplayData is a MIME bundle with its metadata.
type DisplayData struct {
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	DisplayID string         `json:"display_id,omitempty"`
	Update    bool           `json:"update,omitempty"`
}

// ErrorInfo is a user-code failure as Jupyter shows it.
type ErrorInfo struct {
	EName     string   `json:"ename"`
	EValue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// CompleteRequest asks for completions at a cursor (in code points).
type CompleteRequest struct {
	Code      string `json:"code"`
	CursorPos int    `json:"cursor_pos"`
}

// CompleteReply lists completions replacing code[CursorStart:CursorEnd].
type CompleteReply struct {
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// InspectRequest asks what is at a cursor (Shift+Tab).
type InspectRequest struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// InspectReply is what was found, as a MIME bundle.
type InspectReply struct {
	Found bool           `json:"found"`
	Data  map[string]any `json:"data"`
}

// IsCompleteRequest asks whether code is ready to run (the console).
type IsCompleteRequest struct {
	Code string `json:"code"`
}

// IsCompleteReply is "complete", "incomplete", "invalid" or "unknown",
// with the indent for the next line when incomplete.
type IsCompleteReply struct {
	Status string `json:"status"`
	Indent string `json:"indent,omitempty"`
}

// IdleInterrupter is implemented by engines that can be interrupted while
// no cell runs: the goroutines earlier cells left running are stopped.
type IdleInterrupter interface {
	InterruptIdle()
}

// Noticer is implemented by engines that have something to say in the
// kernel's log when they start (whether their compiled tier runs).
type Noticer interface {
	Notice() string
}

// ErrNoStdin is returned by Input when the frontend does not allow input.
var ErrNoStdin = errors.New("kernel: this frontend does not support input (allow_stdin is false)")
