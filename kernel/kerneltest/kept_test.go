package kerneltest_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// keptSetup declares a variable of each kind; cell [1].
const keptSetup = `import ("fmt"; "sync"; "time")
type Ponto struct{ X, Y int; Nome string }
type Guarda struct { mu sync.Mutex; n int }
espera := 20 * time.Millisecond
n := 42
s := "olá"
xs := []int{1, 2, 3}
ys := xs[1:]
m := map[string][]float64{"a": {1.5, 2.5}}
pt := Ponto{1, 2, "p"}
pp := &pt
q := &Ponto{X: 9}
q2 := q
quando := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
arr := [3]int{7, 8, 9}
ch := make(chan int)
f := func() int { return 1 }
pool := poolkit.NewPool(2)
g := Guarda{}
var vazio []int
fmt.Sprint(vazio)`

// After an engine crash, each session variable comes back with its value
// (sharing kept) or is undefined with a reason, and the funcs of the cell
// that crashed are declared again.
func TestVariablesAfterCrash(t *testing.T) {
	fr := kerneltest.Start(t, binary)
	if run := fr.Execute(keptSetup, 30*time.Second); run.Reply["status"] != "ok" {
		t.Fatalf("setup: %v %v", run.Reply, run.Outputs)
	}
	crash := fr.Execute("import \"time\"\nfunc rodadas() int { return 3 }\ngo func() { panic(\"x\") }()\ntime.Sleep(5 * time.Second)", 60*time.Second)
	if crash.Reply["status"] != "error" {
		t.Fatalf("crash cell: %v", crash.Reply)
	}
	tb := toStrings(crash.Of("error")[0].Content["traceback"])
	notice := strings.Join(tb, "\n")
	for _, want := range []string{
		"The Go engine was restarted (cell [2] crashed).",
		"Restored: arr, espera, m, n, pp, pt, q, q2, quando, s, vazio, xs, ys",
		"Lost: ch (a chan int cannot be copied): run cell [1] again.",
		"Lost: f (a func() int cannot be copied): run cell [1] again.",
		"Lost: g (its sync.Mutex cannot be copied): run cell [1] again.",
		"Lost: pool (its *poolkit.Pool cannot be copied): run cell [1] again.",
	} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice lacks %q:\n%s", want, notice)
		}
	}
	for _, l := range tb {
		if len([]rune(l)) > 80+len("\x1b[0;31m\x1b[0m") {
			t.Errorf("notice line longer than 80 columns: %q", l)
		}
	}
	if s := crash.Stream("stderr"); strings.Contains(s, "restarted") {
		t.Errorf("the notice went to stderr: %q", s)
	}

	cases := []struct{ name, code, want string }{
		{"time.Duration", "espera", "20ms"},
		{"int", "n", "42"},
		{"string", "s", "olá"},
		{"[]int", "xs", "[1 2 3]"},
		{"map[string][]float64", "m", "map[a:[1.5 2.5]]"},
		{"struct of a cell type", "fmt.Sprint(pt)", "{1 2 p}"},
		{"*T", "q.X", "9"},
		{"time.Time", "quando.String()", "2024-03-04 05:06:07 +0000 UTC"},
		{"[3]int", "arr", "[7 8 9]"},
		{"nil slice", "vazio == nil", "true"},
		{"func of the crashing cell", "rodadas()", "3"},
		{"slices still shared", "ys[0] = 100\nxs[1]", "100"},
		{"pointer to a variable still shared", "pp.X = 5\npt.X", "5"},
		{"pointers still shared", "q2.X = 10\nq.X", "10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := fr.Execute("import \"fmt\"\n_ = fmt.Sprint\n"+c.code, 30*time.Second)
			res := run.Of("execute_result")
			if run.Reply["status"] != "ok" || len(res) != 1 {
				t.Fatalf("%v %v", run.Reply, run.Outputs)
			}
			if got := res[0].Content["data"].(map[string]any)["text/plain"]; got != c.want {
				t.Errorf("%s = %v, want %s", c.code, got, c.want)
			}
		})
	}
	for _, name := range []string{"ch", "f", "g", "pool"} {
		t.Run("lost "+name, func(t *testing.T) {
			run := fr.Execute("import \"fmt\"\nfmt.Println(\"ran\")\n_ = "+name, 30*time.Second)
			want := name + " was lost when the engine restarted after cell [2]: run cell [1] again"
			if run.Reply["status"] != "error" || run.Reply["evalue"] != want {
				t.Errorf("reply %v, want %q", run.Reply, want)
			}
			if out := run.Stream("stdout"); out != "" {
				t.Errorf("the cell ran: %q", out)
			}
		})
	}
	// Declared again, it is back.
	if run := fr.Execute("ch := make(chan int, 1)\nch <- 4\n<-ch", 30*time.Second); run.Reply["status"] != "ok" {
		t.Errorf("assigning a lost variable: %v %v", run.Reply, run.Outputs)
	}
}

// Goroutines: a variable a goroutine changed after its cell ended is
// copied at the end of a later cell once it has ended; one a goroutine
// still changes when the engine dies is lost.
func TestGoroutineVariablesAfterCrash(t *testing.T) {
	fr := kerneltest.Start(t, binary)
	cells := []string{
		"import \"time\"\nlisto := 0\ncontador := 0",
		"go func() { time.Sleep(300 * time.Millisecond); listo = 7 }()",
		"time.Sleep(time.Second)",
		"go func() { for { contador++; time.Sleep(time.Millisecond) } }()",
	}
	for _, c := range cells {
		if run := fr.Execute(c, 30*time.Second); run.Reply["status"] != "ok" {
			t.Fatalf("%q: %v", c, run.Reply)
		}
	}
	crash := fr.Execute("go func() { panic(\"x\") }()\ntime.Sleep(5 * time.Second)", 60*time.Second)
	notice := strings.Join(toStrings(crash.Of("error")[0].Content["traceback"]), "\n")
	if !strings.Contains(notice, "Restored: listo (1 variable).") || !strings.Contains(notice, "Lost: contador (a goroutine was still changing it): run cell [1] again.") {
		t.Errorf("notice:\n%s", notice)
	}
	if run := fr.Execute("listo", 30*time.Second); len(run.Of("execute_result")) != 1 || run.Of("execute_result")[0].Content["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("listo: %v", run.Outputs)
	}
}

// A variable larger than the cap is lost, and says so; the others come
// back. An engine that dies between cells says so in a display of the
// last cell, never on stderr.
func TestKeptCapAndIdleDeath(t *testing.T) {
	fr := kerneltest.Start(t, binary)
	fr.Execute("grande := make([]byte, 65<<20)\npequeno := 3", 60*time.Second)
	idle := fr.Execute("import \"time\"\ngo func() { time.Sleep(300 * time.Millisecond); panic(\"depois\") }()", 30*time.Second)
	if idle.Reply["status"] != "ok" {
		t.Fatalf("%v", idle.Reply)
	}
	var text string
	deadline := time.Now().Add(60 * time.Second)
	for text == "" && time.Now().Before(deadline) {
		m, ok := fr.RecvIOPub(time.Until(deadline))
		if !ok {
			break
		}
		var c map[string]any
		_ = json.Unmarshal(m.Content, &c)
		switch m.Header.MsgType {
		case "display_data":
			text, _ = c["data"].(map[string]any)["text/plain"].(string)
		case "stream":
			t.Errorf("stream after the cell: %v", c)
		}
	}
	for _, want := range []string{"panic: depois", "it died between cells", "Restored: pequeno (1 variable).", "Lost: grande (it is larger than 64 MiB): run cell [1] again."} {
		if !strings.Contains(text, want) {
			t.Errorf("notice lacks %q: %q", want, text)
		}
	}
	if run := fr.Execute("pequeno", 30*time.Second); len(run.Of("execute_result")) != 1 {
		t.Errorf("pequeno: %v", run.Outputs)
	}
	if run := fr.Execute("len(grande)", 30*time.Second); run.Reply["status"] != "error" || !strings.Contains(run.Reply["evalue"].(string), "grande was lost") {
		t.Errorf("grande: %v", run.Reply)
	}
}

// A cell sent while the engine that died between cells is being replaced
// waits for the session to come back: it never sees a zero value.
func TestCellDuringIdleRestart(t *testing.T) {
	fr := kerneltest.Start(t, binary)
	fr.Execute("import (\"fmt\"; \"time\")\nespera := 20 * time.Millisecond", 30*time.Second)
	fr.Execute("go func() { time.Sleep(200 * time.Millisecond); panic(\"depois\") }()", 30*time.Second)
	// Sent at once: it reaches the kernel before, during or after the
	// engine's death and restart, and must print the value in each case.
	for i := 0; i < 6; i++ {
		run := fr.Execute("fmt.Println(espera)\ntime.Sleep(60 * time.Millisecond)", 60*time.Second)
		out := run.Stream("stdout")
		if strings.Contains(out, "0s") {
			t.Fatalf("run %d printed %q: a cell ran before the variables came back", i, out)
		}
		if run.Reply["status"] == "ok" && !strings.Contains(out, "20ms") {
			t.Errorf("run %d: ok, but printed %q", i, out)
		}
	}
}
