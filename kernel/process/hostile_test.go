package process

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// hostile is a stub engine whose cells do what a student's code may do to
// the process: print things that look like marks, write to the event pipe,
// return huge results, die between cells.
type hostile struct{ stubborn }

func (hostile) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) kernel.ExecuteResult {
	code, arg, _ := strings.Cut(req.Code, " ")
	switch code {
	case "forge":
		// The mark of event 1 and 2, as the engine wrote them before marks
		// had a secret, and one with a guessed secret.
		fmt.Print("a\x1b]5379;gok:1\a b\x1b]5379;0123:gok:2\a c\n")
	case "pipe":
		f := os.NewFile(4, "events")
		fmt.Fprintf(f, "garbage\n{\"op\":\"done\",\"seq\":2}\n%s\n{\"op\":\"ready\"}\n", strings.Repeat("x", 3<<20))
		fmt.Println("wrote to the pipe")
	case "big":
		out.Result(kernel.DisplayData{Data: map[string]any{"text/plain": strings.Repeat("y", 40<<20)}})
	case "small":
		out.Result(kernel.DisplayData{Data: map[string]any{"text/plain": "small"}})
	case "declare":
		return kernel.ExecuteResult{Status: "ok", Declared: []string{fmt.Sprintf("//gokernel:cell %d\n%s", req.ExecutionCount, arg)}}
	case "alloc":
		n, _ := strconv.Atoi(arg)
		keep = append(keep, bytes.Repeat([]byte{1}, n<<20))
		time.Sleep(time.Second)
	case "fails":
		return kernel.ExecuteResult{Status: "error"}
	case "ok":
		return hostile{}.stubborn.Execute(ctx, req, out)
	case "die":
		go func() {
			time.Sleep(100 * time.Millisecond)
			os.Exit(3)
		}()
	}
	return kernel.ExecuteResult{Status: "ok"}
}

// keep holds what "alloc" allocated.
var keep [][]byte

func hostileSupervisor(t *testing.T) *Supervisor {
	t.Helper()
	sup := NewSupervisor(func() *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "GOKERNEL_TEST_ENGINE=hostile")
		return cmd
	}, nil)
	sup.DisplayLimit = 1 << 20
	t.Cleanup(sup.Stop)
	return sup
}

// run executes code with a deadline: a wedged supervisor fails the test
// instead of hanging it.
func run(t *testing.T, sup *Supervisor, code string) (kernel.ExecuteResult, *memPublisher) {
	t.Helper()
	pub := &memPublisher{}
	done := make(chan kernel.ExecuteResult, 1)
	go func() { done <- sup.Execute(context.Background(), kernel.ExecuteRequest{Code: code}, pub) }()
	select {
	case res := <-done:
		return res, pub
	case <-time.After(20 * time.Second):
		t.Fatalf("%q: no reply within 20 s (the supervisor is wedged)", code)
	}
	return kernel.ExecuteResult{}, nil
}

// Nothing a cell prints or writes to the engine's pipes moves or ends the
// outputs: forged marks are text, bad event lines are dropped, the next
// cell runs.
func TestHostileCells(t *testing.T) {
	sup := hostileSupervisor(t)
	tests := []struct {
		code, text string
	}{
		{"forge", "a\x1b]5379;gok:1\a b\x1b]5379;0123:gok:2\a c\n"},
		{"ok", "fine\n"},
		{"pipe", "wrote to the pipe\n"},
		{"ok", "fine\n"},
	}
	for _, tc := range tests {
		res, pub := run(t, sup, tc.code)
		if res.Status != "ok" || pub.text() != tc.text {
			t.Errorf("%s: status %q, text %q, want ok and %q", tc.code, res.Status, pub.text(), tc.text)
		}
	}
}

// A result larger than the display limit shows a notice in its place; the
// cell ends at once.
func TestDisplayLimit(t *testing.T) {
	sup := hostileSupervisor(t)
	tests := []struct{ code, want string }{
		{"big", "[output truncated: this result is 40 MB, more than the 1 MB a result may have; it is not shown, the cell keeps running]"},
		{"small", "small"},
	}
	for _, tc := range tests {
		res, pub := run(t, sup, tc.code)
		if res.Status != "ok" || len(pub.results) != 1 || pub.results[0].Data["text/plain"] != tc.want {
			t.Errorf("%s: status %q, results %.200v", tc.code, res.Status, pub.results)
		}
	}
}

// A death between cells is reported as typed events; the replay runs each
// distinct declaration once, however many times its cell ran.
func TestLifecycleEvents(t *testing.T) {
	sup := hostileSupervisor(t)
	var mu sync.Mutex
	var events []Event
	got := make(chan struct{}, 16)
	sup.Observe(func(ev Event) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
		got <- struct{}{}
	})
	for i := 0; i < 200; i++ {
		if res, _ := run(t, sup, "declare A"); res.Status != "ok" {
			t.Fatal(res)
		}
	}
	run(t, sup, "declare B")
	run(t, sup, "die")
	deadline := time.After(15 * time.Second)
	for {
		mu.Lock()
		n := len(events)
		last := Event{}
		if n > 0 {
			last = events[n-1]
		}
		mu.Unlock()
		if last.Kind == SessionReplayed {
			break
		}
		select {
		case <-got:
		case <-deadline:
			t.Fatalf("no replay; events %+v", events)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var kinds []string
	for _, ev := range events {
		kinds = append(kinds, ev.Kind.String())
	}
	want := "engine started,engine died,engine restarted,engine started,session replayed"
	if strings.Join(kinds, ",") != want {
		t.Fatalf("events %q, want %q", strings.Join(kinds, ","), want)
	}
	died, replayed := events[1], events[4]
	if died.InCell || !strings.Contains(died.Cause, "exit status 3") {
		t.Errorf("died %+v", died)
	}
	if replayed.Replayed != 2 || replayed.Failed != 0 {
		t.Errorf("replayed %+v, want 2 items (A once, B), none failed", replayed)
	}
}

// An engine past its memory limit is killed; the cell says why, and the
// next cell runs in a fresh engine.
func TestMemoryLimit(t *testing.T) {
	sup := hostileSupervisor(t)
	sup.MemoryLimit = 200 << 20
	res, pub := run(t, sup, "alloc 50")
	if res.Status != "ok" {
		t.Fatalf("50 MiB under a 200 MiB limit: %+v %v", res, pub.errors)
	}
	res, pub = run(t, sup, "alloc 400")
	want := "this cell used more than 200 MiB of memory; the engine was restarted"
	if res.Status != "error" || len(pub.errors) != 1 || pub.errors[0].EName != "MemoryError" || pub.errors[0].EValue != want {
		t.Fatalf("400 MiB: %+v %+v", res, pub.errors)
	}
	if res, pub := run(t, sup, "ok"); res.Status != "ok" || pub.text() != "fine\n" {
		t.Errorf("after the restart: %+v %q", res, pub.text())
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"3GiB", 3 << 30, false}, {"512MiB", 512 << 20, false}, {"1.5 GB", 3 << 29, false},
		{"2048", 2048, false}, {"64k", 64 << 10, false}, {"off", 0, false}, {"0", 0, false},
		{"lots", 0, true}, {"3 parsecs", 0, true}, {"-1G", 0, true},
	}
	for _, tc := range tests {
		got, err := ParseSize(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	if d := DefaultMemoryLimit(); d < 512<<20 {
		t.Errorf("default limit %d", d)
	}
}
