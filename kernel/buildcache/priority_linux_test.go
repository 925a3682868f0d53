package buildcache

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// niceOf reads a process's niceness from /proc.
func niceOf(t *testing.T, pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	n, _ := strconv.Atoi(f[16]) // field 19 of stat: nice
	return n
}

// A build's process gets nice 19, or GOKERNEL_BUILD_NICE; what it starts
// afterwards inherits it.
func TestLowPriority(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want int
	}{{"", 19}, {"7", 7}, {"0", 0}, {"40", 19}, {"low", 19}} {
		t.Setenv("GOKERNEL_BUILD_NICE", tc.env)
		cmd := exec.Command("sh", "-c", "read x; sleep 5 >/dev/null & cat /proc/$!/stat; kill $!")
		stdin, _ := cmd.StdinPipe()
		var out strings.Builder
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Skip(err)
		}
		LowPriority(cmd.Process.Pid)
		got := niceOf(t, cmd.Process.Pid)
		stdin.Write([]byte("go\n"))
		stdin.Close()
		cmd.Wait()
		s := out.String()
		child, _ := strconv.Atoi(strings.Fields(s[strings.LastIndexByte(s, ')')+2:])[16])
		if got != tc.want || child != tc.want {
			t.Errorf("GOKERNEL_BUILD_NICE=%q: nice %d, its child %d; want %d", tc.env, got, child, tc.want)
		}
	}
}
