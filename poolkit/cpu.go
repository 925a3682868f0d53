package poolkit

import "runtime"

// CPUCount returns the number of CPUs the process may use at once, like
// Python's os.cpu_count() but honest about limits: it is
// runtime.GOMAXPROCS(0), which Go sets from the CPUs the process may run on,
// its cgroup CPU limit (a container's or a JupyterHub's --cpus) and the
// GOMAXPROCS environment variable, and never more than runtime.NumCPU(). It
// is the default size of a [Pool].
func CPUCount() int {
	n := runtime.GOMAXPROCS(0)
	if c := runtime.NumCPU(); c < n {
		n = c
	}
	return max(n, 1)
}
