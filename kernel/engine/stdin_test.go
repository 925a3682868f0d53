package engine

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// inputRecorder is the recorder with the prompts of its input requests;
// it answers with inputs (none left: kernel.ErrNoStdin, as a frontend
// with allow_stdin false).
type inputRecorder struct {
	*recorder
	mu      sync.Mutex
	prompts []string
	stdout  func() string // what the cell had printed when it asked
	seen    []string
}

func (r *inputRecorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	r.prompts = append(r.prompts, prompt)
	if r.stdout != nil {
		r.seen = append(r.seen, r.stdout())
	}
	r.mu.Unlock()
	return r.recorder.Input(prompt, password)
}

// runInput runs a cell whose reads of stdin are answered with inputs.
func (s *testSession) runInput(t testing.TB, code string, inputs ...string) (cellRun, *inputRecorder) {
	t.Helper()
	rec := &inputRecorder{recorder: &recorder{inputs: inputs}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s.count++
	res := s.e.Execute(ctx, kernel.ExecuteRequest{Code: code, ExecutionCount: s.count}, rec)
	r := cellRun{stdout: s.out.take(), result: strings.Join(rec.results, "\n"), rec: rec.recorder}
	if res.Status != "ok" {
		if len(rec.errors) == 0 {
			t.Fatalf("status %s without an error output", res.Status)
		}
		r.err = rec.errors[0].EName + ": " + rec.errors[0].EValue
	}
	return r, rec
}

const stdinImports = "import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n)\n"

// TestStdin: every read of os.Stdin in a cell asks the notebook (one
// input_request per read that finds no buffered text), with what the cell
// printed since its last newline as the prompt, which stdout then does
// not repeat.
func TestStdin(t *testing.T) {
	cases := []struct {
		name    string
		setup   string
		cell    string
		inputs  []string
		prompts []string // nil: not checked
		stdout  string
		result  string
		wantErr string
	}{
		{name: "bufio.Reader.ReadString", inputs: []string{"Ana"},
			cell:    "fmt.Print(\"Nome: \")\nr := bufio.NewReader(os.Stdin)\ns, _ := r.ReadString('\\n')\nfmt.Println(\"Olá,\", s)",
			prompts: []string{"Nome: "}, stdout: "Olá, Ana\n\n"},
		{name: "bufio.Scanner reads two lines", inputs: []string{"um", "dois"},
			cell:    "sc := bufio.NewScanner(os.Stdin)\nvar got []string\nfor len(got) < 2 && sc.Scan() {\n\tgot = append(got, sc.Text())\n}\nfmt.Println(got, sc.Err())",
			prompts: []string{"", ""}, stdout: "[um dois] <nil>\n"},
		{name: "fmt.Fscan", inputs: []string{"42"},
			cell:    "var n int\n_, err := fmt.Fscan(os.Stdin, &n)\nfmt.Println(n*2, err)",
			prompts: []string{""}, stdout: "84 <nil>\n"},
		{name: "fmt.Fscan of two numbers on two lines", inputs: []string{"3", "4"},
			cell:    "fmt.Print(\"a b? \")\nvar a, b int\nfmt.Fscan(os.Stdin, &a, &b)\nfmt.Println(a + b)",
			prompts: []string{"a b? ", ""}, stdout: "7\n"},
		{name: "os.Stdin.Read", inputs: []string{"xyz"},
			cell:    "buf := make([]byte, 16)\nn, err := os.Stdin.Read(buf)\nfmt.Printf(\"%q %v\\n\", buf[:n], err)",
			prompts: []string{""}, stdout: "\"xyz\\n\" <nil>\n"},
		{name: "a read after the line asks again", inputs: []string{"ab", "cd"},
			cell:    "buf := make([]byte, 2)\nvar got []string\nfor i := 0; i < 4; i++ {\n\tn, _ := os.Stdin.Read(buf)\n\tgot = append(got, string(buf[:n]))\n}\nfmt.Printf(\"%q\\n\", got)",
			prompts: []string{"", ""}, stdout: "[\"ab\" \"\\n\" \"cd\" \"\\n\"]\n"},
		{name: "io.Reader var and io.Copy", inputs: []string{"linha"},
			cell:    "var in io.Reader = os.Stdin\nio.Copy(os.Stdout, io.LimitReader(in, 6))",
			prompts: []string{""}, stdout: "linha\n"},
		{name: "a func of an earlier cell reads", setup: "func ask(p string) string {\n\tfmt.Print(p)\n\ts, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\n\treturn s[:len(s)-1]\n}",
			inputs: []string{"azul"}, cell: "c := ask(\"Cor? \")\nc", prompts: []string{"Cor? "}, result: "azul"},
		{name: "a func's io.Reader result", inputs: []string{"abc"},
			cell:    "func rd() io.Reader { return os.Stdin }\nb := make([]byte, 8)\nn, _ := rd().Read(b)\nfmt.Printf(\"%q\\n\", b[:n])",
			prompts: []string{""}, stdout: "\"abc\\n\"\n"},
		{name: "uses that need the *os.File keep it",
			cell: "fi, err := os.Stdin.Stat()\nvar rc io.ReadCloser = os.Stdin\nfmt.Println(fi != nil, err, rc == os.Stdin)", stdout: "true <nil> true\n"},
		{name: "fmt.Scanln takes the prompt too", inputs: []string{"Bia"},
			cell:    "fmt.Print(\"Nome: \")\nvar nome string\nfmt.Scanln(&nome)\nfmt.Println(\"oi\", nome)",
			prompts: []string{"Nome: "}, stdout: "oi Bia\n"},
		{name: "a prompt after complete lines", inputs: []string{"1"},
			cell:    "fmt.Println(\"Menu\")\nfmt.Print(\"Opção: \")\nvar n int\nfmt.Scan(&n)\nfmt.Println(\"->\", n)",
			prompts: []string{"Opção: "}, stdout: "Menu\n-> 1\n"},
		{name: "os.Stdout keeps its place after a held print",
			cell: "fmt.Print(\"a\")\nfmt.Fprint(os.Stdout, \"b\")\nos.Stdout.WriteString(\"c\\n\")", stdout: "abc\n"},
		{name: "no newline at the end of the cell", cell: "fmt.Print(\"fim\")", stdout: "fim"},
		// allow_stdin false: a clear error, never an EOF.
		{name: "ReadString without stdin",
			cell:   "fmt.Print(\"Nome: \")\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(err)",
			stdout: "Nome: stdin: input is not available in this frontend (allow_stdin is false)\n"},
		{name: "Scanner.Err without stdin",
			cell:   "sc := bufio.NewScanner(os.Stdin)\nfmt.Println(sc.Scan(), sc.Err())",
			stdout: "false stdin: input is not available in this frontend (allow_stdin is false)\n"},
		{name: "fmt.Scan without stdin",
			cell:   "var x int\n_, err := fmt.Scan(&x)\nfmt.Println(err)",
			stdout: "stdin: input is not available in this frontend (allow_stdin is false)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestSession(t)
			setup := stdinImports
			if c.setup != "" {
				setup += c.setup
			}
			if r := s.run(t, setup); r.err != "" {
				t.Fatalf("setup: %s", r.err)
			}
			r, rec := s.runInput(t, c.cell, c.inputs...)
			if c.wantErr != "" {
				if !strings.Contains(r.err, c.wantErr) {
					t.Fatalf("error = %q, want %q", r.err, c.wantErr)
				}
				return
			}
			if r.err != "" {
				t.Fatalf("unexpected error %q", r.err)
			}
			if r.stdout != c.stdout {
				t.Errorf("stdout = %q, want %q", r.stdout, c.stdout)
			}
			if r.result != c.result {
				t.Errorf("result = %q, want %q", r.result, c.result)
			}
			if c.prompts != nil && !reflect.DeepEqual(rec.prompts, c.prompts) {
				t.Errorf("prompts = %q, want %q", rec.prompts, c.prompts)
			}
			if c.prompts == nil && c.inputs == nil && len(rec.prompts) > 1 {
				t.Errorf("asked %d times", len(rec.prompts))
			}
		})
	}
}

// TestStdinErrNoStdin: without stdin, the error a read gets wraps
// kernel.ErrNoStdin.
func TestStdinErrNoStdin(t *testing.T) {
	s := newTestSession(t)
	s.run(t, stdinImports+"var readErr error")
	r, _ := s.runInput(t, "_, readErr = bufio.NewReader(os.Stdin).ReadString('\\n')")
	if r.err != "" {
		t.Fatal(r.err)
	}
	v, err := s.e.in.Eval("readErr")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.Interface().(error)
	if !errors.Is(got, kernel.ErrNoStdin) || got == io.EOF {
		t.Errorf("error %v does not wrap kernel.ErrNoStdin", got)
	}
}

// TestStdinPromptNotPrinted: the prompt taken by a read is not in stdout
// before the input request (nor after), and text printed before it is.
func TestStdinPromptNotPrinted(t *testing.T) {
	s := newTestSession(t)
	s.run(t, stdinImports)
	rec := &inputRecorder{recorder: &recorder{inputs: []string{"Ana"}}}
	rec.stdout = func() string {
		s.out.mu.Lock()
		defer s.out.mu.Unlock()
		return s.out.b.String()
	}
	s.count++
	res := s.e.Execute(context.Background(), kernel.ExecuteRequest{
		Code: "fmt.Println(\"Cadastro\")\nfmt.Print(\"Nome: \")\nr := bufio.NewReader(os.Stdin)\nn, _ := r.ReadString('\\n')\nfmt.Print(\"Olá, \", n)", ExecutionCount: s.count}, rec)
	out := s.out.take()
	if res.Status != "ok" {
		t.Fatalf("%+v", res)
	}
	if len(rec.seen) != 1 || rec.seen[0] != "Cadastro\n" {
		t.Errorf("stdout when asked = %q, want %q", rec.seen, "Cadastro\n")
	}
	if out != "Cadastro\nOlá, Ana\n" {
		t.Errorf("stdout = %q", out)
	}
	if !reflect.DeepEqual(rec.prompts, []string{"Nome: "}) {
		t.Errorf("prompts = %q", rec.prompts)
	}
}

// TestStdinTier: the compiled tier leaves a func that reads os.Stdin
// interpreted (the plugin's os.Stdin is the engine's fd 0), and the func
// asks the notebook.
func TestStdinTier(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, stdinImports+"func ask() string {\n\tfmt.Print(\"? \")\n\ts, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\n\treturn s\n}\nfunc scan() int {\n\tn := 0\n\tfor i := 0; i < 1; i++ {\n\t\tfmt.Scan(&n)\n\t}\n\treturn n\n}")
	s.e.tier.Settle()
	for _, f := range []string{"ask", "scan"} {
		if got := s.e.tier.StatusOf(f); got != "interpreted: it reads os.Stdin" {
			t.Errorf("%s: %q", f, got)
		}
	}
	r, rec := s.runInput(t, "a := ask()\nfmt.Print(a, scan())", "sim", "5")
	if r.err != "" || r.stdout != "sim\n5" || !reflect.DeepEqual(rec.prompts, []string{"? ", ""}) {
		t.Errorf("%+v prompts %q", r, rec.prompts)
	}
}
