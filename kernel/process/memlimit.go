package process

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aulago/gokernel/kernel"
)

// MemoryLimitEnv names the environment variable (set in the kernelspec's
// env) that sets an engine's memory limit: "3GiB", "512MiB", a number of
// bytes, or "off".
const MemoryLimitEnv = "GOKERNEL_MEMORY_LIMIT"

// memoryShare is the part of the machine's (or the cgroup's) memory an
// engine may use by default: a classroom server runs many kernels.
const memoryShare = 8

// DefaultMemoryLimit returns an eighth of the memory the kernel may use,
// the smaller of the machine's and its cgroup's, and at least 512 MiB.
func DefaultMemoryLimit() int64 {
	total := machineMemory()
	if c := cgroupMemory(); c > 0 && (total == 0 || c < total) {
		total = c
	}
	if total == 0 {
		return 0
	}
	return max(total/memoryShare, 512<<20)
}

// ServerMemoryEnv names the variable JupyterHub's spawners set to the
// user's mem_limit, in bytes. LocalProcessSpawner does not enforce it: the
// engine does, as the smaller of it and MemoryLimitEnv.
const ServerMemoryEnv = "MEM_LIMIT"

// MemoryLimitFromEnv returns the engine's memory limit and the variable
// that set it ("" for the default), from MemoryLimitEnv and
// ServerMemoryEnv: the smaller of the two, or the default when neither is
// set. A value it cannot read is named in an error and ignored.
func MemoryLimitFromEnv() (limit int64, from string, errs []error) {
	return memoryLimit(os.LookupEnv, DefaultMemoryLimit)
}

// memoryLimit is MemoryLimitFromEnv with its environment and default as
// arguments, for tests.
func memoryLimit(lookup func(string) (string, bool), def func() int64) (limit int64, from string, errs []error) {
	own, ownSet := int64(0), false
	if v, ok := lookup(MemoryLimitEnv); ok && strings.TrimSpace(v) != "" {
		n, err := ParseSize(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w; ignored", MemoryLimitEnv, err))
		} else {
			own, ownSet = n, true
		}
	}
	server := int64(0)
	if v, ok := lookup(ServerMemoryEnv); ok && strings.TrimSpace(v) != "" {
		n, err := ParseSize(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s (the server's memory limit): %w; ignored", ServerMemoryEnv, err))
		} else {
			server = n // 0 is no limit, as JupyterHub's None
		}
	}
	switch {
	case server > 0 && (!ownSet || own == 0 || server < own):
		// The server's limit replaces the default share of the machine,
		// and "off" does not lift it.
		return server, ServerMemoryEnv, errs
	case ownSet:
		return own, MemoryLimitEnv, errs
	}
	return def(), "", errs
}

// ParseSize reads a size: a number of bytes, or a number with a unit (KiB,
// MiB, GiB, KB, MB, GB, K, M, G; binary either way). "off" and "0" are 0.
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") || strings.EqualFold(s, "none") {
		return 0, nil
	}
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') && s[i-1] != '.' {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), strings.ToLower(strings.TrimSpace(s[i:]))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("cannot read %q as a size (try 2GiB, 512MiB or off)", s)
	}
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
		"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("cannot read %q as a size: unknown unit %q (try 2GiB, 512MiB or off)", s, unit)
	}
	return int64(f * mult), nil
}

// memSize writes a memory size for a person: "3 GiB", "1.5 GiB", "512 MiB".
func memSize(n int64) string {
	if n >= 1<<30 {
		s := strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64)
		return strings.TrimSuffix(s, ".0") + " GiB"
	}
	return strconv.FormatInt(n>>20, 10) + " MiB"
}

// machineMemory returns MemTotal from /proc/meminfo, or 0.
func machineMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cgroupMemory returns the cgroup's memory limit (v2, then v1), or 0.
func cgroupMemory() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && n > 0 && n < 1<<60 {
			return n
		}
	}
	return 0
}

// rss returns the resident memory of process pid, or -1.
func rss(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize())
}

// memoryPoll is how often an engine's memory is checked.
const memoryPoll = 50 * time.Millisecond

// watchMemory kills the engine when its resident memory passes limit, and
// notes why, for the crash report.
func (p *engineProc) watchMemory(limit int64) {
	t := time.NewTicker(memoryPoll)
	defer t.Stop()
	for {
		select {
		case <-p.dead:
			return
		case <-t.C:
		}
		if n := rss(p.cmd.Pid); n > limit {
			p.mu.Lock()
			p.overLimit = limit
			p.mu.Unlock()
			p.kill()
			return
		}
	}
}

// memoryError is the cell's error when its engine passed the memory limit
// that from (a variable's name, "" for the default) set.
func memoryError(limit int64, from string) kernel.ErrorInfo {
	size := memSize(limit)
	msg := fmt.Sprintf("this cell used more than %s of memory; the engine was restarted", size)
	why := fmt.Sprintf("The limit is %s=%s in the kernelspec's env (default, per kernel: an eighth of the machine's memory).", MemoryLimitEnv, size)
	if from == ServerMemoryEnv {
		msg = fmt.Sprintf("this cell used more than %s of memory (%s, the server's limit); the engine was restarted", size, ServerMemoryEnv)
		why = fmt.Sprintf("The limit is the server's: %s=%d bytes (JupyterHub's mem_limit); %s in the kernelspec's env can only lower it.", ServerMemoryEnv, limit, MemoryLimitEnv)
	}
	return kernel.ErrorInfo{EName: "MemoryError", EValue: msg, Traceback: []string{
		red("MemoryError") + ": " + msg + ".", why, "", resetNotice}}
}

// serverLimits says, for the kernel's log, which limits of the server
// (MEM_LIMIT, CPU_LIMIT) the engine follows, or "" for none.
func serverLimits(memory int64, from string, cpus int) string {
	var l []string
	if from == ServerMemoryEnv {
		l = append(l, fmt.Sprintf("%s of memory (%s)", memSize(memory), ServerMemoryEnv))
	}
	if cpus > 0 {
		l = append(l, fmt.Sprintf("GOMAXPROCS %d (%s)", cpus, ServerCPUEnv))
	}
	if len(l) == 0 {
		return ""
	}
	return "the engine follows the server's limits: " + strings.Join(l, ", ")
}
