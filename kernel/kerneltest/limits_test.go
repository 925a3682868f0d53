package kerneltest_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// result is the text/plain of a cell's execute_result, or "".
func result(r kerneltest.Run) string {
	for _, o := range r.Of("execute_result") {
		if d, ok := o.Content["data"].(map[string]any); ok {
			s, _ := d["text/plain"].(string)
			return s
		}
	}
	return ""
}

// The server's memory limit (JupyterHub's mem_limit, as MEM_LIMIT in
// bytes) bounds the engine when it is the smaller; the cell names it.
func TestServerMemoryLimit(t *testing.T) {
	f := kerneltest.StartEnv(t, binary, "MEM_LIMIT=629145600", "GOKERNEL_MEMORY_LIMIT=2GiB")
	r := f.Execute("import \"bytes\"\nb := bytes.Repeat([]byte{1}, 1<<30)\nlen(b)", 60*time.Second)
	want := "this cell used more than 600 MiB of memory (MEM_LIMIT, the server's limit); the engine was restarted"
	if r.Reply["status"] != "error" || r.Reply["ename"] != "MemoryError" || r.Reply["evalue"] != want {
		t.Fatalf("reply %v", r.Reply)
	}
	if got := f.Execute(`1 + 1`, 30*time.Second); got.Reply["status"] != "ok" {
		t.Errorf("after the limit: %v", got.Reply)
	}
}

// The server's CPU limit (CPU_LIMIT) is the engine's GOMAXPROCS, and so
// poolkit.CPUCount() and the default Pool size.
func TestServerCPULimit(t *testing.T) {
	tests := []struct{ env, want string }{
		{"CPU_LIMIT=1.0", "1 1 1"},
		{"CPU_LIMIT=0.5", "1 1 1"},
	}
	for _, tc := range tests {
		f := kerneltest.StartEnv(t, binary, tc.env)
		r := f.Execute("import (\"fmt\"; \"runtime\")\nfmt.Sprint(poolkit.CPUCount(), runtime.GOMAXPROCS(0), poolkit.NewPool(0).Workers())", 30*time.Second)
		if got := strings.Trim(result(r), `"`); got != tc.want {
			t.Errorf("%s: %q (%v), want %q", tc.env, got, r.Reply, tc.want)
		}
		f.Close()
	}
}

// A cell sees the kernel's environment (nbgrader's NBGRADER_EXECUTION)
// and its working folder (the notebook's, under Jupyter).
func TestCellSeesKernelEnvironment(t *testing.T) {
	f := kerneltest.StartEnv(t, binary, "NBGRADER_EXECUTION=autograde")
	wd, _ := os.Getwd()
	r := f.Execute("import \"os\"\nd, _ := os.Getwd()\nos.Getenv(\"NBGRADER_EXECUTION\") + \" \" + d", 30*time.Second)
	if got, want := strings.Trim(result(r), `"`), "autograde "+wd; got != want {
		t.Errorf("%q (%v), want %q", got, r.Reply, want)
	}
}
