package textpages

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Drop unmaps the executable's clean read-only mappings and asks the
// kernel to map them again with small pages. It returns how many bytes of
// mappings it dropped (0 where it cannot read /proc/self/smaps).
func Drop() int {
	if os.Getenv("GOKERNEL_HUGE_TEXT") != "" {
		return 0
	}
	exe, err := os.Executable()
	if err != nil {
		return 0
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0
	}
	spans := cleanSpans(bufio.NewScanner(f), exe)
	f.Close()
	n := 0
	for _, s := range spans {
		madvise(s.start, s.end-s.start, syscall.MADV_NOHUGEPAGE)
		madvise(s.start, s.end-s.start, syscall.MADV_DONTNEED)
		n += int(s.end - s.start)
	}
	return n
}

// span is an address range [start, end).
type span struct{ start, end uintptr }

// cleanSpans reads smaps and returns the read-only mappings of file exe
// that hold no private (anonymous) pages.
func cleanSpans(sc *bufio.Scanner, exe string) []span {
	var out []span
	cur := -1
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if !strings.HasSuffix(fields[0], ":") { // a mapping's header line
			cur = -1
			if len(fields) < 6 || fields[5] != exe || strings.Contains(fields[1], "w") {
				continue
			}
			lo, hi, _ := strings.Cut(fields[0], "-")
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil && end > start {
				out = append(out, span{uintptr(start), uintptr(end)})
				cur = len(out) - 1
			}
			continue
		}
		if cur >= 0 && fields[0] == "Anonymous:" && len(fields) > 1 && fields[1] != "0" {
			out[cur] = span{}
		}
	}
	kept := out[:0]
	for _, s := range out {
		if s.end > s.start {
			kept = append(kept, s)
		}
	}
	return kept
}

// madvise is the raw system call: the ranges are not Go memory.
func madvise(addr, n uintptr, advice int) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice))
}
