package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel"
)

// liftEngine is an engine with the compiled tier on (literals are lifted
// only then) whose cells are compiled and recorded, not run.
func liftEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	if !e.tier.On {
		t.Skipf("no compiled tier: %s", e.tier.Why)
	}
	return e
}

// compileCells compiles and records cells in e, and returns the plan of
// the last.
func compileCells(t *testing.T, e *Engine, cells ...string) *plan {
	t.Helper()
	var pl *plan
	for i, c := range cells {
		var err error
		if pl, err = e.compile(e.sess.Version+100+i, c, false); err != nil {
			t.Fatalf("%q: %v", c, err)
		}
		e.commit(pl)
	}
	return pl
}

const liftSetup = "import (\"fmt\"; \"strings\")\n" +
	"type Par struct{ X, C int }\n" +
	"const k = 3\n" +
	"func sq(x int) int { return x * x }\n" +
	"limite := 10\n" +
	"xs := []int{1, 2, 3}\n" +
	"p := poolkit.NewPool(2)"

// Which literals a cell's statements lift: those passed directly to
// poolkit that name only their own names, the session's, the cell's
// top-level variables and imports.
func TestLiftLiterals(t *testing.T) {
	tests := []struct {
		name string
		cell string
		want int // literals lifted
	}{
		{"Map", "r := poolkit.Map(p, func(x int) int { return x * x }, xs)", 1},
		{"session names and imports", "r := poolkit.Map(p, func(x int) string { return strings.Repeat(fmt.Sprint(sq(x)+k+limite), 2) }, xs)", 1},
		{"a cell type and its fields", "r := poolkit.Map(p, func(x int) Par { q := Par{X: x}; q.C = x * x; return q }, xs)", 1},
		{"a top-level variable of the cell", "n := 7\nr := poolkit.Map(p, func(x int) int { return x % n }, xs)", 1},
		{"a session variable it writes", "total := 0\nr := poolkit.Map(p, func(x int) int { total += x; return x }, xs)", 1},
		{"in a loop of the cell", "for range 2 {\n\t_ = poolkit.Map(p, func(x int) int { return x + 1 }, xs)\n}", 1},
		{"explicit type arguments", "r := poolkit.Map[int, int](p, func(x int) int { return -x }, xs)", 1},
		{"IMap and IMapUnordered", "a := poolkit.IMap(p, func(x int) int { return x }, xs)\nb := poolkit.IMapUnordered(p, func(x int) int { return x + 1 }, xs)", 2},
		{"Apply, ApplyAsync and Submit", "a := poolkit.Apply(p, func(x int) int { return x }, 2)\nb := poolkit.ApplyAsync(p, func(x int) int { return x }, 2)\nc := poolkit.Submit(p, func() int { return 4 })", 3},
		{"Time and NewThread", "d := poolkit.Time(func() { _ = sq(3) })\nth := poolkit.NewThread(func(n int) { _ = n }, 3)", 2},
		{"a Pool method", "p.OnProgress(func(done, total int) { fmt.Println(done, total) })", 1},
		{"its own locals, labels and nested literals", "r := poolkit.Map(p, func(x int) int {\n\ts := 0\nloop:\n\tfor i := range x {\n\t\tif i > 5 {\n\t\t\tbreak loop\n\t\t}\n\t\ts += func() int { return i }()\n\t}\n\treturn s\n}, xs)", 1},
		{"the same literal twice", "a := poolkit.Map(p, func(x int) int { return x }, xs)\nb := poolkit.Map(p, func(x int) int { return x }, xs)", 2},
		{"inside a literal that captures", "for i := range 2 {\n\tgo func() { _ = i; _ = poolkit.Map(p, func(x int) int { return x }, xs) }()\n}", 1},

		{"a loop variable", "for i := range 2 {\n\t_ = poolkit.Map(p, func(x int) int { return x + i }, xs)\n}", 0},
		{"a local of a block", "if true {\n\tm := 2\n\t_ = poolkit.Map(p, func(x int) int { return x * m }, xs)\n}", 0},
		{"a local const and type of a block", "{\n\tconst c = 2\n\ttype T int\n\t_ = poolkit.Map(p, func(x int) int { return int(T(x)) * c }, xs)\n}", 0},
		{"not an argument", "f := func(x int) int { return x }\nr := poolkit.Map(p, f, xs)", 0},
		{"not a direct argument", "r := poolkit.Map(p, (func(x int) int { return x }), xs)", 0},
		{"not poolkit", "import \"sort\"\nsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })", 0},
		{"an unnamed parameter", "r := poolkit.Map(p, func(int) int { return 1 }, xs)", 0},
		{"a blank parameter", "r := poolkit.Map(p, func(_ int) int { return 1 }, xs)", 0},
		{"inside a declared func (compiled with it)", "func run() []int { return poolkit.Map(p, func(x int) int { return x }, xs) }", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := liftEngine(t)
			pl := compileCells(t, e, liftSetup, tc.cell)
			if len(pl.lifts) != tc.want {
				t.Fatalf("%d literals lifted, want %d: %+v", len(pl.lifts), tc.want, pl.lifts)
			}
			if tc.want > 0 && !strings.Contains(pl.run, "func "+pl.lifts[0].name+"/*line ") {
				t.Errorf("the file does not declare %s:\n%s", pl.lifts[0].name, pl.run)
			}
		})
	}
}

// A literal run again (the cell run again, or the same literal in another
// cell) reuses the func of its first run; one whose session names changed
// meaning gets a func of its own.
func TestLiftReuse(t *testing.T) {
	e := liftEngine(t)
	const cell = "r := poolkit.Map(p, func(x int) int { return x * limite }, xs)"
	first := compileCells(t, e, liftSetup, cell)
	again := compileCells(t, e, cell)
	if len(first.lifts) != 1 || len(again.lifts) != 1 {
		t.Fatalf("lifts %+v, then %+v", first.lifts, again.lifts)
	}
	if !first.lifts[0].declared || again.lifts[0].declared || first.lifts[0].name != again.lifts[0].name {
		t.Errorf("first %+v, again %+v: the second should use the first's func", first.lifts[0], again.lifts[0])
	}
	if strings.Contains(again.run, "func "+again.lifts[0].name) {
		t.Errorf("the func is declared again:\n%s", again.run)
	}
	twice := compileCells(t, e, "a := poolkit.Map(p, func(x int) int { return x + 1 }, xs)\nb := poolkit.Map(p, func(x int) int { return x + 1 }, xs)")
	if n := strings.Count(twice.run, "func "+twice.lifts[0].name+"/*line "); n != 1 {
		t.Errorf("a literal twice in a cell is declared %d times", n)
	}
	same := compileCells(t, e, "limite := 20", cell)
	if same.lifts[0].name != first.lifts[0].name {
		t.Errorf("limite declared again with its type (the same variable): %+v, first %+v", same.lifts[0], first.lifts[0])
	}
	const own = "n := 7\nr := poolkit.Map(p, func(x int) int { return x % n }, xs)"
	if a, b := compileCells(t, e, own), compileCells(t, e, own); a.lifts[0].name != b.lifts[0].name || b.lifts[0].declared {
		t.Errorf("a cell declaring the variable its literal uses, run again: %+v, then %+v", a.lifts[0], b.lifts[0])
	}
	changed := compileCells(t, e, "limite := 2.5", "r := poolkit.Map(p, func(x int) int { return x * int(limite) }, xs)",
		"limite := 4", cell)
	if changed.lifts[0].name == first.lifts[0].name || !changed.lifts[0].declared {
		t.Errorf("limite is an int again but a new variable: %+v", changed.lifts[0])
	}
}

// The tier off (GOKERNEL_COMPILE=off, export), literals stay as written.
func TestLiftTierOff(t *testing.T) {
	s := newTestSession(t)
	mustRun(t, s, liftSetup)
	s.e.mu.Lock()
	pl, err := s.e.compile(9, "r := poolkit.Map(p, func(x int) int { return x * x }, xs)", false)
	s.e.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.lifts) != 0 || strings.Contains(pl.run, liftPrefix) {
		t.Errorf("lifted with the tier off: %+v", pl.lifts)
	}
	prog, err := Export([]string{"p := poolkit.NewPool(2)", "r := poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2})\nr"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(prog, liftPrefix) || !strings.Contains(prog, "poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2})") {
		t.Errorf("export does not print the literal as written:\n%s", prog)
	}
}

// liftedFuncs are the session's lifted funcs.
func liftedFuncs(e *Engine) []string {
	var out []string
	for name := range e.sess.Funcs {
		if strings.HasPrefix(name, liftPrefix) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// The cell run again runs poolkit.Map over its literal compiled, with the
// same result, and builds no plugin for it.
func TestLiftMapCompiled(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "xs := make([]int, 1000)\nfor i := range xs {\n\txs[i] = i\n}\np := poolkit.NewPool(2)")
	const cell = "r := poolkit.Map(p, func(x int) int { return x * x }, xs)\nr[999] + r[3]"
	first := mustRun(t, s, cell)
	names := liftedFuncs(s.e)
	if len(names) != 1 {
		t.Fatalf("lifted funcs %v", names)
	}
	s.e.tier.Settle()
	builds := s.e.tier.Builds()
	if !s.e.tier.MapCompiled(names[0]) {
		t.Fatalf("Map over the literal is not compiled: %s", s.e.tier.StatusOf(names[0]))
	}
	for range 2 {
		if r := mustRun(t, s, cell); r.result != first.result || r.result != "998010" {
			t.Errorf("result %q, first run %q", r.result, first.result)
		}
	}
	s.e.tier.Settle()
	if s.e.tier.Builds() != builds || !slices.Equal(liftedFuncs(s.e), names) {
		t.Errorf("builds %d → %d, lifted funcs %v → %v: the cell run again built its literal again", builds, s.e.tier.Builds(), names, liftedFuncs(s.e))
	}
}

// A panic in a lifted literal names the literal's line in the cell that
// ran it, as the literal interpreted does (the tier off): on the first
// run (interpreted) and on the next ones (compiled, declared by the first).
func TestLiftPanicLines(t *testing.T) {
	cells := []struct{ cell, want string }{
		{"d := poolkit.Time(func() {\n\tvar m map[string]int\n\tm[\"a\"] = 1\n})", "line 3 col 2 in a func literal\n   3 |     m[\"a\"] = 1"},
		{"r := poolkit.Map(p, func(x int) int {\n\tif x == 3 {\n\t\tpanic(\"three\")\n\t}\n\treturn x\n}, xs)", "(input 3) panicked: three"},
	}
	traceback := func(s *testSession, cell string) string {
		t.Helper()
		r := s.run(t, cell)
		if r.err == "" {
			t.Fatalf("%q: no panic", cell)
		}
		return strings.Join(r.rec.errors[0].Traceback, "\n")
	}
	s := newTierSession(t)
	off := newTestSession(t)
	for _, ss := range []*testSession{s, off} {
		mustRun(t, ss, "xs := []int{1, 2, 3, 4}\np := poolkit.NewPool(2)")
	}
	for i, c := range cells {
		for run := range 3 {
			off.count = s.count // the same cell numbers
			want := traceback(off, c.cell)
			got := traceback(s, c.cell)
			if got != want || !strings.Contains(got, c.want) {
				t.Errorf("%d, run %d: traceback\n%s\nwant (the tier off)\n%s", i, run, got, want)
			}
			s.e.tier.Settle()
		}
		if n := len(liftedFuncs(s.e)); n != i+1 {
			t.Fatalf("lifted funcs %v", liftedFuncs(s.e))
		}
		if name := liftedFuncs(s.e)[i]; s.e.tier.StatusOf(name) != "compiled" {
			t.Errorf("%s: %s", name, s.e.tier.StatusOf(name))
		}
	}
}

// Completion never offers a lifted func.
func TestLiftHidden(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "p := poolkit.NewPool(2)\nr := poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2})")
	if len(liftedFuncs(s.e)) != 1 {
		t.Fatalf("lifted funcs %v", liftedFuncs(s.e))
	}
	for _, code := range []string{"", "__", "__lit", "x := "} {
		r := s.e.Complete(kernel.CompleteRequest{Code: code, CursorPos: len(code)})
		for _, m := range r.Matches {
			if strings.HasPrefix(m, liftPrefix) {
				t.Errorf("%q: offers %q", code, m)
			}
		}
	}
	name := liftedFuncs(s.e)[0]
	r := s.e.Inspect(kernel.InspectRequest{Code: name, CursorPos: len(name)})
	if text, _ := r.Data["text/plain"].(string); strings.Contains(text, liftPrefix) {
		t.Errorf("inspect shows %q", text)
	}
}

// A lifted literal gives what the literal gives interpreted (the tier
// off): on the cell's first run (the lifted func interpreted) and on the
// next (compiled).
func TestLiftSameResults(t *testing.T) {
	tests := []struct{ name, cell string }{
		{"Map, the final expression", "poolkit.Map(p, func(x int) int { return x * x }, xs)"},
		{"IMap ranged over", "s := 0\nfor v := range poolkit.IMap(p, func(x int) int { return x + limite }, xs) {\n\ts += v\n}\ns"},
		{"Apply with session names", "poolkit.Apply(p, func(x int) string { return fmt.Sprint(x, sq(x), k) }, 4)"},
		{"Submit", "f := poolkit.Submit(p, func() int { return sq(5) + limite })\nv, err := f.Get()\nfmt.Println(v, err)"},
		{"Time, printing", "_ = poolkit.Time(func() { fmt.Println(\"dentro\", strings.ToUpper(\"k\"), k) })"},
		{"a session variable written", "p1 := poolkit.NewPool(1)\ntotal := 0\n_ = poolkit.Map(p1, func(x int) int { total += x; return x }, xs)\ntotal"},
		{"a cell type", "poolkit.Map(p, func(x int) Par { return Par{X: x, C: x * x * x} }, xs)"},
	}
	s := newTierSession(t)
	off := newTestSession(t)
	mustRun(t, s, liftSetup)
	mustRun(t, off, liftSetup)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := mustRun(t, off, tc.cell)
			if want.result == "" && want.stdout == "" {
				t.Fatal("the cell shows nothing to compare")
			}
			before := len(liftedFuncs(s.e))
			for run := range 2 {
				got := mustRun(t, s, tc.cell)
				if got.result != want.result || got.stdout != want.stdout {
					t.Errorf("run %d: result %q, stdout %q; the tier off: %q, %q", run, got.result, got.stdout, want.result, want.stdout)
				}
				s.e.tier.Settle()
			}
			if n := len(liftedFuncs(s.e)); n != before+1 {
				t.Errorf("%d funcs lifted, want 1", n-before)
			}
			for _, name := range liftedFuncs(s.e) {
				if st := s.e.tier.StatusOf(name); st != "compiled" {
					t.Errorf("%s: %s", name, st)
				}
			}
		})
	}
}

// A lifted literal calls the newest declaration of a session func, as a
// declared func does (it runs again with the cell that redefines it).
func TestLiftCalleeRedefined(t *testing.T) {
	s := newTierSession(t)
	mustRun(t, s, "xs := []int{1, 2, 3}\np := poolkit.NewPool(2)\nfunc f(x int) int { return x + 100 }")
	const cell = "poolkit.Map(p, func(x int) int { return f(x) * 3 }, xs)"
	for _, want := range []string{"[303 306 309]", "[303 306 309]", "", "[3003 3006 3009]", "[3003 3006 3009]"} {
		code := cell
		if want == "" {
			code = "func f(x int) int { return x + 1000 }"
		}
		if r := mustRun(t, s, code); r.result != want {
			t.Errorf("%q: %q, want %q", code, r.result, want)
		}
		s.e.tier.Settle()
	}
	if names := liftedFuncs(s.e); len(names) != 1 || !s.e.tier.MapCompiled(names[0]) {
		t.Errorf("lifted %v, not one compiled", names)
	}
}
