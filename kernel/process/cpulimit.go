package process

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// ServerCPUEnv names the variable JupyterHub's spawners set to the user's
// cpu_limit, a number of CPUs ("1.0", "0.5", "2.5"). LocalProcessSpawner
// does not enforce it: the engine's GOMAXPROCS (and so poolkit.CPUCount,
// the default Pool size) follows it.
const ServerCPUEnv = "CPU_LIMIT"

// CPULimitFromEnv returns the GOMAXPROCS an engine gets from ServerCPUEnv:
// the limit rounded up, at least 1, and never more than this process's
// GOMAXPROCS (which Go derives from the cgroup's CPU limit and the CPUs
// the process may run on). 0 means no limit was set. A value it cannot
// read is named in the error and ignored.
func CPULimitFromEnv() (int, error) {
	return cpuLimit(os.LookupEnv, runtime.GOMAXPROCS(0))
}

// cpuLimit is CPULimitFromEnv with its environment and ceiling as
// arguments, for tests.
func cpuLimit(lookup func(string) (string, bool), ceiling int) (int, error) {
	v, ok := lookup(ServerCPUEnv)
	if !ok || strings.TrimSpace(v) == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, fmt.Errorf("%s (the server's CPU limit): cannot read %q as a number of CPUs; ignored", ServerCPUEnv, v)
	}
	if f == 0 {
		return 0, nil // JupyterHub's "no limit"
	}
	n := max(1, int(math.Ceil(min(f, 1<<20))))
	if ceiling > 0 {
		n = min(n, ceiling)
	}
	return n, nil
}
