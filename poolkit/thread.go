package poolkit

import (
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// ErrBadTarget is wrapped by the error of [Thread.Start] when the target is
// not a function or cannot be called with the arguments.
var ErrBadTarget = errors.New("poolkit: bad thread target")

// threadSeq numbers the default names of threads and processes.
var threadSeq atomic.Int64

// Thread runs one function call in its own goroutine, in the shape of
// Python's threading.Thread(target=f, args=(1, 2)). Create it with
// [NewThread], set Name if you like, then Start and Join it. Target is
// called through reflection with Args, so any function fits; arguments are
// checked when the thread starts.
type Thread struct {
	Name   string // name used in errors; NewThread sets "Thread-N"
	Target any    // the function to call
	Args   []any  // its arguments

	mu      sync.Mutex
	started bool
	done    chan struct{}
	result  []any
	err     error
}

// NewThread returns an unstarted thread that will call target(args...).
// It never fails: a target that is not a function, or arguments that do
// not fit it, are reported by [Thread.Start].
func NewThread(target any, args ...any) *Thread {
	return &Thread{Name: fmt.Sprintf("Thread-%d", threadSeq.Add(1)), Target: target, Args: args}
}

// Process is another name for [Thread], for lessons written with Python's
// multiprocessing.Process. There are no processes here: a Process is a
// goroutine sharing memory with its parent, which is cheaper to start and
// needs no pickling, but also means that data races are possible.
type Process = Thread

// NewProcess is [NewThread] with the default name "Process-N".
func NewProcess(target any, args ...any) *Process {
	return &Thread{Name: fmt.Sprintf("Process-%d", threadSeq.Add(1)), Target: target, Args: args}
}

// Start checks that Target can be called with Args and starts the call in a
// new goroutine. If it cannot, Start returns an error wrapping
// [ErrBadTarget], starts nothing, and the thread counts as finished with
// that error. Start panics if the thread was already started, as Python's
// does.
func (t *Thread) Start() error {
	t.mu.Lock()
	if t.started {
		t.mu.Unlock()
		panic(fmt.Sprintf("poolkit: thread %s started twice", t.Name))
	}
	t.started = true
	t.done = make(chan struct{})
	t.mu.Unlock()
	fn, in, err := prepareCall(t.Target, t.Args)
	if err != nil {
		t.err = fmt.Errorf("%w: %s: %v", ErrBadTarget, t.Name, err)
		close(t.done)
		return t.err
	}
	go t.call(fn, in)
	return nil
}

// call runs the target and records its results or its panic.
func (t *Thread) call(fn reflect.Value, in []reflect.Value) {
	defer close(t.done)
	normal := false
	defer func() {
		if normal {
			return
		}
		v := recover()
		if v == nil {
			v = errGoexit
		}
		t.err = &ThreadError{Name: t.Name, Value: v, Stack: string(debug.Stack())}
	}()
	out := fn.Call(in)
	res := make([]any, len(out))
	for i, v := range out {
		res[i] = v.Interface()
	}
	t.result = res
	normal = true
}

// mustStarted returns the done channel, panicking if t was not started.
func (t *Thread) mustStarted(what string) chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.started {
		panic(fmt.Sprintf("poolkit: %s called before Start on thread %s", what, t.Name))
	}
	return t.done
}

// Join waits for the thread to finish and returns its error (see
// [Thread.Err]). It panics if the thread was not started.
func (t *Thread) Join() error {
	<-t.mustStarted("Join")
	return t.err
}

// JoinTimeout waits at most d for the thread to finish and reports whether
// it did. It panics if the thread was not started.
func (t *Thread) JoinTimeout(d time.Duration) bool {
	done := t.mustStarted("JoinTimeout")
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// IsAlive reports whether the thread was started and has not finished.
func (t *Thread) IsAlive() bool {
	started, finished := t.state()
	return started && !finished
}

// Err returns the error of a finished thread: the [ErrBadTarget] error of
// Start, or a [*ThreadError] if the target panicked; nil if it returned, or
// if the thread has not finished.
func (t *Thread) Err() error {
	if !t.finished() {
		return nil
	}
	return t.err
}

// Result returns the values returned by the target of a finished thread
// (nil while it runs, or if it failed).
func (t *Thread) Result() []any {
	if !t.finished() {
		return nil
	}
	return t.result
}

// finished reports whether the thread has finished.
func (t *Thread) finished() bool {
	_, finished := t.state()
	return finished
}

// state reports whether the thread was started and whether it finished.
func (t *Thread) state() (started, finished bool) {
	t.mu.Lock()
	done := t.done
	t.mu.Unlock()
	if done == nil {
		return false, false
	}
	select {
	case <-done:
		return true, true
	default:
		return true, false
	}
}

// ThreadError reports a [Thread] whose target panicked.
type ThreadError struct {
	Name  string // the thread's name
	Value any    // the panic value
	Stack string // the goroutine's stack at the panic
}

// Error describes the failure, such as
// "poolkit: thread Thread-1 panicked: boom".
func (e *ThreadError) Error() string {
	return fmt.Sprintf("poolkit: thread %s panicked: %v", e.Name, e.Value)
}

// Unwrap returns the panic value when it is an error, else nil.
func (e *ThreadError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// prepareCall checks that target is a function that can be called with args
// and converts the arguments.
func prepareCall(target any, args []any) (reflect.Value, []reflect.Value, error) {
	fn := reflect.ValueOf(target)
	if !fn.IsValid() || fn.Kind() != reflect.Func {
		return fn, nil, fmt.Errorf("target is %T, not a function", target)
	}
	if fn.IsNil() {
		return fn, nil, fmt.Errorf("target is a nil %s", fn.Type())
	}
	ft := fn.Type()
	fixed := ft.NumIn()
	if ft.IsVariadic() {
		fixed--
		if len(args) < fixed {
			return fn, nil, fmt.Errorf("%s needs at least %d arguments, got %d", ft, fixed, len(args))
		}
	} else if len(args) != fixed {
		return fn, nil, fmt.Errorf("%s needs %d arguments, got %d", ft, fixed, len(args))
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var want reflect.Type
		if i < fixed {
			want = ft.In(i)
		} else {
			want = ft.In(fixed).Elem()
		}
		v, ok := convertArg(a, want)
		if !ok {
			return fn, nil, fmt.Errorf("argument %d is %T, %s wants %s", i+1, a, ft, want)
		}
		in[i] = v
	}
	return fn, in, nil
}

// convertArg converts a to type want: as is when assignable, nil to the
// zero value of a nilable type, and numbers to other number types when the
// value fits (so that the untyped constant 1 can feed a float64 or int64
// parameter).
func convertArg(a any, want reflect.Type) (reflect.Value, bool) {
	if a == nil {
		switch want.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Slice, reflect.Map, reflect.Func, reflect.Chan:
			return reflect.Zero(want), true
		}
		return reflect.Value{}, false
	}
	v := reflect.ValueOf(a)
	if v.Type().AssignableTo(want) {
		return v, true
	}
	switch {
	case isInt(v.Kind()) && isInt(want.Kind()):
		c := v.Convert(want)
		if c.Convert(v.Type()).Interface() == a {
			return c, true
		}
	case isUint(v.Kind()) && isUint(want.Kind()):
		c := v.Convert(want)
		if c.Convert(v.Type()).Interface() == a {
			return c, true
		}
	case isUint(v.Kind()) && isInt(want.Kind()):
		c := v.Convert(want)
		if c.Int() >= 0 && c.Convert(v.Type()).Interface() == a {
			return c, true
		}
	case isInt(v.Kind()) && isUint(want.Kind()):
		if v.Int() >= 0 {
			c := v.Convert(want)
			if c.Convert(v.Type()).Interface() == a {
				return c, true
			}
		}
	case (isInt(v.Kind()) || isUint(v.Kind()) || isFloat(v.Kind())) && isFloat(want.Kind()):
		return v.Convert(want), true
	}
	return reflect.Value{}, false
}

func isInt(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Int64
}

func isUint(k reflect.Kind) bool {
	return k >= reflect.Uint && k <= reflect.Uintptr
}

func isFloat(k reflect.Kind) bool {
	return k == reflect.Float32 || k == reflect.Float64
}
