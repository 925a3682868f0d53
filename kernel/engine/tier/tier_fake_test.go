package tier

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/buildcache"
)

// fakeHost is the engine's side of the tier without an interpreter: its
// "variables" are Go variables, by name.
type fakeHost struct {
	vars  map[string]reflect.Value // name → pointer
	evals []string
	busy  bool
}

var errFakeInterrupted = errors.New("interrupted (fake)")

func (h *fakeHost) Eval(src string) (reflect.Value, error) {
	h.evals = append(h.evals, src)
	name, ok := strings.CutPrefix(src, "&")
	if p, found := h.vars[name]; ok && found {
		return p, nil
	}
	return reflect.Value{}, errors.New("fake: cannot evaluate " + src)
}

func (h *fakeHost) Stdout() io.Writer       { return io.Discard }
func (h *fakeHost) Interrupted() error      { return errFakeInterrupted }
func (h *fakeHost) TryIdle() (func(), bool) { return func() {}, !h.busy }

// The tier compiles a func as a plugin and stores it through its Host:
// the trampoline variable the host names gets the compiled func, which
// computes what the func's text says.
func TestTierWithFakeHost(t *testing.T) {
	if !Buildable() {
		t.Skip("this build cannot load plugins (no cgo, or -race)")
	}
	t.Setenv("GOKERNEL_BUILD_NICE", "0")
	_ = buildcache.UsePrivateSlots()
	var double func(int) int
	host := &fakeHost{vars: map[string]reflect.Value{"__tr1_double": reflect.ValueOf(&double)}}
	tr := New(host, false)
	if !tr.On {
		t.Skipf("no compiled tier: %s", tr.Why)
	}
	t.Cleanup(tr.Close)
	tr.Declared([]*tierFunc{{
		name: "double", cell: 1, v: "__tr1_double", expr: "double", typ: "func(int) int",
		text:   "func double(n int) int { return 2 * n }",
		status: "interpreted: being compiled",
		vars:   map[string]string{}, imps: map[string]string{},
	}})
	tr.Settle()
	if st := tr.StatusOf("double"); st != "compiled" {
		t.Fatalf("status %q, want compiled (host asked for %v)", st, host.evals)
	}
	if double == nil {
		t.Fatal("the host's trampoline variable did not get the compiled func")
	}
	if got := double(21); got != 42 {
		t.Errorf("double(21) = %d, want 42", got)
	}
	if !strings.Contains(strings.Join(host.evals, " "), "&__tr1_double") {
		t.Errorf("the tier did not ask the host for the trampoline: %v", host.evals)
	}
}
