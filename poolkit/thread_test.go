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

func TestThreadCalls(t *testing.T) {
	var nilSlice []int
	tests := []struct {
		name   string
		target any
		args   []any
		want   string // fmt.Sprint of Result()
	}{
		{"two ints", func(a, b int) int { return a + b }, []any{1, 2}, "[3]"},
		{"no args no results", func() {}, nil, "[]"},
		{"int to float64", func(x float64) float64 { return x / 2 }, []any{3}, "[1.5]"},
		{"int to int64", func(x int64) int64 { return x * 2 }, []any{21}, "[42]"},
		{"int to uint8 fits", func(x uint8) uint8 { return x }, []any{255}, "[255]"},
		{"uint to int", func(x int) int { return x }, []any{uint(7)}, "[7]"},
		{"variadic", func(xs ...int) int { return len(xs) }, []any{1, 2, 3}, "[3]"},
		{"variadic none", func(s string, xs ...int) string { return s }, []any{"a"}, "[a]"},
		{"nil slice", func(xs []int) bool { return xs == nil }, []any{nil}, "[true]"},
		{"nil error", func(err error) bool { return err == nil }, []any{nil}, "[true]"},
		{"interface", func(v any) string { return fmt.Sprint(v) }, []any{nilSlice}, "[[]]"},
		{"two results", func(s string) (string, int) { return strings.ToUpper(s), len(s) }, []any{"go"}, "[GO 2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := poolkit.NewThread(tt.target, tt.args...)
			if err := th.Start(); err != nil {
				t.Fatalf("Start() = %v", err)
			}
			if err := th.Join(); err != nil {
				t.Fatalf("Join() = %v", err)
			}
			if got := fmt.Sprint(th.Result()); got != tt.want {
				t.Errorf("Result() = %s, want %s", got, tt.want)
			}
			if th.IsAlive() || th.Err() != nil {
				t.Errorf("IsAlive %v, Err %v after Join", th.IsAlive(), th.Err())
			}
		})
	}
}

func TestThreadBadTarget(t *testing.T) {
	var nilFunc func()
	tests := []struct {
		name   string
		target any
		args   []any
		want   string
	}{
		{"not a function", 5, nil, "target is int, not a function"},
		{"nil", nil, nil, "target is <nil>, not a function"},
		{"nil func", nilFunc, nil, "target is a nil func()"},
		{"too few", func(a, b int) {}, []any{1}, "func(int, int) needs 2 arguments, got 1"},
		{"too many", func() {}, []any{1}, "func() needs 0 arguments, got 1"},
		{"variadic too few", func(s string, xs ...int) {}, nil, "needs at least 1 arguments, got 0"},
		{"wrong type", func(a int) {}, []any{"x"}, "argument 1 is string, func(int) wants int"},
		{"wrong variadic type", func(xs ...int) {}, []any{1, "x"}, "argument 2 is string"},
		{"does not fit", func(a int8) {}, []any{300}, "argument 1 is int, func(int8) wants int8"},
		{"negative to uint", func(a uint) {}, []any{-1}, "argument 1 is int"},
		{"float to int", func(a int) {}, []any{1.5}, "argument 1 is float64"},
		{"nil to int", func(a int) {}, []any{nil}, "argument 1 is <nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := poolkit.NewThread(tt.target, tt.args...)
			th.Name = "T"
			err := th.Start()
			if !errors.Is(err, poolkit.ErrBadTarget) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Start() = %v, want ErrBadTarget mentioning %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "poolkit: bad thread target: T: ") {
				t.Errorf("message %q lacks its prefix", err)
			}
			if th.Join() != err || th.Err() != err || th.IsAlive() || th.Result() != nil {
				t.Errorf("after a bad Start: Join %v, Err %v, IsAlive %v", th.Join(), th.Err(), th.IsAlive())
			}
		})
	}
}

func TestThreadPanic(t *testing.T) {
	tests := []struct {
		name   string
		value  any
		unwrap error
	}{
		{"string", "boom", nil},
		{"error", io.EOF, io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := poolkit.NewThread(func() { panic(tt.value) })
			th.Name = "worker"
			th.Start()
			err := th.Join()
			var te *poolkit.ThreadError
			if !errors.As(err, &te) || te.Name != "worker" || te.Value != tt.value || !strings.Contains(te.Stack, "thread_test.go") {
				t.Fatalf("Join() = %#v", err)
			}
			if te.Error() != fmt.Sprintf("poolkit: thread worker panicked: %v", tt.value) || te.Unwrap() != tt.unwrap {
				t.Errorf("Error() %q, Unwrap() %v", te.Error(), te.Unwrap())
			}
		})
	}
}

func TestThreadLifecycle(t *testing.T) {
	release := make(chan struct{})
	th := poolkit.NewThread(func() int { <-release; return 1 })
	if th.IsAlive() || th.Err() != nil || th.Result() != nil {
		t.Error("unstarted thread looks started")
	}
	for name, f := range map[string]func(){"Join": func() { th.Join() }, "JoinTimeout": func() { th.JoinTimeout(0) }} {
		if msg := fmt.Sprint(mustPanic(t, f)); !strings.HasPrefix(msg, "poolkit: "+name+" called before Start") {
			t.Errorf("%s before Start panicked with %q", name, msg)
		}
	}
	th.Start()
	if !th.IsAlive() || th.JoinTimeout(5*time.Millisecond) || th.Result() != nil {
		t.Error("running thread: want alive, JoinTimeout false, no result")
	}
	if msg := fmt.Sprint(mustPanic(t, func() { th.Start() })); !strings.HasPrefix(msg, "poolkit: thread Thread-") {
		t.Errorf("second Start panicked with %q", msg)
	}
	close(release)
	if !th.JoinTimeout(time.Minute) || th.IsAlive() || fmt.Sprint(th.Result()) != "[1]" {
		t.Error("finished thread: want JoinTimeout true, not alive, result [1]")
	}
}

func TestThreadNames(t *testing.T) {
	a, b := poolkit.NewThread(func() {}), poolkit.NewProcess(func() {})
	if !strings.HasPrefix(a.Name, "Thread-") || !strings.HasPrefix(b.Name, "Process-") || a.Name[7:] == b.Name[8:] {
		t.Errorf("names %q, %q", a.Name, b.Name)
	}
}

func ExampleThread() {
	// Python: t = Thread(target=greet, args=("Ana", 2)); t.start(); t.join()
	greet := func(name string, times int) {
		for i := 0; i < times; i++ {
			fmt.Println("hello", name)
		}
	}
	t := poolkit.NewThread(greet, "Ana", 2)
	t.Start()
	t.Join()
	// Output:
	// hello Ana
	// hello Ana
}

func ExampleNewThread() {
	threads := []*poolkit.Thread{}
	results := make([]int, 3)
	for i := 0; i < 3; i++ {
		threads = append(threads, poolkit.NewThread(func(k int) { results[k] = k * k }, i))
	}
	for _, t := range threads {
		t.Start()
	}
	for _, t := range threads {
		t.Join()
	}
	fmt.Println(results)
	// Output: [0 1 4]
}

func ExampleThread_Start() {
	t := poolkit.NewThread(func(a, b int) int { return a + b }, 1, "two")
	t.Name = "adder"
	fmt.Println(t.Start())
	// Output: poolkit: bad thread target: adder: argument 2 is string, func(int, int) int wants int
}

func ExampleThread_Join() {
	t := poolkit.NewThread(func() { panic("boom") })
	t.Name = "worker"
	t.Start()
	fmt.Println(t.Join())
	// Output: poolkit: thread worker panicked: boom
}

func ExampleThread_JoinTimeout() {
	release := make(chan bool)
	t := poolkit.NewThread(func() { <-release })
	t.Start()
	fmt.Println(t.JoinTimeout(10 * time.Millisecond))
	close(release)
	fmt.Println(t.JoinTimeout(time.Minute))
	// Output:
	// false
	// true
}

func ExampleThread_IsAlive() {
	release := make(chan bool)
	t := poolkit.NewThread(func() { <-release })
	fmt.Println(t.IsAlive())
	t.Start()
	fmt.Println(t.IsAlive())
	close(release)
	t.Join()
	fmt.Println(t.IsAlive())
	// Output:
	// false
	// true
	// false
}

func ExampleThread_Err() {
	t := poolkit.NewThread(func(x int) int { return 10 / x }, 0)
	t.Name = "divider"
	t.Start()
	t.Join()
	fmt.Println(t.Err())
	// Output: poolkit: thread divider panicked: runtime error: integer divide by zero
}

func ExampleThread_Result() {
	t := poolkit.NewThread(func(s string) (int, bool) { return len(s), true }, "hello")
	t.Start()
	t.Join()
	fmt.Println(t.Result())
	// Output: [5 true]
}

func ExampleProcess() {
	// There are no processes: a Process is a goroutine, like a Thread.
	var p *poolkit.Process = poolkit.NewThread(func() { fmt.Println("in a goroutine") })
	p.Start()
	p.Join()
	// Output: in a goroutine
}

func ExampleNewProcess() {
	p := poolkit.NewProcess(func(n int) { fmt.Println("square:", n*n) }, 7)
	fmt.Println(strings.HasPrefix(p.Name, "Process-"))
	p.Start()
	p.Join()
	// Output:
	// true
	// square: 49
}

func ExampleThreadError() {
	t := poolkit.NewThread(func() { panic(io.EOF) })
	t.Start()
	var te *poolkit.ThreadError
	if errors.As(t.Join(), &te) {
		fmt.Println(te.Value, te.Stack != "")
	}
	// Output: EOF true
}

func ExampleThreadError_Error() {
	fmt.Println(&poolkit.ThreadError{Name: "Thread-7", Value: "boom"})
	// Output: poolkit: thread Thread-7 panicked: boom
}

func ExampleThreadError_Unwrap() {
	err := &poolkit.ThreadError{Name: "Thread-7", Value: io.EOF}
	fmt.Println(errors.Is(err, io.EOF), err.Unwrap())
	// Output: true EOF
}

func ExampleErrBadTarget() {
	err := poolkit.NewThread("not a function").Start()
	fmt.Println(errors.Is(err, poolkit.ErrBadTarget))
	// Output: true
}
