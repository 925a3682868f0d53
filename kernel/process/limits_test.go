package process

import (
	"strings"
	"testing"
)

// env is a lookup over a fixed environment.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestMemoryLimitFromEnv(t *testing.T) {
	const def = 3 << 30
	tests := []struct {
		name string
		env  []string
		want int64
		from string
		errs []string // a part of each error, in order
	}{
		{"neither: the default", nil, def, "", nil},
		{"the kernelspec's", []string{MemoryLimitEnv, "2GiB"}, 2 << 30, MemoryLimitEnv, nil},
		{"the kernelspec's off", []string{MemoryLimitEnv, "off"}, 0, MemoryLimitEnv, nil},
		{"the server's, as JupyterHub writes it", []string{ServerMemoryEnv, "1073741824"}, 1 << 30, ServerMemoryEnv, nil},
		{"the server's replaces a larger default", []string{ServerMemoryEnv, "8589934592"}, 8 << 30, ServerMemoryEnv, nil},
		{"the smaller: the server's", []string{MemoryLimitEnv, "2GiB", ServerMemoryEnv, "1073741824"}, 1 << 30, ServerMemoryEnv, nil},
		{"the smaller: the kernelspec's", []string{MemoryLimitEnv, "512MiB", ServerMemoryEnv, "1073741824"}, 512 << 20, MemoryLimitEnv, nil},
		{"off does not lift the server's", []string{MemoryLimitEnv, "off", ServerMemoryEnv, "1073741824"}, 1 << 30, ServerMemoryEnv, nil},
		{"the server's 0 is no limit", []string{ServerMemoryEnv, "0"}, def, "", nil},
		{"an empty server's is unset", []string{ServerMemoryEnv, " "}, def, "", nil},
		{"a bad server's is named and ignored", []string{ServerMemoryEnv, "lots"}, def, "", []string{"MEM_LIMIT (the server's memory limit): cannot read \"lots\""}},
		{"a bad kernelspec's is named and ignored", []string{MemoryLimitEnv, "-1G", ServerMemoryEnv, "1073741824"}, 1 << 30, ServerMemoryEnv, []string{"GOKERNEL_MEMORY_LIMIT: cannot read \"-1G\""}},
		{"both bad", []string{MemoryLimitEnv, "x", ServerMemoryEnv, "y"}, def, "", []string{MemoryLimitEnv, ServerMemoryEnv}},
	}
	for _, tc := range tests {
		got, from, errs := memoryLimit(env(tc.env...), func() int64 { return def })
		if got != tc.want || from != tc.from || len(errs) != len(tc.errs) {
			t.Errorf("%s: %d from %q, errors %v; want %d from %q, %d errors", tc.name, got, from, errs, tc.want, tc.from, len(tc.errs))
			continue
		}
		for i, e := range errs {
			if !strings.Contains(e.Error(), tc.errs[i]) || !strings.Contains(e.Error(), "ignored") {
				t.Errorf("%s: error %q, want %q ... ignored", tc.name, e, tc.errs[i])
			}
		}
	}
}

func TestCPULimitFromEnv(t *testing.T) {
	tests := []struct {
		value   string // "-" for unset
		ceiling int
		want    int
		err     bool
	}{
		{"-", 8, 0, false}, {"", 8, 0, false}, {"0", 8, 0, false},
		{"1", 8, 1, false}, {"1.0", 8, 1, false}, {" 2.0 ", 8, 2, false},
		{"0.5", 8, 1, false}, {"1.2", 8, 2, false}, {"2.5", 8, 3, false},
		{"4", 2, 2, false}, // the cgroup's (Go's GOMAXPROCS) still applies
		{"1e300", 2, 2, false},
		{"one", 8, 0, true}, {"-1", 8, 0, true}, {"NaN", 8, 0, true}, {"Inf", 8, 0, true},
	}
	for _, tc := range tests {
		lookup := env(ServerCPUEnv, tc.value)
		if tc.value == "-" {
			lookup = env()
		}
		got, err := cpuLimit(lookup, tc.ceiling)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("CPU_LIMIT=%q (ceiling %d): %d, %v; want %d, error %v", tc.value, tc.ceiling, got, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "CPU_LIMIT") {
			t.Errorf("CPU_LIMIT=%q: the error %q does not name it", tc.value, err)
		}
	}
}

// The cell's error names the limit it passed, and where it comes from.
func TestMemoryError(t *testing.T) {
	tests := []struct {
		limit      int64
		from, want string
	}{
		{1 << 30, ServerMemoryEnv, "this cell used more than 1 GiB of memory (MEM_LIMIT, the server's limit); the engine was restarted"},
		{600 << 20, MemoryLimitEnv, "this cell used more than 600 MiB of memory; the engine was restarted"},
		{3 << 30, "", "this cell used more than 3 GiB of memory; the engine was restarted"},
	}
	for _, tc := range tests {
		e := memoryError(tc.limit, tc.from)
		if e.EName != "MemoryError" || e.EValue != tc.want {
			t.Errorf("%d from %q: %s: %s, want %s", tc.limit, tc.from, e.EName, e.EValue, tc.want)
		}
		if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, MemoryLimitEnv) {
			t.Errorf("%d from %q: the traceback does not say how to set it: %q", tc.limit, tc.from, tb)
		}
	}
}
