package engine

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// recorder is a kernel.Publisher that keeps what a cell showed.
type recorder struct {
	mu       sync.Mutex
	results  []string
	bundles  []kernel.DisplayData // results with every MIME type
	errors   []kernel.ErrorInfo
	displays []kernel.DisplayData
	inputs   []string
}

func (r *recorder) Stream(name, text string) {}
func (r *recorder) Display(d kernel.DisplayData) {
	r.mu.Lock()
	r.displays = append(r.displays, d)
	r.mu.Unlock()
}
func (r *recorder) Result(d kernel.DisplayData) {
	r.mu.Lock()
	r.results = append(r.results, d.Data["text/plain"].(string))
	r.bundles = append(r.bundles, d)
	r.mu.Unlock()
}
func (r *recorder) Error(e kernel.ErrorInfo) {
	r.mu.Lock()
	r.errors = append(r.errors, e)
	r.mu.Unlock()
}
func (r *recorder) ClearOutput(bool) {}
func (r *recorder) Input(prompt string, _ bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.inputs) == 0 {
		return "", kernel.ErrNoStdin
	}
	v := r.inputs[0]
	r.inputs = r.inputs[1:]
	return v, nil
}

// testSession is an engine with its output captured.
type testSession struct {
	e     *Engine
	out   *syncBuffer
	count int // execution count of the last cell
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// newTestSession starts an engine with the compiled tier off: the tests
// of the tier turn it on (newTierSession).
func newTestSession(t testing.TB) *testSession {
	return newSessionWith(t, true)
}

func newSessionWith(t testing.TB, noCompile bool) *testSession {
	t.Helper()
	out := &syncBuffer{}
	e, err := New(Options{Stdout: out, Stderr: out, NoCompile: noCompile})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return &testSession{e: e, out: out}
}

// cellRun is what one cell produced.
type cellRun struct {
	stdout string
	result string // results joined by "\n"
	err    string // "ename: evalue", or ""
	rec    *recorder
}

func (s *testSession) run(t testing.TB, code string) cellRun {
	t.Helper()
	rec := &recorder{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s.count++
	res := s.e.Execute(ctx, kernel.ExecuteRequest{Code: code, ExecutionCount: s.count}, rec)
	r := cellRun{stdout: s.out.take(), result: strings.Join(rec.results, "\n"), rec: rec}
	if res.Status != "ok" {
		if len(rec.errors) == 0 {
			t.Fatalf("status %s without an error output", res.Status)
		}
		r.err = rec.errors[0].EName + ": " + rec.errors[0].EValue
	}
	return r
}
