package process

import (
	"context"
	"log"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// The test binary doubles as an engine process: with GOKERNEL_TEST_ENGINE
// set, TestMain serves a stub engine on file descriptors 3 and 4.
func TestMain(m *testing.M) {
	switch os.Getenv("GOKERNEL_TEST_ENGINE") {
	case "stubborn":
		in, out := EngineFiles()
		_ = ServeEngine(stubborn{}, in, out, os.Stdout, os.Stderr)
		os.Exit(0)
	case "noticer":
		in, out := EngineFiles()
		_ = ServeEngine(noticer{}, in, out, os.Stdout, os.Stderr)
		os.Exit(0)
	case "hostile":
		in, out := EngineFiles()
		_ = ServeEngine(hostile{}, in, out, os.Stdout, os.Stderr)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// stubborn ignores interrupts: its cells never end by themselves, unless
// the code is "ok".
type stubborn struct{}

func (stubborn) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) kernel.ExecuteResult {
	if req.Code == "ok" {
		out.Stream("stdout", "fine\n")
		return kernel.ExecuteResult{Status: "ok"}
	}
	select {}
}
func (stubborn) Complete(kernel.CompleteRequest) kernel.CompleteReply { return kernel.CompleteReply{} }
func (stubborn) Inspect(kernel.InspectRequest) kernel.InspectReply    { return kernel.InspectReply{} }
func (stubborn) IsComplete(kernel.IsCompleteRequest) kernel.IsCompleteReply {
	return kernel.IsCompleteReply{Status: "complete"}
}

type memPublisher struct {
	mu      sync.Mutex
	streams strings.Builder
	errors  []kernel.ErrorInfo
	results []kernel.DisplayData
}

func (p *memPublisher) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.streams.String()
}

func (p *memPublisher) Stream(name, text string) {
	p.mu.Lock()
	p.streams.WriteString(text)
	p.mu.Unlock()
}
func (p *memPublisher) Display(kernel.DisplayData) {}
func (p *memPublisher) Result(d kernel.DisplayData) {
	p.mu.Lock()
	p.results = append(p.results, d)
	p.mu.Unlock()
}
func (p *memPublisher) Error(e kernel.ErrorInfo) {
	p.mu.Lock()
	p.errors = append(p.errors, e)
	p.mu.Unlock()
}
func (p *memPublisher) ClearOutput(bool)                   {}
func (p *memPublisher) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }

// An engine that does not stop within the grace period after an interrupt
// is killed and restarted, and the cell says so.
func TestInterruptGraceRestarts(t *testing.T) {
	sup := NewSupervisor(func() *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "GOKERNEL_TEST_ENGINE=stubborn")
		return cmd
	}, nil)
	sup.InterruptGrace = 300 * time.Millisecond
	defer sup.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	pub := &memPublisher{}
	start := time.Now()
	res := sup.Execute(ctx, kernel.ExecuteRequest{Code: "for {}"}, pub)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s", took)
	}
	if res.Status != "error" || len(pub.errors) != 1 || !strings.Contains(strings.Join(pub.errors[0].Traceback, "\n"), "restarted") {
		t.Fatalf("result %+v, errors %+v", res, pub.errors)
	}
	// The new engine runs the next cell.
	pub2 := &memPublisher{}
	if res := sup.Execute(context.Background(), kernel.ExecuteRequest{Code: "ok"}, pub2); res.Status != "ok" {
		t.Fatalf("after restart: %+v", res)
	}
	if pub2.streams.String() != "fine\n" {
		t.Errorf("output %q", pub2.streams.String())
	}
}

// noticer has a notice for the kernel's log.
type noticer struct{ stubborn }

func (noticer) Notice() string { return "compiled tier: off (a test)" }

// An engine's notice reaches the kernel's log, once however many engines
// start.
func TestEngineNoticeIsLogged(t *testing.T) {
	var logged strings.Builder
	var mu sync.Mutex
	sup := NewSupervisor(func() *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "GOKERNEL_TEST_ENGINE=noticer")
		return cmd
	}, log.New(writerFunc(func(b []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logged.Write(b)
	}), "", 0))
	defer sup.Stop()
	if res := sup.Execute(context.Background(), kernel.ExecuteRequest{Code: "ok"}, &memPublisher{}); res.Status != "ok" {
		t.Fatalf("%+v", res)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := logged.String(); strings.Count(got, "compiled tier: off (a test)") != 1 {
		t.Errorf("log %q", got)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
