package poolkit

import (
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// CPUCount returns the number of CPUs the process may use at once, like
// Python's os.cpu_count() but honest about limits: it is
// runtime.GOMAXPROCS(0), which Go sets from the CPUs the process may run on,
// its cgroup CPU limit (a container's or a JupyterHub's --cpus) and the
// GOMAXPROCS environment variable, never more than runtime.NumCPU(), and
// never more than CPU_LIMIT rounded up (the cpu_limit JupyterHub's
// spawners pass, which LocalProcessSpawner does not enforce). It is at
// least 1, and the default size of a [Pool].
func CPUCount() int {
	n := min(runtime.GOMAXPROCS(0), runtime.NumCPU())
	if c := cpuLimit(os.Getenv("CPU_LIMIT")); c > 0 {
		n = min(n, c)
	}
	return max(n, 1)
}

// cpuLimit reads CPU_LIMIT ("1.0", "0.5"): the CPUs rounded up, or 0 for
// none or a value that is not a positive number (the kernel logs those).
func cpuLimit(v string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0
	}
	return int(math.Ceil(min(f, 1<<20)))
}
