package poolkit

import "runtime"

// CPUCount returns the number of logical CPUs usable by the process, like
// Python's os.cpu_count(). It is the default size of a [Pool].
func CPUCount() int {
	return runtime.NumCPU()
}
