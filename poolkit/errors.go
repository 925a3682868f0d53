package poolkit

import (
	"errors"
	"fmt"
)

// ErrClosed is the panic value of calls that hand work to a pool after
// [Pool.Close] or [Pool.Terminate].
var ErrClosed = errors.New("poolkit: pool is closed")

// ErrTerminated ends the runs and futures of a pool that was terminated
// with [Pool.Terminate] before they finished.
var ErrTerminated = errors.New("poolkit: pool terminated")

// ErrStopped is the error used by [StopAll] when it is given a nil error.
var ErrStopped = errors.New("poolkit: stopped")

// ErrTimeout is returned by waits with a time limit, such as
// [Future.GetTimeout], when the limit passes before the result is ready.
var ErrTimeout = errors.New("poolkit: timeout")

// maxInputLen bounds the length of the formatted input in TaskError.Error.
const maxInputLen = 60

// TaskError reports a task that panicked. It is the panic value of blocking
// calls such as [Map] and the error of futures and streams.
//
// Index is the task's index in its run (the position of its input; 0 for a
// single task such as [Submit]). Input is the task's input value when the
// caller supplied one (the generic layer supplies values[Index]), else nil.
// Value is the value the task panicked with and Stack the stack of the
// worker goroutine at the time of the panic.
type TaskError struct {
	Index int
	Input any
	Value any
	Stack string
}

// Error describes the failure in one line, such as
// "poolkit: task 3 (input 3) panicked: boom". The input is left out when it
// is nil and shortened when it is long.
func (e *TaskError) Error() string {
	if e.Input == nil {
		return fmt.Sprintf("poolkit: task %d panicked: %v", e.Index, e.Value)
	}
	in := fmt.Sprintf("%v", e.Input)
	if len(in) > maxInputLen {
		in = in[:maxInputLen-3] + "..."
	}
	return fmt.Sprintf("poolkit: task %d (input %s) panicked: %v", e.Index, in, e.Value)
}

// Unwrap returns the panic value when it is an error, so that [errors.Is] and
// [errors.As] see through a TaskError; otherwise it returns nil.
func (e *TaskError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}
