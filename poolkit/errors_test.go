package poolkit_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestTaskErrorError(t *testing.T) {
	tests := []struct {
		name string
		err  *poolkit.TaskError
		want string
	}{
		{"with input", &poolkit.TaskError{Index: 3, Input: 3, Value: "boom"}, "poolkit: task 3 (input 3) panicked: boom"},
		{"nil input", &poolkit.TaskError{Index: 0, Value: "boom"}, "poolkit: task 0 panicked: boom"},
		{"error value", &poolkit.TaskError{Index: 1, Input: "x", Value: io.EOF}, "poolkit: task 1 (input x) panicked: EOF"},
		{"long input", &poolkit.TaskError{Index: 2, Input: strings.Repeat("a", 100), Value: 1}, "poolkit: task 2 (input " + strings.Repeat("a", 57) + "...) panicked: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTaskErrorUnwrap(t *testing.T) {
	tests := []struct {
		name  string
		value any
		want  error
	}{
		{"error", io.EOF, io.EOF},
		{"string", "boom", nil},
		{"nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &poolkit.TaskError{Value: tt.value}
			if got := e.Unwrap(); got != tt.want {
				t.Errorf("Unwrap() = %v, want %v", got, tt.want)
			}
			if tt.want != nil && !errors.Is(e, tt.want) {
				t.Errorf("errors.Is(%v, %v) = false", e, tt.want)
			}
		})
	}
}

func TestErrorMessagesArePrefixed(t *testing.T) {
	for _, err := range []error{poolkit.ErrClosed, poolkit.ErrTerminated, poolkit.ErrStopped, poolkit.ErrTimeout, poolkit.ErrBadTarget} {
		if !strings.HasPrefix(err.Error(), "poolkit: ") {
			t.Errorf("%q lacks the poolkit: prefix", err)
		}
	}
}

func ExampleTaskError() {
	p := poolkit.NewPool(2)
	defer p.Close()
	defer func() {
		var te *poolkit.TaskError
		if errors.As(recover().(error), &te) {
			fmt.Println(te.Index, te.Input, te.Value)
		}
	}()
	poolkit.Map(p, func(x int) int {
		if x == 3 {
			panic("boom")
		}
		return x
	}, []int{1, 2, 3})
	// Output: 2 3 boom
}

func ExampleTaskError_Error() {
	err := &poolkit.TaskError{Index: 3, Input: 3, Value: "boom"}
	fmt.Println(err)
	// Output: poolkit: task 3 (input 3) panicked: boom
}

func ExampleTaskError_Unwrap() {
	p := poolkit.NewPool(1)
	defer p.Close()
	_, err := poolkit.Submit(p, func() int { panic(io.ErrUnexpectedEOF) }).Get()
	fmt.Println(errors.Is(err, io.ErrUnexpectedEOF))
	// Output: true
}

func ExampleErrClosed() {
	p := poolkit.NewPool(1)
	p.Close()
	defer func() { fmt.Println(recover() == poolkit.ErrClosed) }()
	poolkit.Map(p, func(x int) int { return x }, []int{1})
	// Output: true
}

func ExampleErrTerminated() {
	p := poolkit.NewPool(1)
	started, release := make(chan bool), make(chan bool)
	f := poolkit.Submit(p, func() int { started <- true; <-release; return 1 })
	<-started
	p.Terminate()
	_, err := f.Get()
	fmt.Println(err)
	close(release)
	p.Join()
	// Output: poolkit: pool terminated
}

func ExampleErrStopped() {
	p := poolkit.NewPool(1)
	defer p.Close()
	started, release := make(chan bool), make(chan bool)
	f := poolkit.Submit(p, func() int { started <- true; <-release; return 1 })
	<-started
	poolkit.StopAll(nil)
	_, err := f.Get()
	fmt.Println(err == poolkit.ErrStopped)
	close(release)
	// Output: true
}

func ExampleErrTimeout() {
	p := poolkit.NewPool(1)
	defer p.Close()
	release := make(chan bool)
	f := poolkit.Submit(p, func() int { <-release; return 1 })
	_, err := f.GetTimeout(10 * time.Millisecond)
	fmt.Println(err)
	close(release)
	fmt.Println(f.Get())
	// Output:
	// poolkit: timeout
	// 1 <nil>
}
