//go:build linux

package textpages

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestCleanSpans(t *testing.T) {
	const exe = "/opt/k/gokernel"
	smaps := strings.Join([]string{
		"00400000-007f1000 r--p 00000000 08:01 12 /opt/k/gokernel",
		"Rss:                1796 kB",
		"Anonymous:             0 kB",
		"007f1000-01255000 r-xp 003f1000 08:01 12 /opt/k/gokernel",
		"Anonymous:             0 kB",
		"01d18000-01d19000 r--p 01917000 08:01 12 /opt/k/gokernel", // the relocated GOT
		"Anonymous:             4 kB",
		"01d19000-01db2000 rw-p 01918000 08:01 12 /opt/k/gokernel",
		"Anonymous:           548 kB",
		"7f00-8f00 r-xp 00000000 08:01 13 /usr/lib/libc.so.6",
		"Anonymous:             0 kB",
	}, "\n")
	got := cleanSpans(bufio.NewScanner(strings.NewReader(smaps)), exe)
	want := []span{{0x400000, 0x7f1000}, {0x7f1000, 0x1255000}}
	if len(got) != len(want) {
		t.Fatalf("cleanSpans = %x, want %x", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d = %x, want %x", i, got[i], want[i])
		}
	}
}

// TestDropKeepsRunning drops the test binary's own text and data: the
// process must go on running code and reading constants, which refault.
func TestDropKeepsRunning(t *testing.T) {
	if n := Drop(); n == 0 {
		t.Fatal("Drop dropped nothing: no clean read-only mapping of the executable found")
	}
	if s := strings.Repeat("ab", 3); s != "ababab" {
		t.Fatalf("after Drop: %q", s)
	}
	before := rss(t)
	Drop()
	if after := rss(t); after > before+1<<20 {
		t.Errorf("RSS grew from %d to %d kB after a second Drop", before>>10, after>>10)
	}
}

// rss is the process's resident set in bytes.
func rss(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip(err)
	}
	var size, res int
	if _, err := fmt.Sscan(string(b), &size, &res); err != nil {
		t.Fatal(err)
	}
	return res * os.Getpagesize()
}
