package engine

import (
	"fmt"
	"testing"
)

// stdsrcImports is the setup cell of every stdsrc case.
const stdsrcImports = "import (\n\t\"cmp\"\n\t\"fmt\"\n\t\"maps\"\n\t\"math\"\n\t\"slices\"\n\t\"sort\"\n\t\"strconv\"\n\t\"strings\"\n)"

// stdsrcExpr is an expression of the source packages slices and maps with
// its printed value. Each is run three ways: as the cell's final
// expression, assigned at top level ("r := expr", the engine's type-probing
// path) and assigned inside a func body.
type stdsrcExpr struct {
	name   string
	setup  []string // after stdsrcImports
	expr   string
	result string
}

var stdsrcExprs = []stdsrcExpr{
	// slices: search and compare.
	{name: "slices.Contains", expr: `slices.Contains([]string{"a", "b"}, "b")`, result: "true"},
	{name: "slices.Contains missing", expr: `slices.Contains([]int{1, 2}, 3)`, result: "false"},
	{name: "slices.ContainsFunc", expr: `slices.ContainsFunc([]int{1, 2, 3}, func(v int) bool { return v > 2 })`, result: "true"},
	{name: "slices.Index", expr: `slices.Index([]string{"a", "b", "b"}, "b")`, result: "1"},
	{name: "slices.Index missing", expr: `slices.Index([]int{1}, 5)`, result: "-1"},
	{name: "slices.IndexFunc", expr: `slices.IndexFunc([]string{"x", "Yes", "Yak"}, func(s string) bool { return strings.HasPrefix(s, "Y") })`, result: "1"},
	{name: "slices.Equal", expr: `slices.Equal([]int{1, 2}, []int{1, 2})`, result: "true"},
	{name: "slices.Equal lengths", expr: `slices.Equal([]int{1, 2}, []int{1, 2, 3})`, result: "false"},
	{name: "slices.Equal NaN", expr: `slices.Equal([]float64{math.NaN()}, []float64{math.NaN()})`, result: "false"},
	{name: "slices.EqualFunc", expr: `slices.EqualFunc([]int{1, 2}, []string{"1", "2"}, func(n int, s string) bool { return strconv.Itoa(n) == s })`, result: "true"},
	{name: "slices.Compare less", expr: `slices.Compare([]int{1, 2}, []int{1, 3})`, result: "-1"},
	{name: "slices.Compare prefix", expr: `slices.Compare([]string{"a"}, []string{"a", "b"})`, result: "-1"},
	{name: "slices.Compare equal", expr: `slices.Compare([]int{1, 2}, []int{1, 2})`, result: "0"},
	{name: "slices.Compare greater", expr: `slices.Compare([]int{2}, []int{1, 9})`, result: "1"},
	{name: "slices.CompareFunc", expr: `slices.CompareFunc([]int{1, 5}, []string{"1", "4"}, func(n int, s string) int { return cmp.Compare(strconv.Itoa(n), s) })`, result: "1"},
	{name: "slices.BinarySearchFunc", setup: []string{"type Item struct {\n\tName string\n\tN    int\n}"},
		expr: `fmt.Sprint(slices.BinarySearchFunc([]Item{{"a", 1}, {"b", 4}, {"c", 9}}, 4, func(it Item, t int) int { return cmp.Compare(it.N, t) }))`, result: "1 true"},
	{name: "slices.BinarySearch in Sprint", expr: `fmt.Sprint(slices.BinarySearch([]int{1, 3, 5}, 4))`, result: "2 false"},
	// slices: order.
	{name: "slices.Max", expr: `slices.Max([]int{3, 9, 2})`, result: "9"},
	{name: "slices.Max strings", expr: `slices.Max([]string{"b", "c", "a"})`, result: "c"},
	{name: "slices.Max NaN", expr: `slices.Max([]float64{1, math.NaN(), 3})`, result: "NaN"},
	{name: "slices.Min", expr: `slices.Min([]int{3, 9, 2})`, result: "2"},
	{name: "slices.Min floats", expr: `slices.Min([]float64{2.5, -1.5, 0})`, result: "-1.5"},
	{name: "slices.MaxFunc first of equals", setup: []string{"type Item struct {\n\tName string\n\tN    int\n}"},
		expr: `slices.MaxFunc([]Item{{"a", 1}, {"b", 4}, {"c", 4}}, func(x, y Item) int { return cmp.Compare(x.N, y.N) })`, result: "{b 4}"},
	{name: "slices.MinFunc first of equals", setup: []string{"type Item struct {\n\tName string\n\tN    int\n}"},
		expr: `slices.MinFunc([]Item{{"a", 4}, {"b", 1}, {"c", 1}}, func(x, y Item) int { return cmp.Compare(x.N, y.N) })`, result: "{b 1}"},
	{name: "slices.IsSorted", expr: `slices.IsSorted([]int{1, 2, 2, 3})`, result: "true"},
	{name: "slices.IsSorted not", expr: `slices.IsSorted([]string{"b", "a"})`, result: "false"},
	{name: "slices.IsSortedFunc", expr: `slices.IsSortedFunc([]int{3, 2, 1}, func(a, b int) int { return b - a })`, result: "true"},
	// slices: new slices.
	{name: "slices.Clone", expr: `slices.Clone([]int{1, 2})`, result: "[1 2]"},
	{name: "slices.Clone nil", expr: `slices.Clone([]int(nil)) == nil`, result: "true"},
	{name: "slices.Insert", expr: `slices.Insert([]int{1, 2, 3}, 1, 9)`, result: "[1 9 2 3]"},
	{name: "slices.Insert several", expr: `slices.Insert([]string{"a", "d"}, 1, "b", "c")`, result: "[a b c d]"},
	{name: "slices.Insert at end", expr: `slices.Insert([]int{1}, 1, 2, 3)`, result: "[1 2 3]"},
	{name: "slices.Insert spread", expr: `slices.Insert([]int{1, 4}, 1, []int{2, 3}...)`, result: "[1 2 3 4]"},
	{name: "slices.Insert nothing, explicit type", expr: `slices.Insert[int]([]int{1, 2}, 1)`, result: "[1 2]"},
	{name: "slices.Delete", expr: `slices.Delete([]int{0, 1, 2, 3, 4}, 1, 3)`, result: "[0 3 4]"},
	{name: "slices.DeleteFunc", expr: `slices.DeleteFunc([]int{1, 2, 3, 4, 5}, func(v int) bool { return v%2 == 0 })`, result: "[1 3 5]"},
	{name: "slices.Replace grow", expr: `slices.Replace([]int{0, 1, 2, 3}, 1, 3, 7, 8, 9)`, result: "[0 7 8 9 3]"},
	{name: "slices.Replace shrink", expr: `slices.Replace([]string{"a", "b", "c", "d"}, 1, 3, "x")`, result: "[a x d]"},
	{name: "slices.Replace delete", expr: `slices.Replace([]int{1, 2, 3}, 0, 2)`, result: "[3]"},
	{name: "slices.Compact", expr: `slices.Compact([]int{1, 1, 2, 2, 2, 3, 1})`, result: "[1 2 3 1]"},
	{name: "slices.CompactFunc", expr: `slices.CompactFunc([]string{"a", "A", "b", "B", "a"}, strings.EqualFold)`, result: "[a b a]"},
	{name: "slices.Grow", expr: `fmt.Sprint(len(slices.Grow([]int{1}, 10)), cap(slices.Grow([]int{1}, 10)) >= 11)`, result: "1 true"},
	{name: "slices.Clip", expr: `cap(slices.Clip(make([]int, 2, 10)))`, result: "2"},
	{name: "slices.Concat", expr: `slices.Concat([]int{1}, []int{2, 3}, nil, []int{4})`, result: "[1 2 3 4]"},
	{name: "slices.Concat two", expr: `slices.Concat([]string{"a"}, []string{"b"})`, result: "[a b]"},
	{name: "slices.Concat spread", setup: []string{"ls := [][]int{{1}, {2, 3}, {4}}"}, expr: `slices.Concat(ls[0], ls[1:]...)`, result: "[1 2 3 4]"},
	{name: "slices.Concat empty", expr: `slices.Concat([]int{}, []int{}) == nil`, result: "true"},
	{name: "slices.Repeat", expr: `slices.Repeat([]string{"a", "b"}, 3)`, result: "[a b a b a b]"},
	{name: "slices.Repeat zero", expr: `len(slices.Repeat([]int{1}, 0))`, result: "0"},
	// slices: iterators.
	{name: "slices.Chunk", expr: `slices.Collect(slices.Chunk([]int{1, 2, 3, 4, 5}, 2))`, result: "[[1 2] [3 4] [5]]"},
	{name: "slices.Values", expr: `slices.Collect(slices.Values([]int{1, 2, 3}))`, result: "[1 2 3]"},
	{name: "slices.Collect empty", expr: `slices.Collect(slices.Values([]int{})) == nil`, result: "true"},
	{name: "slices.Collect func literal", expr: `slices.Collect(func(yield func(int) bool) { _ = yield(1) && yield(2) })`, result: "[1 2]"},
	{name: "slices.AppendSeq", expr: `slices.AppendSeq([]int{0}, slices.Values([]int{1, 2}))`, result: "[0 1 2]"},
	{name: "slices.Sorted maps.Keys", setup: []string{`m := map[string]int{"b": 1, "a": 2, "c": 0}`}, expr: `slices.Sorted(maps.Keys(m))`, result: "[a b c]"},
	{name: "slices.Sorted maps.Values", setup: []string{`m := map[string]int{"b": 1, "a": 2, "c": 0}`}, expr: `slices.Sorted(maps.Values(m))`, result: "[0 1 2]"},
	{name: "slices.Sorted Values", expr: `slices.Sorted(slices.Values([]int{3, 1, 2}))`, result: "[1 2 3]"},
	{name: "slices.SortedFunc", setup: []string{`m := map[string]int{"b": 1, "a": 2, "c": 0}`},
		expr: `slices.SortedFunc(maps.Keys(m), func(x, y string) int { return cmp.Compare(y, x) })`, result: "[c b a]"},
	{name: "slices.SortedStableFunc", expr: `slices.SortedStableFunc(slices.Values([]string{"bb", "a", "cc", "d"}), func(x, y string) int { return len(x) - len(y) })`, result: "[a d bb cc]"},
	// maps.
	{name: "maps.Collect maps.All", setup: []string{`m := map[string]int{"b": 1, "a": 2}`}, expr: `maps.Collect(maps.All(m))`, result: "map[a:2 b:1]"},
	{name: "maps.Collect slices.All", expr: `maps.Collect(slices.All([]string{"x", "y"}))`, result: "map[0:x 1:y]"},
	{name: "maps.Collect slices.Backward", expr: `maps.Collect(slices.Backward([]string{"x", "y"}))`, result: "map[0:x 1:y]"},
	{name: "maps.Clone", expr: `maps.Clone(map[string]int{"a": 1})`, result: "map[a:1]"},
	{name: "maps.Clone nil", expr: `maps.Clone(map[string]int(nil)) == nil`, result: "true"},
	{name: "maps.Equal", expr: `maps.Equal(map[string]int{"a": 1, "b": 2}, map[string]int{"b": 2, "a": 1})`, result: "true"},
	{name: "maps.Equal differs", expr: `maps.Equal(map[string]int{"a": 1}, map[string]int{"a": 2})`, result: "false"},
	{name: "maps.Equal missing key", expr: `maps.Equal(map[string]int{"a": 0}, map[string]int{"b": 0})`, result: "false"},
	{name: "maps.EqualFunc", expr: `maps.EqualFunc(map[string]int{"a": 1}, map[string]string{"a": "1"}, func(x int, y string) bool { return strconv.Itoa(x) == y })`, result: "true"},
	{name: "maps.EqualFunc same types", expr: `maps.EqualFunc(map[int]float64{1: 1.5}, map[int]float64{1: 2.5}, func(x, y float64) bool { return x == y })`, result: "false"},
}

// stdsrcCells are cells checked as they are (statements, mutation,
// panics, multiple results).
var stdsrcCells = []cellCase{
	{name: "slices.Sort", cell: "import \"slices\"\nxs := []int{3, 1, 2}\nslices.Sort(xs)\nxs", result: "[1 2 3]"},
	{name: "slices.Sort strings", cell: "ws := []string{\"pear\", \"apple\", \"fig\"}\nslices.Sort(ws)\nws", result: "[apple fig pear]"},
	{name: "slices.Sort NaN first", cell: "fs := []float64{2, math.NaN(), 1, -3}\nslices.Sort(fs)\nfs", result: "[NaN -3 1 2]"},
	{name: "slices.Sort named type", cell: "type Ints []int\nv := Ints{3, 1, 2}\nslices.Sort(v)\nv", result: "[1 2 3]"},
	{name: "slices.Sort large", cell: "ys := make([]int, 1000)\nfor i := 0; i < len(ys); i++ {\n\tys[i] = (i * 7919) % 1009\n}\nzs := slices.Clone(ys)\nsort.Ints(zs)\nslices.Sort(ys)\nslices.Equal(ys, zs)", result: "true"},
	{name: "slices.Sort in func", cell: "func sorted(xs []int) []int {\n\tslices.Sort(xs)\n\treturn xs\n}\nsorted([]int{5, 4, 1})", result: "[1 4 5]"},
	{name: "slices.SortFunc", cell: "ws := []string{\"ccc\", \"a\", \"bb\"}\nslices.SortFunc(ws, func(a, b string) int { return len(a) - len(b) })\nws", result: "[a bb ccc]"},
	{name: "slices.SortFunc structs", cell: "type P struct {\n\tName string\n\tAge  int\n}\nps := []P{{\"a\", 30}, {\"b\", 20}, {\"c\", 25}}\nslices.SortFunc(ps, func(x, y P) int { return cmp.Compare(x.Age, y.Age) })\nps", result: "[{b 20} {c 25} {a 30}]"},
	{name: "slices.SortFunc large descending", cell: "ys := make([]int, 500)\nfor i := 0; i < len(ys); i++ {\n\tys[i] = (i * 31) % 97\n}\nzs := slices.Clone(ys)\nsort.Sort(sort.Reverse(sort.IntSlice(zs)))\nslices.SortFunc(ys, func(a, b int) int { return b - a })\nslices.Equal(ys, zs)", result: "true"},
	{name: "slices.SortStableFunc", cell: "type P struct {\n\tName string\n\tAge  int\n}\nps := []P{{\"a\", 2}, {\"b\", 1}, {\"c\", 2}, {\"d\", 1}}\nslices.SortStableFunc(ps, func(x, y P) int { return x.Age - y.Age })\nps", result: "[{b 1} {d 1} {a 2} {c 2}]"},
	{name: "slices.SortStableFunc large", cell: "type KV struct{ K, V int }\nkv := make([]KV, 300)\nfor i := 0; i < len(kv); i++ {\n\tkv[i] = KV{(i * 13) % 5, i}\n}\nslices.SortStableFunc(kv, func(a, b KV) int { return a.K - b.K })\nok := true\nfor i := 1; i < len(kv); i++ {\n\tif kv[i-1].K == kv[i].K && kv[i-1].V > kv[i].V || kv[i-1].K > kv[i].K {\n\t\tok = false\n\t}\n}\nok", result: "true"},
	{name: "slices.Reverse", cell: "xs := []int{1, 2, 3, 4}\nslices.Reverse(xs)\nxs", result: "[4 3 2 1]"},
	{name: "slices.BinarySearch top level", cell: "i, ok := slices.BinarySearch([]int{1, 3, 5}, 3)\nfmt.Sprint(i, ok)", result: "1 true"},
	{name: "slices.BinarySearch in func", cell: "func find(x int) string {\n\ti, ok := slices.BinarySearch([]string{\"a\", \"c\"}, strconv.Itoa(x))\n\treturn fmt.Sprint(i, ok)\n}\nfind(5)", result: "0 false"},
	{name: "slices.BinarySearchFunc top level", cell: "type Item struct {\n\tName string\n\tN    int\n}\ni, ok := slices.BinarySearchFunc([]Item{{\"a\", 1}, {\"b\", 4}}, 5, func(it Item, t int) int { return cmp.Compare(it.N, t) })\nfmt.Sprint(i, ok)", result: "2 false"},
	{name: "slices.Max empty panics", cell: "slices.Max([]int{})", wantErr: "slices.Max: empty list"},
	{name: "slices.MinFunc empty panics", cell: "slices.MinFunc([]int{}, func(a, b int) int { return a - b })", wantErr: "slices.MinFunc: empty list"},
	{name: "slices.Insert out of range panics", cell: "slices.Insert([]int{1}, 3, 2)", wantErr: "slice index out of bounds"},
	{name: "slices.Insert without values needs a type argument (yaegi)", cell: "slices.Insert([]int{1}, 0)", wantErr: "CFG post-order panic"},
	{name: "slices.Concat of one slice crashes (yaegi)", cell: "slices.Concat([]int{1})", wantErr: "CFG post-order panic"},
	{name: "slices.Insert in place", cell: "s := make([]int, 3, 10)\ncopy(s, []int{1, 2, 3})\nr := slices.Insert(s, 1, s[2], s[0])\nfmt.Sprint(r, &r[0] == &s[0])", result: "[1 3 1 2 3] true"},
	{name: "slices.Delete zeroes tail", cell: "s := []int{0, 1, 2, 3}\nr := slices.Delete(s, 1, 2)\nfmt.Sprint(r, s)", result: "[0 2 3] [0 2 3 0]"},
	{name: "slices.Delete bad range panics", cell: "slices.Delete([]int{1, 2}, 1, 5)", wantErr: "slice index out of bounds"},
	{name: "slices.DeleteFunc zeroes tail", cell: "s := []string{\"a\", \"x\", \"b\"}\nr := slices.DeleteFunc(s, func(v string) bool { return v == \"x\" })\nfmt.Sprintf(\"%q %q\", r, s)", result: "[\"a\" \"b\"] [\"a\" \"b\" \"\"]"},
	{name: "slices.Compact zeroes tail", cell: "s := []int{1, 1, 2}\nr := slices.Compact(s)\nfmt.Sprint(r, s)", result: "[1 2] [1 2 0]"},
	{name: "slices.Replace zeroes tail", cell: "s := []int{1, 2, 3, 4}\nr := slices.Replace(s, 1, 3, 9)\nfmt.Sprint(r, s)", result: "[1 9 4] [1 9 4 0]"},
	{name: "slices.Grow negative panics", cell: "slices.Grow([]int{}, -1)", wantErr: "cannot be negative"},
	{name: "slices.Repeat negative panics", cell: "slices.Repeat([]int{1}, -1)", wantErr: "cannot be negative"},
	{name: "slices.Chunk bad size panics", cell: "slices.Chunk([]int{1}, 0)", wantErr: "cannot be less than 1"},
	{name: "slices.Chunk no spare capacity", cell: "var caps []int\nslices.Chunk([]int{1, 2, 3}, 2)(func(c []int) bool {\n\tcaps = append(caps, cap(c))\n\treturn true\n})\ncaps", result: "[2 1]"},
	{name: "slices.All", cell: "var out []string\nslices.All([]string{\"a\", \"b\"})(func(i int, v string) bool {\n\tout = append(out, fmt.Sprint(i, v))\n\treturn true\n})\nout", result: "[0a 1b]"},
	{name: "slices.Backward stops early", cell: "var out []string\nslices.Backward([]string{\"a\", \"b\", \"c\"})(func(i int, v string) bool {\n\tout = append(out, fmt.Sprint(i, v))\n\treturn i > 1\n})\nout", result: "[2c 1b]"},
	{name: "slices.Values stops early", cell: "n := 0\nslices.Values([]int{1, 2, 3})(func(v int) bool {\n\tn += v\n\treturn v < 2\n})\nn", result: "3"},
	{name: "slices.Seq variable", setup: []string{"var it slices.Seq[int]"}, cell: "it = slices.Values([]int{4, 5})\nslices.Collect(it)", result: "[4 5]"},
	{name: "slices.Compare and cmp.Compare", cell: "a := slices.Compare([]int{1}, []int{2})\nb := cmp.Compare(3, 2)\nc := slices.Compare([]int{2}, []int{2})\nfmt.Sprint(a, b, c)", result: "-1 1 0"},
	{name: "cmp.Compare then slices.Compare", setup: []string{"cmp.Compare(1, 2)"}, cell: "slices.Compare([]int{1}, []int{2})", result: "-1"},
	{name: "slices.Sorted maps.Keys", cell: "import (\n\t\"maps\"\n\t\"slices\"\n)\nm := map[string]int{\"b\": 1, \"a\": 2}\nslices.Sorted(maps.Keys(m))", result: "[a b]"},
	{name: "slices.Sorted maps.Keys in func", cell: "func keys(m map[string]int) []string {\n\treturn slices.Sorted(maps.Keys(m))\n}\nkeys(map[string]int{\"z\": 1, \"y\": 2})", result: "[y z]"},
	{name: "slices.Sorted maps.Keys named map", cell: "type Ages map[string]int\nages := Ages{\"bob\": 3, \"al\": 4}\nslices.Sorted(maps.Keys(ages))", result: "[al bob]"},
	{name: "maps.Keys early stop", cell: "n := 0\nmaps.Keys(map[int]bool{1: true, 2: true, 3: true})(func(k int) bool {\n\tn++\n\treturn false\n})\nn", result: "1"},
	{name: "maps.All", cell: "m := map[string]int{\"a\": 1, \"b\": 2}\nsum := 0\nmaps.All(m)(func(k string, v int) bool {\n\tsum += len(k) * v\n\treturn true\n})\nsum", result: "3"},
	{name: "maps.Insert", cell: "m := map[string]int{\"a\": 1}\nmaps.Insert(m, maps.All(map[string]int{\"a\": 5, \"b\": 2}))\nm", result: "map[a:5 b:2]"},
	{name: "maps.Insert slices.All", cell: "m := map[int]string{}\nmaps.Insert(m, slices.All([]string{\"x\", \"y\"}))\nm", result: "map[0:x 1:y]"},
	{name: "maps.Insert in func", cell: "func merge(dst, src map[string]int) map[string]int {\n\tmaps.Insert(dst, maps.All(src))\n\treturn dst\n}\nmerge(map[string]int{\"a\": 1}, map[string]int{\"b\": 2})", result: "map[a:1 b:2]"},
	{name: "maps.Clone is a copy", cell: "m := map[string]int{\"a\": 1}\nc := maps.Clone(m)\nc[\"a\"] = 9\nfmt.Sprint(m, c)", result: "map[a:1] map[a:9]"},
	{name: "maps.Copy", cell: "dst := map[string]int{\"a\": 1, \"b\": 1}\nmaps.Copy(dst, map[string]int{\"b\": 2, \"c\": 3})\ndst", result: "map[a:1 b:2 c:3]"},
	{name: "maps.DeleteFunc", cell: "m := map[string]int{\"a\": 1, \"b\": 2, \"c\": 3}\nmaps.DeleteFunc(m, func(k string, v int) bool { return v%2 == 1 })\nm", result: "map[b:2]"},
	{name: "maps.Collect top level", cell: "inv := maps.Collect(slices.All([]string{\"x\", \"y\"}))\nlen(inv)", result: "2"},
	{name: "maps.EqualFunc in func", cell: "func same(a map[string]int, b map[string]string) bool {\n\treturn maps.EqualFunc(a, b, func(x int, y string) bool { return strconv.Itoa(x) == y })\n}\nsame(map[string]int{\"a\": 1}, map[string]string{\"a\": \"2\"})", result: "false"},
}

func TestStdsrc(t *testing.T) {
	// yaegi's Use compiles its own partial slices, maps and cmp, and an
	// import of those paths never reads the engine's source file system:
	// the engine has to compile stdsrc into the interpreter itself.
	s := newTestSession(t)
	if r := s.run(t, "import \"slices\"\nslices.Repeat([]int{1}, 2)"); r.err != "" {
		t.Fatalf("the engine does not load kernel/engine/stdsrc (yaegi serves its own slices, maps and cmp): %s", r.err)
	}
	var cases []cellCase
	for _, x := range stdsrcExprs {
		setup := append([]string{stdsrcImports}, x.setup...)
		cases = append(cases,
			cellCase{name: x.name + "/expr", setup: setup, cell: x.expr, result: x.result},
			cellCase{name: x.name + "/define", setup: setup, cell: "r := " + x.expr + "\nr", result: x.result},
			cellCase{name: x.name + "/func", setup: setup,
				cell: fmt.Sprintf("func f() string {\n\tr := %s\n\treturn fmt.Sprint(r)\n}\nf()", x.expr), result: x.result})
	}
	for _, c := range stdsrcCells {
		c.setup = append([]string{stdsrcImports}, c.setup...)
		cases = append(cases, c)
	}
	pass := runCellTable(t, cases)
	t.Logf("stdsrc table: %d/%d pass", pass, len(cases))
}
