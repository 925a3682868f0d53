package engine

import "testing"

// golikeCases are the reproducers of "the session as a typed Go program"
// (each tagged with its number there) and the idioms Go tutorials write at
// the top level of a cell: each prints what go run prints.
var golikeCases = []cellCase{
	// 1: a declared main does not run; a whole program runs main once.
	{name: "#1 declared main does not run", setup: []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "main()"}, cell: "x := 1\n_ = x"},
	{name: "#1 main runs when called", setup: []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }"}, cell: "main()", stdout: "hi\n"},
	{name: "#1 a cell that is a program runs main once", cell: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, world\")\n}", stdout: "hello, world\n"},
	{name: "#1 program with package vars and init", cell: "package main\n\nimport \"fmt\"\n\nvar n = f()\n\nfunc f() int { fmt.Println(\"f\"); return 3 }\n\nfunc init() { fmt.Println(\"init\", n) }\n\nfunc main() { fmt.Println(\"main\", n) }", stdout: "f\ninit 3\nmain 3\n"},
	{name: "#1 program's main is not run by later cells", setup: []string{"package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"once\") }"}, cell: "y := 2\ny", result: "2"},
	// 2, 3, 4: defer and recover.
	{name: "#2 defer in a func is LIFO with its arguments", setup: []string{"import \"fmt\""}, cell: "func f() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Println(i)\n\t}\n\tfmt.Println(\"done\")\n}\nf()", stdout: "done\n2\n1\n0\n"},
	{name: "#3 defer at top level runs when the cell ends", setup: []string{"import \"fmt\""}, cell: "defer fmt.Println(\"world\")\nfmt.Println(\"hello\")", stdout: "hello\nworld\n"},
	{name: "#3 a deferred call does not fire in later cells", setup: []string{"import \"fmt\"", "defer fmt.Println(\"world\")"}, cell: "fmt.Println(\"next\")", stdout: "next\n"},
	{name: "#3 a deferred call that panics ends its cell only", setup: []string{"import \"fmt\"", "func boom() { panic(\"d\") }"}, cell: "fmt.Println(1)", stdout: "1\n"},
	{name: "#4 recover in the cell", setup: []string{"import \"fmt\""}, cell: "defer func() {\n\tif r := recover(); r != nil {\n\t\tfmt.Println(\"recovered:\", r)\n\t}\n}()\npanic(\"boom\")", stdout: "recovered: boom\n"},
	{name: "#4 recover does not outlive its cell", setup: []string{"import \"fmt\"", "defer func() { recover() }()\npanic(\"first\")"}, cell: "panic(\"second\")", wantErr: "panic: second"},
	{name: "return ends the cell", setup: []string{"import \"fmt\""}, cell: "fmt.Println(\"a\")\nif true {\n\treturn\n}\nfmt.Println(\"b\")", stdout: "a\n"},
	// 5: comma-ok at top level.
	{name: "#5 comma-ok of a map", setup: []string{"m := map[string]int{\"a\": 1}"}, cell: "v, ok := m[\"a\"]\nfmt.Println(v, ok)", stdout: "1 true\n"},
	{name: "#5 comma-ok of a receive", setup: []string{"ch := make(chan int, 1)\nch <- 7\nclose(ch)"}, cell: "x, ok := <-ch\ny, ok2 := <-ch\nfmt.Println(x, ok, y, ok2)", stdout: "7 true 0 false\n"},
	{name: "#5 comma-ok of a type assertion", setup: []string{"var i any = \"s\""}, cell: "s, ok := i.(string)\nn, ok2 := i.(int)\nfmt.Println(s, ok, n, ok2)", stdout: "s true 0 false\n"},
	{name: "#5 comma-ok in a later cell sees the variable", setup: []string{"m := map[string]int{\"a\": 1}", "v, ok := m[\"b\"]"}, cell: "fmt.Println(v, ok)", stdout: "0 false\n"},
	// 6, 7: var and value-and-error.
	{name: "#6 var from a := of the same cell", cell: "a := []int{1, 2, 3}\nvar s []int = a[1:]\ns", result: "[2 3]"},
	{name: "#7 value and error from a method", setup: []string{"import \"errors\"", "type T struct{ n int }\nfunc (t *T) Next() (*T, error) {\n\tif t.n > 1 {\n\t\treturn nil, errors.New(\"end\")\n\t}\n\treturn &T{t.n + 1}, nil\n}", "t := &T{1}"}, cell: "t, err := t.Next()\nfmt.Println(t.n, err)", stdout: "2 <nil>\n"},
	{name: "value and error from strconv", setup: []string{"import \"strconv\""}, cell: "n, err := strconv.Atoi(\"x1\")\nfmt.Println(n, err)", stdout: "0 strconv.Atoi: parsing \"x1\": invalid syntax\n"},
	{name: "err declared again in the same cell", setup: []string{"import \"strconv\""}, cell: "a, err := strconv.Atoi(\"1\")\nb, err := strconv.Atoi(\"2\")\nfmt.Println(a+b, err)", stdout: "3 <nil>\n"},
	// 8: nested range over an int variable.
	{name: "#8 nested range over an int variable", cell: "for _, n := range []int{1, 2} {\n\tfor j := range n {\n\t\tfmt.Println(n, j)\n\t}\n}", stdout: "1 0\n2 0\n2 1\n"},
	// 10: newer builtins.
	{name: "#10 new of an expression", cell: "p := new(42)\n*p", result: "42"},
	{name: "#10 clear a map", cell: "m := map[string]int{\"a\": 1, \"b\": 2}\nclear(m)\nlen(m)", result: "0"},
	{name: "#10 clear a slice", cell: "s := []int{1, 2}\nclear(s)\ns", result: "[0 0]"},
	// 11: package-level order within a cell.
	{name: "#11 func uses a var declared further down", cell: "func lim() int { return limit }\nvar limit = 10\nlim()", result: "10"},
	{name: "#11 types refer to each other in any order", cell: "type A struct{ B *B }\ntype B struct{ N int }\nA{&B{3}}.B.N", result: "3"},
	// 12: poolkit futures.
	{name: "#12 Submit and Get", goroutines: true, cell: "p := poolkit.NewPool(2)\nf := poolkit.Submit(p, func() int { return 42 })\nv, err := f.Get()\nfmt.Println(v, err)", stdout: "42 <nil>\n"},
	{name: "#12 ApplyAsync", goroutines: true, cell: "p := poolkit.NewPool(2)\nf := poolkit.ApplyAsync(p, func(x int) int { return x * 2 }, 21)\nf.Get()", result: ""},
	{name: "#12 AsCompleted", goroutines: true, cell: "p := poolkit.NewPool(2)\nvar fs []*poolkit.Future[int]\nfor i := range 3 {\n\tfs = append(fs, poolkit.Submit(p, func() int { return i * 10 }))\n}\nsum := 0\nfor f := range poolkit.AsCompleted(fs) {\n\tv, _ := f.Get()\n\tsum += v\n}\nsum", result: "30"},
	// 13: errors.
	{name: "#13 panic in a func of an earlier cell", setup: []string{"func divide(a, b int) int { return a / b }"}, cell: "divide(1, 0)", wantErr: "panic: runtime error: integer divide by zero"},
	{name: "#13 index out of range with its values", cell: "var a []int\na[3] = 1", wantErr: "panic: runtime error: index out of range [3] with length 0"},
	// 14: keeping an import.
	{name: "#14 var _ = keeps an import", cell: "import \"time\"\nvar _ = time.Now\nfmt.Println(\"ok\")", stdout: "ok\n"},
	// Compile errors, in the compiler's words, before anything runs.
	{name: "declared and not used inside a func", cell: "func f() {\n\tx := 1\n}", wantErr: "2:2: declared and not used: x"},
	{name: "wrong type", cell: "var n int = \"s\"", wantErr: "cannot use \"s\" (untyped string constant) as int value"},
	{name: "nothing of a failing cell runs", setup: []string{"import \"fmt\""}, cell: "fmt.Println(\"ran\")\nx := undefinedName", wantErr: "undefined: undefinedName"},
	{name: "nothing of a failing cell is kept", setup: []string{"func g() int { return 1 }", failingSetup + "func g() int { return 2 }\nvar bad int = \"s\""}, cell: "g()", result: "1"},
	{name: "use before declaration in a cell", cell: "fmt.Println(y)\ny := 1", wantErr: "undefined: y"},
	// Redeclaration.
	{name: "redeclare with another type", setup: []string{"x := 1"}, cell: "x := \"s\"\nx + \"!\"", result: "s!"},
	{name: "redeclared var is seen by funcs", setup: []string{"limite := 10", "func under(n int) bool { return n < limite }"}, cell: "limite := 100\nunder(50)", result: "true"},
	{name: "redefined func is called by earlier funcs", setup: []string{"func f() int { return 1 }", "func g() int { return f() * 10 }", "func f() int { return 2 }"}, cell: "g()", result: "20"},
	{name: "redefined type keeps older values", setup: []string{"type P struct{ X int }", "old := P{1}", "type P struct{ X, Y int }"}, cell: "fmt.Println(old, P{2, 3})", stdout: "{1} {2 3}\n"},
	{name: "method declared in a later cell", setup: []string{"type R struct{ A int }"}, cell: "func (r R) Twice() int { return 2 * r.A }\nR{4}.Twice()", result: "8"},
	// Tutorial idioms.
	{name: "closures in a loop capture each iteration", cell: "var fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nfor _, f := range fs {\n\tfmt.Print(f())\n}", stdout: "012"},
	{name: "goroutines with WaitGroup", goroutines: true, setup: []string{"import \"sync\""}, cell: "var wg sync.WaitGroup\nres := make([]int, 4)\nfor i := 0; i < 4; i++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tres[i] = i * i\n\t}()\n}\nwg.Wait()\nres", result: "[0 1 4 9]"},
	{name: "select with a timeout", setup: []string{"import \"time\""}, cell: "c := make(chan string)\nselect {\ncase m := <-c:\n\tfmt.Println(m)\ncase <-time.After(5 * time.Millisecond):\n\tfmt.Println(\"timeout\")\n}", stdout: "timeout\n"},
	{name: "method value", setup: []string{"type C struct{ n int }\nfunc (c *C) Inc() { c.n++ }"}, cell: "c := &C{}\ninc := c.Inc\ninc()\ninc()\nc.n", result: "2"},
	{name: "embedded struct", cell: "type Base struct{ ID int }\nfunc (b Base) Describe() string { return fmt.Sprintf(\"id=%d\", b.ID) }\ntype User struct {\n\tBase\n\tName string\n}\nu := User{Base{7}, \"ana\"}\nfmt.Println(u.Describe(), u.ID, u.Name)", stdout: "id=7 7 ana\n"},
	{name: "generics with a constraint", cell: "type Number interface{ ~int | ~float64 }\nfunc Sum[T Number](xs []T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\nfmt.Println(Sum([]int{1, 2, 3}), Sum([]float64{1.5, 2}))", stdout: "6 3.5\n"},
	{name: "interfaces and type switch", cell: "type Shape interface{ Area() float64 }\ntype Sq struct{ s float64 }\nfunc (q Sq) Area() float64 { return q.s * q.s }\nvar sh Shape = Sq{3}\nswitch v := sh.(type) {\ncase Sq:\n\tfmt.Println(\"square\", v.Area())\n}", stdout: "square 9\n"},
	{name: "Stringer", cell: "type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\nfmt.Println(Celsius(21.5))", stdout: "21.5°C\n"},
	{name: "errors.As with a custom error", setup: []string{"import \"errors\""}, cell: "type MyErr struct{ Code int }\nfunc (e *MyErr) Error() string { return fmt.Sprint(\"code \", e.Code) }\nvar err error = &MyErr{404}\nvar me *MyErr\nok := errors.As(err, &me)\nfmt.Println(ok, me.Code, err)", stdout: "true 404 code 404\n"},
	{name: "labeled break", cell: "outer:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif j == 2 {\n\t\t\tcontinue outer\n\t\t}\n\t\tif i == 2 {\n\t\t\tbreak outer\n\t\t}\n\t\tfmt.Print(i, j, \" \")\n\t}\n}", stdout: "0 0 0 1 1 0 1 1 "},
	{name: "const iota", cell: "const (\n\tA = iota\n\tB\n\tC\n)\nfmt.Println(A, B, C)", stdout: "0 1 2\n"},
	{name: "const group used in a later cell", setup: []string{"type Weekday int\nconst (\n\tSunday Weekday = iota\n\tMonday\n)"}, cell: "Monday + 1", result: "2"},
	{name: "#9 fmt verbs on a cell type", setup: []string{"type point struct{ x, y int }"}, cell: "fmt.Printf(\"%T %+v %#v\\n\", point{1, 2}, point{1, 2}, point{1, 2})", stdout: "main.point {x:1 y:2} main.point{x:1, y:2}\n"},
	{name: "#9 fmt verbs on nested cell types", setup: []string{"type point struct{ x, y int }\ntype seg struct{ a, b point }"}, cell: "s := fmt.Sprintf(\"%T %+v %T\", []point{{1, 2}}, &seg{b: point{3, 4}}, &seg{})\ns", result: "[]main.point &{a:{x:0 y:0} b:{x:3 y:4}} *main.seg"},
	{name: "#9 %T of a Stringer, %+v calls String", setup: []string{"type C float64\nfunc (c C) String() string { return \"c!\" }"}, cell: "fmt.Printf(\"%T %+v\\n\", C(1), C(2))", stdout: "main.C c!\n"},
	{name: "fmt verbs on a cell type, %v", setup: []string{"type point struct{ x, y int }"}, cell: "fmt.Printf(\"%v\\n\", point{1, 2})", stdout: "{1 2}\n"},
	{name: "range over a func iterator", cell: "func count(n int) func(func(int) bool) {\n\treturn func(yield func(int) bool) {\n\t\tfor i := 0; i < n; i++ {\n\t\t\tif !yield(i) {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n}\nfor v := range count(3) {\n\tfmt.Print(v)\n}", stdout: "012"},
	{name: "struct printed with %+v of a compiled type", setup: []string{"import \"time\""}, cell: "fmt.Printf(\"%+v\\n\", struct{ D time.Duration }{time.Second})", stdout: "{D:1s}\n"},
	{name: "#10 a method missing from the interpreter's tables says so", setup: []string{"import (\"log\"; \"os\")", "l := log.New(os.Stdout, \"\", 0)"}, cell: "l.SetPrefix(\"p: \")", wantErr: "SetPrefix is missing from the interpreter (yaegi v0.16.1)"},
	{name: "multiple assignment swap", cell: "a, b := 1, 2\na, b = b, a\nfmt.Println(a, b)", stdout: "2 1\n"},
	{name: "blank identifier at top level", cell: "_, err := fmt.Println(\"x\")\n_ = err", stdout: "x\n"},
	{name: "shadowing inside a block keeps the outer", cell: "x := 1\nif true {\n\tx := 2\n\t_ = x\n}\nx", result: "1"},
}

// TestCellsGoLike runs the table in sessions whose first cell imports fmt,
// as a notebook's first cell does.
func TestCellsGoLike(t *testing.T) {
	cases := golikeWithFmt()
	t.Logf("go-like table: %d/%d pass", runCellTable(t, cases), len(cases))
}
