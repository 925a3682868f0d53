package prompt

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// buffer is a stdout the test reads while the writer's timer writes.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// take returns what was written since the last take.
func (s *buffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// markPublisher writes a mark in stdout for every output, as the engine
// process does.
type markPublisher struct {
	kernel.Publisher
	out *buffer
}

func (p markPublisher) Display(kernel.DisplayData) { p.out.Write([]byte("<display>")) }
func (p markPublisher) Error(kernel.ErrorInfo)     { p.out.Write([]byte("<error>")) }
func (p markPublisher) ClearOutput(bool)           { p.out.Write([]byte("<clear>")) }

// step is one thing a cell does to its stdout; want is what stdout got
// then, prompt what a read of stdin takes as its prompt (with take).
type step struct {
	write  string
	wait   bool // sleep past Delay first
	take   bool
	output string // "display", "error", "clear", "stderr": an output after
	want   string
	prompt string
}

func TestWriter(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"complete lines at once", []step{{write: "linha\n", want: "linha\n"}, {write: "a\nb\n", want: "a\nb\n"}}},
		{"the end of a line is held", []step{{write: "linha\n10%", want: "linha\n"}, {wait: true, want: "10%"}}},
		{"a held text is the prompt", []step{{write: "Nome: ", take: true, prompt: "Nome: "}}},
		{"a line written in part is no prompt", []step{{write: "10%"}, {wait: true, want: "10%"}, {write: " 20%", take: true, want: " 20%", prompt: ""}}},
		{"a newline ends the held text", []step{{write: "Nome"}, {write: ": x\n", want: "Nome: x\n"}}},
		{"too long a line is no prompt", []step{{write: string(bytes.Repeat([]byte("x"), maxPrompt+1)), want: string(bytes.Repeat([]byte("x"), maxPrompt+1))}}},
		{"before a display", []step{{write: "x", output: "display", want: "x<display>"}}},
		{"before an error", []step{{write: "x", output: "error", want: "x<error>"}}},
		{"before clear_output", []step{{write: "x", output: "clear", want: "x<clear>"}}},
		{"before stderr", []step{{write: "x", output: "stderr", want: "x!"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out buffer
			pw := New(&out)
			pub := Publisher(markPublisher{out: &out}, pw)
			stderr := Stderr(&out, pw)
			for i, s := range tt.steps {
				if s.wait {
					time.Sleep(3 * Delay)
				}
				if s.write != "" {
					pw.WriteString(s.write)
				}
				if s.take {
					if p := pw.Take(); p != s.prompt {
						t.Errorf("step %d: prompt %q, want %q", i, p, s.prompt)
					}
				}
				switch s.output {
				case "display":
					pub.Display(kernel.DisplayData{})
				case "error":
					pub.Error(kernel.ErrorInfo{})
				case "clear":
					pub.ClearOutput(false)
				case "stderr":
					stderr.Write([]byte("!"))
				}
				if got := out.take(); got != s.want {
					t.Errorf("step %d: stdout got %q, want %q", i, got, s.want)
				}
			}
		})
	}
}

// A prompt given back is stdout again.
func TestPutBack(t *testing.T) {
	var out buffer
	pw := New(&out)
	pw.WriteString("Nome: ")
	p := pw.Take()
	pw.PutBack(p)
	pw.Flush()
	if got := out.take(); got != "Nome: " {
		t.Errorf("stdout %q", got)
	}
}
