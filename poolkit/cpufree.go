package poolkit

import (
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// MeasureCPUs runs f and returns how long it took and how many CPUs the
// process had for itself meanwhile: the CPU time the process used plus
// the time the machine's CPUs sat idle, per second of f's wall time, at
// most CPUCount() (and the cgroup's CPU quota). On a machine that other
// programs keep busy it is below CPUCount(): a CPU-bound task on a Pool(n)
// then speeds up by less than n, by about min(n, cpus) over the CPUs a
// Pool(1) run had (at most 1).
//
// Where the machine's CPU times cannot be read (not Linux) it is
// CPUCount(). The machine's idle time is counted in ticks of 10 ms: over
// runs shorter than about 100 ms it is rough.
func MeasureCPUs(f func()) (time.Duration, float64) {
	before, okB := cpuTimes()
	start := time.Now()
	f()
	wall := time.Since(start)
	after, okA := cpuTimes()
	usable := usableCPUs()
	if !okB || !okA || wall <= 0 {
		return wall, usable
	}
	return wall, freeCPUs(after.own-before.own, after.idle-before.idle, wall, after.cpus, usable)
}

// freeCPUs is the CPUs a process had over wall: its own CPU time plus the
// machine's idle time (of machine CPUs, of which it may use usable), per
// second, at most usable.
func freeCPUs(own, idle, wall time.Duration, machine int, usable float64) float64 {
	if wall <= 0 {
		return usable
	}
	share := 1.0
	if machine > 0 && usable < float64(machine) {
		share = usable / float64(machine) // the idle CPUs it could not run on
	}
	free := (own.Seconds() + max(idle.Seconds(), 0)*share) / wall.Seconds()
	return math.Max(0, math.Min(free, usable))
}

// usableCPUs is CPUCount(), or the cgroup's CPU quota when it is smaller
// (1.5 CPUs: Go's GOMAXPROCS rounds it up to 2).
func usableCPUs() float64 {
	n := float64(CPUCount())
	if b, err := os.ReadFile("/sys/fs/cgroup/cpu.max"); err == nil {
		f := strings.Fields(string(b))
		if len(f) == 2 && f[0] != "max" {
			quota, e1 := strconv.ParseFloat(f[0], 64)
			period, e2 := strconv.ParseFloat(f[1], 64)
			if e1 == nil && e2 == nil && quota > 0 && period > 0 {
				n = math.Min(n, quota/period)
			}
		}
	}
	return n
}

// cpuSample is the process's CPU time and the machine's idle time.
type cpuSample struct {
	own, idle time.Duration
	cpus      int // the machine's CPUs, as /proc/stat lists them
}

// ownCPU returns the process's CPU time so far, where it is known
// (cpufree_unix.go); elsewhere MeasureCPUs says CPUCount().
var ownCPU = func() (time.Duration, bool) { return 0, false }

// userHZ is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const userHZ = 100

// cpuTimes reads the process's CPU time (getrusage, ownCPU) and the
// machine's idle time (idle and iowait of all CPUs, /proc/stat).
func cpuTimes() (cpuSample, bool) {
	var s cpuSample
	own, ok := ownCPU()
	if !ok {
		return s, false
	}
	s.own = own
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return s, false
	}
	for _, line := range strings.Split(string(stat), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) > 5 && f[0] == "cpu":
			idle, e1 := strconv.ParseInt(f[4], 10, 64)
			iowait, e2 := strconv.ParseInt(f[5], 10, 64)
			if e1 != nil || e2 != nil {
				return s, false
			}
			s.idle = time.Duration(idle+iowait) * time.Second / userHZ
		case len(f) > 0 && strings.HasPrefix(f[0], "cpu"):
			s.cpus++
		}
	}
	return s, s.cpus > 0
}
