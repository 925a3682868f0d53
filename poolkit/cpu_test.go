package poolkit_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestCPUCount(t *testing.T) {
	if os.Getenv("CPU_LIMIT") != "" {
		t.Skip("CPU_LIMIT is set")
	}
	if got, want := poolkit.CPUCount(), min(runtime.GOMAXPROCS(0), runtime.NumCPU()); got != want || got < 1 {
		t.Fatalf("CPUCount() = %d, want %d (>= 1)", got, want)
	}
}

// CPUCount follows GOMAXPROCS, which Go also derives from cgroup CPU
// limits; the test binary runs itself with each setting.
func TestCPUCountFollowsGOMAXPROCS(t *testing.T) {
	if os.Getenv("POOLKIT_PRINT_CPUS") != "" {
		fmt.Printf("cpus=%d workers=%d\n", poolkit.CPUCount(), poolkit.NewPool(0).Workers())
		return
	}
	tests := []struct {
		env  string
		want int
	}{
		{"GOMAXPROCS=1", 1},
		{"GOMAXPROCS=" + strconv.Itoa(runtime.NumCPU()), runtime.NumCPU()},
		{"GOMAXPROCS=" + strconv.Itoa(runtime.NumCPU()+64), runtime.NumCPU()},
		// JupyterHub's cpu_limit, rounded up; a bad one is ignored.
		{"CPU_LIMIT=1.0", 1},
		{"CPU_LIMIT=0.25", 1},
		{"CPU_LIMIT=" + strconv.Itoa(runtime.NumCPU()+64), runtime.NumCPU()},
		{"CPU_LIMIT=one", runtime.NumCPU()},
		{"CPU_LIMIT=-2", runtime.NumCPU()},
	}
	for _, tc := range tests {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCPUCountFollowsGOMAXPROCS$")
		cmd.Env = append(os.Environ(), "POOLKIT_PRINT_CPUS=1", "CPU_LIMIT=", tc.env)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.env, err, out)
		}
		want := fmt.Sprintf("cpus=%d workers=%d", tc.want, tc.want)
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: %q, want %q", tc.env, out, want)
		}
	}
}

func ExampleCPUCount() {
	n := poolkit.CPUCount()
	fmt.Println(n >= 1, n == poolkit.NewPool(0).Workers())
	// Output: true true
}

// MeasureCPUs says how many CPUs a run had: CPUCount() on an idle
// machine, fewer when other programs are busy.
func ExampleMeasureCPUs() {
	took, cpus := poolkit.MeasureCPUs(func() { time.Sleep(20 * time.Millisecond) })
	fmt.Println(took >= 20*time.Millisecond, cpus >= 0 && cpus <= float64(poolkit.CPUCount()))
	// Output: true true
}
