package poolkit

import (
	"math"
	"testing"
	"time"
)

func TestFreeCPUs(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name            string
		own, idle, wall time.Duration
		machine         int
		usable, want    float64
	}{
		{"idle machine, one busy goroutine", 1 * s, 1 * s, 1 * s, 2, 2, 2},
		{"idle machine, two busy goroutines", 2 * s, 0, 1 * s, 2, 2, 2},
		{"another program holds a CPU: Pool(1)", 1 * s, 0, 1 * s, 2, 2, 1},
		{"another program holds a CPU: Pool(2) shares", 1300 * time.Millisecond, 0, 1 * s, 2, 2, 1.3},
		{"the machine is busy and the process waits", 0, 0, 1 * s, 2, 2, 0},
		{"never more than usable", 2 * s, 2 * s, 1 * s, 4, 2, 2},
		{"idle CPUs it may not run on (CPU_LIMIT=1 of 2)", 1 * s, 1 * s, 1 * s, 2, 1, 1},
		{"a quota of 1.5 of 4 CPUs", 1 * s, 2 * s, 2 * s, 4, 1.5, 0.5 + 1.0*1.5/4},
		{"no wall time", 1 * s, 1 * s, 0, 2, 2, 2},
		{"idle time going back (a counter reset)", 1 * s, -3 * s, 1 * s, 2, 2, 1},
	}
	for _, tc := range tests {
		if got := freeCPUs(tc.own, tc.idle, tc.wall, tc.machine, tc.usable); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %.3f, want %.3f", tc.name, got, tc.want)
		}
	}
}

// The readings move forward, and the process's CPU time counts what its
// goroutines did.
func TestCPUTimes(t *testing.T) {
	a, ok := cpuTimes()
	if !ok {
		t.Skip("no /proc/stat here")
	}
	d, _ := MeasureCPUs(func() {
		for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
		}
	})
	b, _ := cpuTimes()
	if b.own <= a.own || b.idle < a.idle || b.cpus < 1 || d < 50*time.Millisecond {
		t.Errorf("before %+v, after %+v, MeasureCPUs took %s", a, b, d)
	}
}
