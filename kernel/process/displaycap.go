package process

import (
	"fmt"

	"github.com/aulago/gokernel/kernel"
)

// capDisplay returns d, or a notice in its place when d is larger than the
// engine's display limit: a result of any size shows something at once,
// the cell never hangs on it.
func (s *server) capDisplay(d kernel.DisplayData, what string) kernel.DisplayData {
	s.mu.Lock()
	limit := s.displayLimit
	s.mu.Unlock()
	if limit <= 0 {
		return d
	}
	size := 0
	for mime, v := range d.Data {
		size += len(mime) + displaySize(v)
	}
	if size <= limit {
		return d
	}
	notice := fmt.Sprintf("[output truncated: this %s is %s, more than the %s a %s may have; it is not shown, the cell keeps running]",
		what, byteSize(size), byteSize(limit), what)
	return kernel.DisplayData{Data: map[string]any{"text/plain": notice}, Metadata: map[string]any{},
		DisplayID: d.DisplayID, Update: d.Update}
}

// displaySize estimates the JSON size of a MIME bundle value without
// encoding it: strings are what is large in practice.
func displaySize(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case []byte:
		return len(v) * 4 / 3
	case []string:
		n := 0
		for _, s := range v {
			n += len(s)
		}
		return n
	case map[string]any:
		n := 0
		for k, x := range v {
			n += len(k) + displaySize(x)
		}
		return n
	case []any:
		n := 0
		for _, x := range v {
			n += displaySize(x)
		}
		return n
	}
	return 16
}

// byteSize writes n bytes for a person: "300 MB", "16 MB", "512 bytes".
func byteSize(n int) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
