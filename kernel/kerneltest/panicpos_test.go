package kerneltest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// A goroutine's panic ends the engine; the cell names the statement that
// panicked in that goroutine: the crash's error gives its line and column,
// and its frames; nothing of it is on stderr (a grader scores a cell with
// stderr 0).
func TestGoroutinePanicPositions(t *testing.T) {
	cases := []struct {
		name, code string
		at         string   // the error's "at cell line L:C"
		frames     []string // in the cell's error
	}{
		{name: "a long line after rewritten constructs",
			code:   "import \"time\"\nfunc work(xs []int) {\n\tfor i := range 3 { a := min(i, 9); _ = xs[a]; _ = max(a, 1); if i == 2 { panic(\"at two\") } }\n}\ngo work([]int{1, 2, 3})\ntime.Sleep(5 * time.Second)",
			at:     "at cell line 3:75",
			frames: []string{"line 3 col 75 in work\n"}},
		{name: "a goroutine panics after another recovered",
			code:   "import (\"fmt\"; \"time\")\nfunc first() {\n\tdefer func() { recover() }()\n\tpanic(\"first\")\n}\nfunc second() {\n\ttime.Sleep(time.Second)\n\tpanic(fmt.Sprint(\"second\", 0))\n}\ngo first()\ngo second()\ntime.Sleep(5 * time.Second)",
			at:     "at cell line 8:2",
			frames: []string{"line 8 col 2 in second\n"}},
	}
	f := kerneltest.Start(t, binary)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := f.Execute(c.code, 60*time.Second)
			errs := run.Of("error")
			if run.Reply["status"] != "error" || len(errs) != 1 {
				t.Fatalf("reply %v outputs %v", run.Reply, run.Outputs)
			}
			tb := strings.Join(toStrings(errs[0].Content["traceback"]), "\n")
			if !strings.Contains(tb, c.at) {
				t.Errorf("traceback %q lacks %q", tb, c.at)
			}
			for _, w := range c.frames {
				if !strings.Contains(tb+"\n", w) {
					t.Errorf("traceback %q lacks %q", tb, w)
				}
			}
			if stderr := run.Stream("stderr"); strings.Contains(stderr, "panicked") {
				t.Errorf("the panic is on stderr: %q", stderr)
			}
		})
	}
}

// A panic on line 3 of a 5-line func names that line and its column,
// interpreted and, once the tier has compiled the func, compiled.
func TestPanicPositionCompiled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel and a plugin")
	}
	f := kerneltest.Start(t, plain(t))
	def := "func check(n int) int {\n\ttotal := n * 2\n\tif n > 2 { panic(\"too big\") }\n\ttotal += n\n\treturn total\n}\ncheck(1)"
	if r := f.Execute(def, 60*time.Second); r.Reply["status"] != "ok" {
		t.Fatalf("setup: %v", r.Reply)
	}
	mustRunCompiled(t, f, "check")
	_, tb := soleError(t, f.Execute("x := 3\ncheck(x)", 30*time.Second))
	for _, want := range []string{"too big", "cell [1] line 3 col 13 in check", "cell [2] line 2 col 1"} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback %q lacks %q", tb, want)
		}
	}
}
