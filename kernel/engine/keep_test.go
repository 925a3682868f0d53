package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel"
)

// keptSession runs cells as the kernel does, keeping what the kernel
// keeps: the declarations and the newest copy of each variable.
type keptSession struct {
	*testSession
	decls []string
	snaps []*kernel.Snapshot
	lost  map[string]string // variable → why, at its newest snapshot
}

func newKeptSession(t testing.TB) *keptSession {
	return &keptSession{testSession: newTestSession(t), lost: map[string]string{}}
}

func (k *keptSession) exec(t testing.TB, code string) cellRun {
	t.Helper()
	rec := &recorder{}
	k.count++
	res := k.e.Execute(context.Background(), kernel.ExecuteRequest{Code: code, ExecutionCount: k.count}, rec)
	r := cellRun{stdout: k.out.take(), result: strings.Join(rec.results, "\n"), rec: rec}
	if res.Status != "ok" {
		r.err = rec.errors[0].EName + ": " + rec.errors[0].EValue
	}
	k.decls = append(k.decls, res.Declared...)
	if res.Kept != nil {
		k.snaps = append(k.snaps, res.Kept)
		for _, v := range res.Kept.Vars {
			if v.Lost != "" {
				k.lost[v.Name] = v.Lost
			} else {
				delete(k.lost, v.Name)
			}
		}
	}
	return r
}

// restart gives a new engine the declarations and the newest copies, as
// the kernel does after a crash.
func (k *keptSession) restart(t testing.TB) (*testSession, kernel.RestoreReply) {
	t.Helper()
	s2 := newTestSession(t)
	for _, d := range k.decls {
		s2.e.Execute(context.Background(), kernel.ExecuteRequest{Code: d, Silent: true}, &recorder{})
	}
	newest := map[string]int{}
	for i, sn := range k.snaps {
		for _, v := range sn.Vars {
			newest[v.Name] = i
		}
	}
	req := kernel.RestoreRequest{Lost: map[string]string{}}
	for i, sn := range k.snaps {
		var cur []string
		for _, v := range sn.Vars {
			if newest[v.Name] == i && v.Lost == "" {
				cur = append(cur, v.Name)
			}
		}
		if len(cur) > 0 {
			req.Snapshots = append(req.Snapshots, kernel.RestoreFrame{Data: sn.Data, Current: cur})
		}
	}
	for v := range k.lost {
		req.Lost[v] = v + " was lost"
	}
	s2.count = k.count
	return s2, s2.e.Restore(req)
}

// Each kind of value comes back, or is lost with a reason.
func TestKeptKinds(t *testing.T) {
	cases := []struct {
		name, setup, check, want, lost string
	}{
		{"int", "v := 42", "v", "42", ""},
		{"string", `v := "olá"`, "v", "olá", ""},
		{"[]int", "v := []int{1, 2, 3}", "v", "[1 2 3]", ""},
		{"map[string][]float64", `v := map[string][]float64{"a": {1.5}, "b": nil}`, "len(v), v", "2 map[a:[1.5] b:[]]", ""},
		{"struct of a cell type", "type T struct{ A int; B []string; C map[int]bool }\nv := T{1, []string{\"x\"}, map[int]bool{3: true}}", "v", "{1 [x] map[3:true]}", ""},
		{"*T", "type T struct{ A int }\nv := &T{7}", "v.A", "7", ""},
		{"time.Duration", "import \"time\"\nv := 20 * time.Millisecond", "v", "20ms", ""},
		{"time.Time", "import \"time\"\nv := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)", "v.String()", "2024-01-02 03:04:05.000000006 +0000 UTC", ""},
		{"[3]int", "v := [3]int{7, 8, 9}", "v", "[7 8 9]", ""},
		{"any holding an int", "var v any = 5", "v", "5", ""},
		{"nil error", "var v error", "v == nil", "true", ""},
		{"chan", "v := make(chan int)", "", "", "a chan int cannot be copied"},
		{"func", "v := func() int { return 1 }", "", "", "a func() int cannot be copied"},
		{"*poolkit.Pool", "v := poolkit.NewPool(1)", "", "", "its *poolkit.Pool cannot be copied"},
		{"struct holding a sync.Mutex", "import \"sync\"\ntype G struct{ mu sync.Mutex; n int }\nv := G{}", "", "", "its sync.Mutex cannot be copied"},
		{"any holding a cell type", "type T struct{ A int }\nvar v any = T{1}", "", "", "cannot be copied"},
		{"past the size cap", "v := make([]byte, 65<<20)", "", "", "it is larger than 64 MiB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := newKeptSession(t)
			if r := k.exec(t, c.setup); r.err != "" {
				t.Fatalf("setup: %s", r.err)
			}
			if got := k.lost["v"]; !strings.Contains(got, c.lost) || (c.lost == "") != (got == "") {
				t.Fatalf("lost %q, want %q", got, c.lost)
			}
			s2, reply := k.restart(t)
			if len(reply.Failed) > 0 {
				t.Fatalf("restore failed: %v", reply.Failed)
			}
			if c.lost != "" {
				r := s2.run(t, "_ = v")
				if r.err != "LostVariable: v was lost" {
					t.Errorf("using the lost variable: %q", r.err)
				}
				return
			}
			r := s2.run(t, "import \"fmt\"\nfmt.Sprint("+c.check+")")
			if r.err != "" || r.result != c.want {
				t.Errorf("%s = %q (%s), want %q", c.check, r.result, r.err, c.want)
			}
		})
	}
}

// Variables that share memory share it after the restore; a variable
// only a later cell changed comes from that cell's copy.
func TestKeptSharing(t *testing.T) {
	k := newKeptSession(t)
	for _, c := range []string{
		"type T struct{ X int }\nxs := []int{1, 2, 3, 4}\nys := xs[1:3]\np := &T{1}\nq := p\nn := 1\npn := &n\nm := map[string]int{\"a\": 1}\nm2 := m",
		"xs[0] = 10",   // ys shares xs: copied again with it
		"n = 5",        // pn points at n
		"m[\"b\"] = 2", // m2 is m
	} {
		if r := k.exec(t, c); r.err != "" {
			t.Fatalf("%q: %s", c, r.err)
		}
	}
	s2, reply := k.restart(t)
	if len(reply.Failed) > 0 {
		t.Fatalf("restore failed: %v", reply.Failed)
	}
	checks := []struct{ code, want string }{
		{"fmt.Sprint(xs, ys)", "[10 2 3 4] [2 3]"},
		{"ys[0] = 20\nfmt.Sprint(xs)", "[10 20 3 4]"},
		{"ys = append(ys, 30)\nfmt.Sprint(xs)", "[10 20 3 30]"},
		{"q.X = 9\nfmt.Sprint(p.X)", "9"},
		{"*pn = 6\nfmt.Sprint(n)", "6"},
		{"m2[\"c\"] = 3\nfmt.Sprint(m)", "map[a:1 b:2 c:3]"},
	}
	for _, c := range checks {
		if r := s2.run(t, "import \"fmt\"\n"+c.code); r.err != "" || r.result != c.want {
			t.Errorf("%q = %q (%s), want %q", c.code, r.result, r.err, c.want)
		}
	}
}

// A cell's copy holds only the variables it may have changed: those it
// mentions, directly or through the funcs it calls.
func TestKeptOnlyChanged(t *testing.T) {
	k := newKeptSession(t)
	k.exec(t, "a := 1\nb := 2\nc := 3\nfunc incB() { b++ }\nfunc viaB() { incB() }")
	cases := []struct{ code, want string }{
		{"_ = 1 + 1", ""},
		{"a = 5", "a"},
		{"viaB()", "b"},
		{"f := func() { c++ }\nf()", "a b c f"}, // a call of a func value: any variable
	}
	for _, c := range cases {
		k.exec(t, c.code)
		var names []string
		for _, v := range k.snaps[len(k.snaps)-1].Vars {
			names = append(names, v.Name)
		}
		if got := strings.Join(names, " "); got != c.want {
			t.Errorf("%q copied %q, want %q", c.code, got, c.want)
		}
	}
}

// A lost variable fails a cell that uses it, also through a func, before
// anything runs; declaring it again, or assigning it, brings it back.
func TestLostVariableError(t *testing.T) {
	k := newKeptSession(t)
	k.exec(t, "import \"fmt\"\nch := make(chan int, 1)\nfunc usa() int { return len(ch) }")
	s2, _ := k.restart(t)
	for _, code := range []string{"fmt.Println(\"ran\")\n_ = ch", "fmt.Println(\"ran\")\nusa()", "fmt.Println(\"ran\")\nch = make(chan int, len(ch))"} {
		r := s2.run(t, "import \"fmt\"\n"+code)
		if r.err != "LostVariable: ch was lost" || r.stdout != "" {
			t.Errorf("%q: %q, printed %q", code, r.err, r.stdout)
		}
	}
	if r := s2.run(t, "ch = make(chan int, 2)"); r.err != "" {
		t.Errorf("assigning it: %s", r.err)
	}
	if r := s2.run(t, "cap(ch)"); r.err != "" || r.result != "2" {
		t.Errorf("after assigning it: %q %s", r.result, r.err)
	}
}
