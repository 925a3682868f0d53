package engine

import (
	"context"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// Interrupting a cell stops poolkit's work: no task starts after the
// interrupt, the call waiting on the pool ends with an error, and the
// session's state is kept.
func TestInterruptStopsPool(t *testing.T) {
	if raceBuild {
		t.Skip("runs goroutines in the interpreter: yaegi races on its own under -race")
	}
	s := newTestSession(t)
	for _, c := range []string{
		"import (\"sync/atomic\"; \"time\")",
		"var started int64\nfunc slow(x int) int { atomic.AddInt64(&started, 1); time.Sleep(100 * time.Millisecond); return x }",
		"xs := make([]int, 200)\np := poolkit.NewPool(2)",
	} {
		if r := s.run(t, c); r.err != "" {
			t.Fatal(r.err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{}
	done := make(chan kernel.ExecuteResult, 1)
	go func() {
		done <- s.e.Execute(ctx, kernel.ExecuteRequest{Code: "res := poolkit.Map(p.With(poolkit.ChunkSize(1)), slow, xs)\nlen(res)"}, rec)
	}()
	time.Sleep(350 * time.Millisecond)
	cancel()
	var res kernel.ExecuteResult
	select {
	case res = <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("cell still running 2s after the interrupt")
	}
	if res.Status != "error" || len(rec.results) != 0 {
		t.Fatalf("status %s, results %v: an interrupted Map must not return", res.Status, rec.results)
	}
	time.Sleep(300 * time.Millisecond) // tasks that were running finish
	r1 := s.run(t, "started")
	time.Sleep(500 * time.Millisecond)
	r2 := s.run(t, "started")
	if r1.result != r2.result || r1.result == "200" || r1.result == "" {
		t.Errorf("tasks started after the interrupt: %s then %s (of 200)", r1.result, r2.result)
	}
	// Without poolkit.StopAll the compiled workers would go on handing out
	// all 200 tasks (the interpreted func returning zero values at once).
	if r := s.run(t, "len(p.Timeline().Spans)"); r.result == "" || r.result == "200" || len(r.result) > 2 {
		t.Errorf("tasks handed out in the interrupted run: %s of 200", r.result)
	}
	// The pool and the session still work.
	if r := s.run(t, "len(poolkit.Map(p, slow, []int{1, 2, 3}))"); r.result != "3" {
		t.Errorf("pool after interrupt: %+v", r)
	}
	if r := s.run(t, "len(xs)"); r.result != "200" {
		t.Errorf("state after interrupt: %+v", r)
	}
}
