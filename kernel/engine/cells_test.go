package engine

import (
	"strings"
	"testing"
)

// cellCase is a sequence of cells run in one session; the last cell's
// stdout, result and error are checked. want* fields that are empty must
// be empty; wantErr is a substring of "ename: evalue".
type cellCase struct {
	name    string
	setup   []string
	cell    string
	stdout  string
	result  string
	wantErr string
	// goroutines marks cells that run goroutines: skipped under -race,
	// where yaegi's own data races are reported (see raceBuild).
	goroutines bool
}

var cellCases = []cellCase{
	// Mixed cells: yaegi takes declarations or statements, never both.
	{name: "import then statement", cell: "import \"strings\"\nstrings.ToUpper(\"a\")", result: "A"},
	{name: "var then statement", cell: "import \"fmt\"\nvar a []int\nfmt.Println(len(a))", stdout: "0\n"},
	{name: "func then call", cell: "func f() int { return 3 }\nf()", result: "3"},
	{name: "statement, func, statement", cell: "import \"fmt\"\nx := 2\nfunc g(v int) int { return v * 10 }\nfmt.Println(g(x))", stdout: "20\n"},
	{name: "import repeated in a later cell", setup: []string{"import \"fmt\""}, cell: "import \"fmt\"\nfmt.Print(\"ok\")", stdout: "ok"},
	{name: "import block with statements", cell: "import (\n\t\"fmt\"\n\t\"strings\"\n)\nfmt.Print(strings.Repeat(\"ab\", 2))", stdout: "abab"},
	// Redefinition.
	{name: "redefine func", setup: []string{"func h() int { return 1 }"}, cell: "func h() int { return 2 }\nh()", result: "2"},
	{name: "redefine var with new type", setup: []string{"var v = 1"}, cell: "var v = \"s\"\nv", result: "s"},
	{name: "redefine const", setup: []string{"const k = 1"}, cell: "const k = 2\nk", result: "2"},
	{name: "redefine type", setup: []string{"type P struct{ X int }"}, cell: "type P struct{ X, Y int }\nP{1, 2}", result: "{1 2}"},
	{name: "redefined type used in later cell", setup: []string{"type Q struct{ X int }", "type Q struct{ X, Y int }"}, cell: "q := Q{X: 1, Y: 2}\nq.Y", result: "2"},
	{name: "rerun same cell", setup: []string{"type R struct{ A int }\nfunc (r R) Twice() int { return 2 * r.A }"}, cell: "type R struct{ A int }\nfunc (r R) Twice() int { return 2 * r.A }\nR{4}.Twice()", result: "8"},
	// Generics at top level.
	{name: "generic := at top level", setup: []string{"func pair[T any](x T) []T { return []T{x, x} }"}, cell: "ps := pair(3)\nps", result: "[3 3]"},
	{name: "generic struct result", setup: []string{"type Pt struct{ X, Y int }", "func mk[T any](x T) []T { return []T{x} }"}, cell: "pts := mk(Pt{1, 2})\npts[0].Y", result: "2"},
	{name: "multiple results", setup: []string{"func divmod(a, b int) (int, int) { return a / b, a % b }"}, cell: "q, r := divmod(7, 2)\nq*10 + r", result: "31"},
	{name: "generic multiple results", setup: []string{"func swap[T any](a, b T) (T, T) { return b, a }"}, cell: "s1, s2 := swap(\"a\", \"b\")\ns1 + s2", result: "ba"},
	{name: "generic type declared in cell", setup: []string{"type Box[T any] struct{ V T }", "func (b Box[T]) Get() T { return b.V }"}, cell: "bx := Box[int]{V: 5}\nbx.Get()", result: "5"},
	{name: "poolkit Map at top level", setup: []string{"func cube(x int) int { return x * x * x }"}, cell: "p := poolkit.NewPool(2)\nresults := poolkit.Map(p, cube, []int{1, 2, 3})\nresults", result: "[1 8 27]", goroutines: true},
	// Go 1.22 loops and builtins.
	{name: "loop var per iteration, goroutines", setup: []string{"import \"sync\""}, cell: "r := make([]int, 4)\nvar wg sync.WaitGroup\nfor i := 0; i < 4; i++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); r[i] = i * 10 }()\n}\nwg.Wait()\nr", result: "[0 10 20 30]", goroutines: true},
	{name: "range loop vars per iteration", setup: []string{"import \"sync\""}, cell: "xs := []int{5, 6, 7}\nr := make([]int, 3)\nvar wg sync.WaitGroup\nfor idx, x := range xs {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); r[idx] = x }()\n}\nwg.Wait()\nr", result: "[5 6 7]", goroutines: true},
	{name: "closures in a loop", setup: []string{"import \"fmt\""}, cell: "var fs []func() int\nfor i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }", stdout: "012"},
	{name: "loop closures handed to compiled code", setup: []string{"import \"sync\""}, cell: "var wg sync.WaitGroup\nr := make([]int, 4)\nfor i := 0; i < 4; i++ { wg.Go(func() { r[i] = i * 10 }) }\nwg.Wait()\nr", result: "[0 10 20 30]", goroutines: true},
	{name: "loop closures with continue keep working", setup: []string{"import \"fmt\""}, cell: "var fs []func() int\nfor i := 0; i < 4; i++ {\n\tif i == 1 {\n\t\tcontinue\n\t}\n\tfs = append(fs, func() int { return i })\n}\nfor _, f := range fs { fmt.Print(f()) }", stdout: "023"},
	{name: "loop with break in an inner switch", setup: []string{"import \"fmt\""}, cell: "var fs []func() int\nfor i := 0; i < 3; i++ {\n\tswitch i {\n\tcase 1:\n\t\tbreak\n\t}\n\tfs = append(fs, func() int { return i })\n}\nfor _, f := range fs { fmt.Print(f()) }", stdout: "012"},
	{name: "range over int", setup: []string{"import \"fmt\""}, cell: "for i := range 3 { fmt.Print(i) }", stdout: "012"},
	{name: "range over int var", setup: []string{"import \"fmt\"", "n := 4"}, cell: "for i := range n { fmt.Print(i) }", stdout: "0123"},
	{name: "range over int in func", setup: []string{"import \"fmt\""}, cell: "func cnt(n int) { for i := range n { fmt.Print(i) } }\ncnt(3)", stdout: "012"},
	{name: "range over int without var", setup: []string{"import \"fmt\""}, cell: "for range 2 { fmt.Print(\"x\") }", stdout: "xx"},
	{name: "min max", cell: "min(3, 1, 2)*10 + max(4, 9)", result: "19"},
	{name: "min of floats", cell: "min(2.5, 1.5)", result: "1.5"},
	{name: "min of a compiled named type", setup: []string{"import \"time\""}, cell: "min(time.Hour, time.Second, 3*time.Minute)", result: "1s"},
	{name: "max of strings", cell: "max(\"pera\", \"uva\", \"maçã\")", result: "uva"},
	// Standard packages newer than the interpreter's tables.
	{name: "slices.Sort", cell: "import \"slices\"\nxs := []int{3, 1, 2}\nslices.Sort(xs)\nxs", result: "[1 2 3]"},
	{name: "slices.Contains", cell: "import \"slices\"\nslices.Contains([]string{\"a\", \"b\"}, \"b\")", result: "true"},
	{name: "slices.Max", cell: "import \"slices\"\nslices.Max([]int{3, 9, 2})", result: "9"},
	{name: "maps.Keys sorted", cell: "import (\n\t\"maps\"\n\t\"slices\"\n)\nm := map[string]int{\"b\": 1, \"a\": 2}\nslices.Sorted(maps.Keys(m))", result: "[a b]"},
	{name: "WaitGroup.Go of Go 1.25", cell: "import \"sync\"\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nn := 0\nfor i := 0; i < 5; i++ { wg.Go(func() { mu.Lock(); n += i; mu.Unlock() }) }\nwg.Wait()\nn", result: "10", goroutines: true},
	{name: "function newer than the tables", cell: "import \"strings\"\nstrings.SplitSeq(\"a,b\", \",\")", wantErr: "has no symbol SplitSeq"},
	{name: "range over maps.Keys", setup: []string{"import (\"fmt\"; \"maps\"; \"slices\")"}, cell: "m := map[string]int{\"b\": 2, \"a\": 1}\nks := []string{}\nfor k := range maps.Keys(m) { ks = append(ks, k) }\nslices.Sort(ks)\nfmt.Println(ks)", stdout: "[a b]\n"},
	{name: "range over slices.All", setup: []string{"import (\"fmt\"; \"slices\")"}, cell: "for i, s := range slices.All([]string{\"x\", \"y\"}) { fmt.Print(i, s, \" \") }", stdout: "0x 1y "},
	{name: "range over slices.Backward with break", setup: []string{"import (\"fmt\"; \"slices\")"}, cell: "for _, v := range slices.Backward([]int{1, 2, 3}) {\n\tif v == 1 {\n\t\tbreak\n\t}\n\tfmt.Print(v)\n}", stdout: "32"},
	{name: "range over an iterator in a func", setup: []string{"import \"maps\""}, cell: "func total(m map[string]int) int {\n\ts := 0\n\tfor _, v := range maps.All(m) {\n\t\ts += v\n\t}\n\treturn s\n}\ntotal(map[string]int{\"a\": 1, \"b\": 2})", result: "3"},
	{name: "range over an iterator with closures", setup: []string{"import (\"fmt\"; \"slices\"; \"sync\")"}, cell: "var wg sync.WaitGroup\nr := make([]string, 3)\nfor i, s := range slices.All([]string{\"a\", \"b\", \"c\"}) { wg.Go(func() { r[i] = s }) }\nwg.Wait()\nfmt.Println(r)", stdout: "[a b c]\n", goroutines: true},
	{name: "cmp.Compare", cell: "import \"cmp\"\ncmp.Compare(1, 2)", result: "-1"},
	// Results.
	{name: "call result", setup: []string{"func cube(x int) int { return x * x * x }"}, cell: "cube(2)", result: "8"},
	{name: "struct result", setup: []string{"type S struct{ A int; B string }"}, cell: "S{1, \"x\"}", result: "{1 x}"},
	{name: "slice result", cell: "[]int{1, 2}", result: "[1 2]"},
	{name: "Println has no result", cell: "import \"fmt\"\nfmt.Println(\"hi\")", stdout: "hi\n"},
	{name: "void method has no result", setup: []string{"import \"sync\"", "var wg sync.WaitGroup"}, cell: "wg.Wait()"},
	{name: "declaration has no result", cell: "var zz = 3"},
	{name: "for has no result", cell: "s := 0\nfor i := 0; i < 3; i++ { s += i }"},
	{name: "string result", cell: "\"olá\"", result: "olá"},
	// Errors.
	{name: "compile error at cell line", cell: "a := 1\nb := undefinedName + a", wantErr: "2:6: undefined: undefinedName"},
	{name: "syntax error", cell: "x := ", wantErr: "CompileError"},
	{name: "runtime panic", cell: "var xs []int\nxs[3] = 1", wantErr: "panic: runtime error: index out of range"},
	{name: "panic value", cell: "panic(\"boom\")", wantErr: "panic: boom"},
	{name: "unknown package", cell: "import \"github.com/x/y\"", wantErr: "third-party modules cannot be imported"},
	// Concurrency patterns of the course.
	{name: "worker pool with channels", cell: "jobs := make(chan int, 10)\nres := make(chan int, 10)\nfor w := 0; w < 3; w++ {\n\tgo func() { for j := range jobs { res <- j * j } }()\n}\nfor i := 1; i <= 4; i++ { jobs <- i }\nclose(jobs)\nsum := 0\nfor i := 0; i < 4; i++ { sum += <-res }\nsum", result: "30", goroutines: true},
	{name: "mutex counter", cell: "import \"sync\"\nvar mu sync.Mutex\ncount := 0\nvar wg sync.WaitGroup\nfor i := 0; i < 50; i++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); mu.Lock(); count++; mu.Unlock() }()\n}\nwg.Wait()\ncount", result: "50", goroutines: true},
	{name: "select timeout", cell: "import \"time\"\nch := make(chan int)\nmsg := \"\"\nselect {\ncase v := <-ch:\n\tmsg = \"got\" + string(rune('0'+v))\ncase <-time.After(10 * time.Millisecond):\n\tmsg = \"timeout\"\n}\nmsg", result: "timeout"},
	{name: "atomic counter", cell: "import (\n\t\"sync\"\n\t\"sync/atomic\"\n)\nvar n atomic.Int64\nvar wg sync.WaitGroup\nfor i := 0; i < 20; i++ {\n\twg.Add(1)\n\tgo func() { defer wg.Done(); n.Add(1) }()\n}\nwg.Wait()\nn.Load()", result: "20", goroutines: true},
	{name: "context cancel", cell: "import \"context\"\nctx, cancel := context.WithCancel(context.Background())\ncancel()\nctx.Err()", result: "context canceled"},
	{name: "errors.Is", cell: "import (\n\t\"errors\"\n\t\"fmt\"\n)\nerrBase := errors.New(\"base\")\nerrors.Is(fmt.Errorf(\"w: %w\", errBase), errBase)", result: "true"},
	{name: "sort and strconv", cell: "import (\n\t\"sort\"\n\t\"strconv\"\n)\nxs := []string{\"b\", \"a\"}\nsort.Strings(xs)\nxs[0] + strconv.Itoa(42)", result: "a42"},
	{name: "fmt verbs", cell: "import \"fmt\"\nfmt.Sprintf(\"%5.2f|%-3d|%q|%x\", 3.14159, 7, \"a\", 255)", result: " 3.14|7  |\"a\"|ff"},
}

// failingSetup starts a setup cell that must fail.
const failingSetup = "// fails\n"

func TestCells(t *testing.T) {
	t.Logf("cell table: %d/%d pass", runCellTable(t, cellCases), len(cellCases))
}

// runCellTable runs each case in a fresh session and returns how many
// passed.
func runCellTable(t *testing.T, cases []cellCase) int {
	return runCellTableWith(t, cases, true)
}

// runCellTableWith runs the table with the compiled tier on or off.
func runCellTableWith(t *testing.T, cases []cellCase, noCompile bool) int {
	pass := 0
	for _, c := range cases {
		if t.Run(c.name, func(t *testing.T) { runCellCase(t, c, noCompile) }) {
			pass++
		}
	}
	return pass
}

func runCellCase(t *testing.T, c cellCase, noCompile bool) {
	if c.goroutines && raceBuild {
		t.Skip("runs goroutines in the interpreter: yaegi races on its own under -race")
	}
	s := newSessionWith(t, noCompile)
	for _, setup := range c.setup {
		r := s.run(t, setup)
		if strings.HasPrefix(setup, failingSetup) {
			if r.err == "" {
				t.Fatalf("setup %q did not fail", setup)
			}
			continue
		}
		if r.err != "" {
			t.Fatalf("setup %q: %s", setup, r.err)
		}
	}
	r := s.run(t, c.cell)
	if c.wantErr != "" {
		if !strings.Contains(r.err, c.wantErr) {
			t.Fatalf("error = %q, want it to contain %q", r.err, c.wantErr)
		}
		return
	}
	if r.err != "" {
		t.Fatalf("unexpected error %q (traceback %q)", r.err, r.rec.errors[0].Traceback)
	}
	if r.stdout != c.stdout {
		t.Errorf("stdout = %q, want %q", r.stdout, c.stdout)
	}
	if r.result != c.result {
		t.Errorf("result = %q, want %q", r.result, c.result)
	}
}

// Rows for yaegi traps found while writing the course (regressions).
var cellCasesVar = []cellCase{
	{name: "var from an earlier cell's var", setup: []string{"var n0 = 7"}, cell: "var n1 = n0 + 1\nn1", result: "8"},
	{name: "var from a generic call", setup: []string{"func pair[T any](x T) []T { return []T{x, x} }"}, cell: "var a = pair(1)\na", result: "[1 1]"},
	{name: "var group stays a declaration", cell: "var (\n\tva = 1\n\tvb = \"x\"\n)\nvb", result: "x"},
	{name: "typed var stays a declaration", cell: "var vt int64 = 5\nvt", result: "5"},
	{name: "var redefined with another type", setup: []string{"var w = 1"}, cell: "var w = \"s\"\nw", result: "s"},
}

func TestCellsVar(t *testing.T) {
	runCellTable(t, cellCasesVar)
}

func TestVoidMethodOfNewVariable(t *testing.T) {
	s := newTestSession(t)
	r := s.run(t, "h := display.New()\nh.Text(\"v1\")")
	if r.err != "" || r.result != "" || len(r.rec.displays) != 1 {
		t.Errorf("%+v displays %v", r, r.rec.displays)
	}
}
