package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// newTierSession is a session with the compiled tier on; the test is
// skipped where the tier cannot run (no cgo, no go command) and under
// -race (a race-enabled plugin is a long cold build; scripts/test.sh runs
// the engine's tests again without -race).
func newTierSession(t *testing.T) *testSession {
	t.Helper()
	if raceBuild {
		t.Skip("the compiled tier's tests run without -race")
	}
	s := newSessionWith(t, false)
	if !s.e.tier.On {
		t.Skipf("no compiled tier here: %s", s.e.tier.Why)
	}
	return s
}

func mustRun(t *testing.T, s *testSession, code string) cellRun {
	t.Helper()
	r := s.run(t, code)
	if r.err != "" {
		t.Fatalf("%q: %s (%q)", code, r.err, r.rec.errors[0].Traceback)
	}
	return r
}

// TestTier runs cells whose funcs the tier compiles: each row's last cell
// calls them (waiting for their compile), and says how they ran.
func TestTier(t *testing.T) {
	tests := []struct {
		name   string
		setup  []string
		cell   string
		result string
		stdout string
		status map[string]string // func → status prefix after the cell
	}{
		{name: "a CPU-bound func runs compiled",
			setup: []string{"func isPrime(n int) bool {\n\tif n < 2 {\n\t\treturn false\n\t}\n\tfor i := 2; i*i <= n; i++ {\n\t\tif n%i == 0 {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn true\n}\nfunc count(n int) int {\n\tc := 0\n\tfor i := range n {\n\t\tif isPrime(i) {\n\t\t\tc++\n\t\t}\n\t}\n\treturn c\n}"},
			cell:  "count(300000)", result: "25997", status: map[string]string{"count": "compiled", "isPrime": "compiled"}},
		{name: "a compiled func writes a session variable",
			setup: []string{"total := 0\nfunc add(k int) { total += k }"},
			cell:  "add(5)\nadd(7)\ntotal", result: "12", status: map[string]string{"add": "compiled"}},
		{name: "a session variable declared again is seen by compiled funcs",
			setup: []string{"limite := 10\nfunc under(n int) bool { return n < limite }", "under(50)", "limite := 100"},
			cell:  "under(50)", result: "true", status: map[string]string{"under": "compiled"}},
		{name: "a func declared again runs its new body at once",
			setup: []string{"func f() int { return 1 }", "f()"},
			cell:  "func f() int { return 2 }\nf()", result: "2"},
		{name: "compiled code prints to the cell",
			setup: []string{"import \"fmt\"\nfunc hello(n int) { fmt.Println(\"olá\", n); fmt.Printf(\"%d!\\n\", n) }"},
			cell:  "hello(3)", stdout: "olá 3\n3!\n", status: map[string]string{"hello": "compiled"}},
		{name: "the course's cube reads espera",
			setup: []string{"import (\"fmt\"; \"time\")\nespera := time.Millisecond\nfunc cube(x int) int {\n\tc := x * x * x\n\ttime.Sleep(espera)\n\tfmt.Println(x, c)\n\treturn c\n}"},
			cell:  "p := poolkit.NewPool(1)\npoolkit.Map(p, cube, []int{1, 2})", result: "[1 8]", stdout: "1 1\n2 8\n", status: map[string]string{"cube": "compiled"}},
		{name: "a func of a cell's type with methods runs compiled, with the methods",
			setup: []string{"type P struct{ X int }\nfunc (p P) Get() int { return p.X }\nfunc usesP() int { return P{4}.Get() }"},
			cell:  "usesP() + P{5}.Get()", result: "9", status: map[string]string{"usesP": "compiled", "P.Get": "compiled"}},
		{name: "a pointer method compiled changes the interpreter's value",
			setup: []string{"type Acc struct{ N int }\nfunc (a *Acc) Add(k int) { for i := 0; i < k; i++ { a.N++ } }\nfunc (a Acc) Twice() int { return 2 * a.N }"},
			cell:  "a := &Acc{1}\na.Add(4)\nb := Acc{3}\nb.Add(1)\na.N*100 + b.Twice()", result: "508", status: map[string]string{"Acc.Add": "compiled", "Acc.Twice": "compiled"}},
		{name: "a compiled method keeps its type's name and fields",
			setup: []string{"import \"fmt\"\ntype Par struct{ X, C int }\nfunc (p Par) Show() string { return fmt.Sprintf(\"%T %+v\", p, p) }"},
			cell:  "Par{2, 8}.Show()", result: "main.Par {X:2 C:8}", status: map[string]string{"Par.Show": "compiled"}},
		{name: "a named type that is not a struct runs compiled with its methods",
			setup: []string{"type Celsius float64\nfunc (c Celsius) F() float64 { return float64(c)*9/5 + 32 }\ntype Temps []float64\nfunc (ts *Temps) Add(c float64) { *ts = append(*ts, c) }\nfunc hottest(ts Temps) Celsius { m := ts[0]; for _, t := range ts { if t > m { m = t } }; return Celsius(m) }\ntype Box struct{ C Celsius }\nfunc (b Box) Get() Celsius { return b.C }"},
			cell:  "var ts Temps\nts.Add(10)\nts.Add(100)\nhottest(ts).F() + float64(Box{1}.Get())", result: "213", status: map[string]string{"Celsius.F": "compiled", "Temps.Add": "compiled", "hottest": "compiled", "Box.Get": "interpreted: its signature"}},
		{name: "a func of an interface a cell declared stays interpreted",
			setup: []string{"type Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (s Sq) Area() float64 { return s.S * s.S }\nfunc total(xs []Shape) float64 { t := 0.0; for _, x := range xs { t += x.Area() }; return t }"},
			cell:  "total([]Shape{Sq{2}, Sq{3}})", result: "13", status: map[string]string{"total": "interpreted: its signature has a type", "Sq.Area": "compiled"}},
		{name: "a struct with unexported fields runs compiled with its methods",
			setup: []string{"type counter struct{ n, step int }\nfunc newCounter(step int) *counter { return &counter{step: step} }\nfunc (c *counter) tick(k int) { for i := 0; i < k; i++ { c.n += c.step } }\nfunc (c counter) value() int { return c.n }"},
			cell:  "c := newCounter(3)\nc.tick(4)\nd := counter{n: 1, step: 1}\nd.tick(1)\nc.value()*10 + d.n", result: "122", status: map[string]string{"newCounter": "compiled", "counter.tick": "compiled", "counter.value": "compiled"}},
		{name: "%+v of a struct with unexported fields stays interpreted",
			setup: []string{"import \"fmt\"\ntype pt struct{ x, y int }\nfunc (p pt) String() string { return fmt.Sprintf(\"%+v\", struct{ X, Y int }{p.x, p.y}) }\nfunc show(p pt) string { return fmt.Sprintf(\"%v\", p) }\ntype q struct{ a int }\nfunc showQ(v q) string { return fmt.Sprintf(\"%+v\", v) }"},
			cell:  "show(pt{1, 2}) + showQ(q{3})", result: "{X:1 Y:2}{a:3}", status: map[string]string{"show": "interpreted: it calls pt.String", "pt.String": "interpreted: it prints", "showQ": "interpreted: it prints"}},
		{name: "a method that uses display keeps its type's funcs interpreted",
			setup: []string{"type Q struct{ X int }\nfunc (q Q) Show() { display.Markdown(\"x\") }\nfunc mkQ() Q { return Q{1} }"},
			cell:  "mkQ().X", result: "1", status: map[string]string{"mkQ": "interpreted: it calls Q.Show", "Q.Show": "interpreted: it uses package display"}},
		{name: "the course's cubeNoPrint returns a Par",
			setup: []string{"import \"time\"\nespera := time.Millisecond\ntype Par struct {\n\tX, C int\n}\nfunc cubeNoPrint(x int) Par {\n\tc := x * x * x\n\ttime.Sleep(espera)\n\treturn Par{x, c}\n}"},
			cell:  "p := poolkit.NewPool(2)\nn := 0\nfor r := range poolkit.IMapUnordered(p, cubeNoPrint, []int{1, 2, 3}) {\n\tn += r.C\n}\nn", result: "36", status: map[string]string{"cubeNoPrint": "compiled"}},
		{name: "a func of a plain struct of a cell runs compiled",
			setup: []string{"type Par struct{ X, C int }\nfunc mk(x int) Par { return Par{x, x * x * x} }\nfunc getC(p Par) int { return p.C }"},
			cell:  "getC(mk(2)) + mk(3).C", result: "35", status: map[string]string{"mk": "compiled", "getC": "compiled"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTierSession(t)
			for _, c := range tc.setup {
				mustRun(t, s, c)
			}
			s.e.tier.Settle() // funcs that sleep are not waited for
			r := mustRun(t, s, tc.cell)
			if r.result != tc.result || r.stdout != tc.stdout {
				t.Errorf("result %q stdout %q, want %q and %q", r.result, r.stdout, tc.result, tc.stdout)
			}
			for f, want := range tc.status {
				if got := s.e.tier.StatusOf(f); !strings.HasPrefix(got, want) {
					t.Errorf("%s: %q, want %q", f, got, want)
				}
			}
		})
	}
}

// Inspect says whether a func runs compiled, and why not.
func TestTierInspect(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "type P struct{ X int }\nfunc (p P) Get() int { return p.X }\nfunc sq(x int) int { return x * x }\nfunc usesP() int { return P{1}.Get() }\nfunc shows() { display.Markdown(\"*x*\") }")
	s.e.tier.Settle()
	for code, want := range map[string]string{"sq": "Runs compiled.", "usesP": "Runs compiled.", "P{1}.Get": "Runs compiled.",
		"shows": "Runs interpreted: it uses package display"} {
		r := s.e.Inspect(kernel.InspectRequest{Code: code, CursorPos: len(code)})
		if text, _ := r.Data["text/plain"].(string); !strings.Contains(text, want) {
			t.Errorf("inspect %s: %q, want %q", code, text, want)
		}
	}
}

// poolkit.Map over a compiled func runs compiled: Map's loop too, with
// no call into the interpreter per element.
func TestTierMapCompiled(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "func sq(x int) int { return x * x }")
	mustRun(t, s, "xs := make([]int, 1000)\nfor i := range xs {\n\txs[i] = i\n}\np := poolkit.NewPool(2)")
	s.e.tier.Settle()
	r := mustRun(t, s, "r := poolkit.Map(p, sq, xs)\nr[999] + r[3]")
	if r.result != "998010" {
		t.Errorf("result %q", r.result)
	}
	if !s.e.tier.MapCompiled("sq") {
		t.Errorf("poolkit.Map over sq is not compiled: %s", s.e.tier.StatusOf("sq"))
	}
}

// An interrupt stops a compiled loop and a compiled sleep, and keeps the
// session.
func TestTierInterrupt(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "import \"time\"\nn := 7\nfunc spin() {\n\tfor {\n\t}\n}\nfunc nap() { time.Sleep(time.Hour) }")
	s.e.tier.Settle()
	for _, f := range []string{"spin", "nap"} {
		if st := s.e.tier.StatusOf(f); st != "compiled" {
			t.Fatalf("%s: %s", f, st)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan kernel.ExecuteResult, 1)
		rec := &recorder{}
		go func() { done <- s.e.Execute(ctx, kernel.ExecuteRequest{Code: f + "()", ExecutionCount: 90}, rec) }()
		time.Sleep(300 * time.Millisecond)
		cancel()
		select {
		case res := <-done:
			if res.Status != "error" {
				t.Errorf("%s: status %s", f, res.Status)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("%s still running 2 s after the interrupt", f)
		}
		if r := mustRun(t, s, "n"); r.result != "7" {
			t.Errorf("session after the interrupt: %+v", r)
		}
	}
}

// A panic in compiled code names the cells' lines, as in interpreted code.
func TestTierPanicLines(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "func divide(a, b int) int {\n\tq := a / b\n\treturn q\n}")
	s.e.tier.Settle()
	if st := s.e.tier.StatusOf("divide"); st != "compiled" {
		t.Fatalf("divide: %s", st)
	}
	r := s.run(t, "x := 1\ndivide(x, 0)")
	tb := strings.Join(r.rec.errors[0].Traceback, "\n")
	for _, want := range []string{"integer divide by zero", "cell [1] line 2 col 2 in divide", "cell [2] line 2 col 1"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback %q lacks %q", tb, want)
		}
	}
	if strings.Contains(tb, "lines 1-4") {
		t.Errorf("the interpreted frame of the trampoline is shown too: %q", tb)
	}
}

// The cell tables print the same with the tier on as with it off.
func TestCellsCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("a plugin build per row")
	}
	newTierSession(t)
	var rows []cellCase
	for _, c := range append(append([]cellCase{}, cellCases...), golikeWithFmt()...) {
		if c.wantErr == "" {
			rows = append(rows, c)
		}
	}
	t.Logf("tables with the tier on: %d/%d pass", runCellTableWith(t, rows, false), len(rows))
}

// Plugins cannot be unloaded: an engine builds a bounded number, then says
// why a func stays interpreted.
func TestTierBuildLimit(t *testing.T) {
	s := newTierSession(t)
	s.e.tier.LimitBuilds(2)
	for i := 1; i <= 4; i++ {
		mustRun(t, s, fmt.Sprintf("func f() int { return %d }", i))
		s.e.tier.Settle()
	}
	if st := s.e.tier.StatusOf("f"); !strings.Contains(st, "loaded 2 plugins already") {
		t.Errorf("status %q", st)
	}
	if r := mustRun(t, s, "f()"); r.result != "4" {
		t.Errorf("f() = %q", r.result)
	}
}

// The kernel's log says whether the tier runs, and why not.
func TestTierNotice(t *testing.T) {
	off := newSessionWith(t, true)
	if n := off.e.Notice(); !strings.HasPrefix(n, "compiled tier: off: the compiled tier is off") {
		t.Errorf("notice %q", n)
	}
	s := newTierSession(t)
	if n := s.e.Notice(); !strings.HasPrefix(n, "compiled tier: on") {
		t.Errorf("notice %q", n)
	}
}

// A cell does not wait for the compile of a func that sleeps (compiling it
// saves nothing); it does for one that computes.
func TestTierNoWaitForSleepers(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "import \"time\"\nfunc nap() { time.Sleep(time.Millisecond) }\nnap()")
	if st := s.e.tier.StatusOf("nap"); st != "interpreted: being compiled" {
		t.Errorf("nap: %q: the cell waited for its compile", st)
	}
	mustRun(t, s, "func sum(n int) int { s := 0; for i := range n { s += i }; return s }\nsum(10)")
	if st := s.e.tier.StatusOf("sum"); st != "compiled" {
		t.Errorf("sum: %q: the cell did not wait for its compile", st)
	}
}
