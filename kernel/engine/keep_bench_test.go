package engine

import (
	"github.com/aulago/gokernel/kernel/engine/snapshot"
	"reflect"
	"testing"
)

// The copy of the variables at the end of a cell (keep.go): nothing for a
// cell that mentions no variable, a 1,000,000-element []int, a
// 100,000-entry map[string]int; and reading each back (restore.go).
func keepBenchSession(b *testing.B) *testSession {
	s := benchSession(b, "import \"strconv\"\nxs := make([]int, 1000000)\nfor i := range xs { xs[i] = i }\n"+
		"m := map[string]int{}\nfor i := 0; i < 100000; i++ { m[strconv.Itoa(i)] = i }")
	return s
}

func benchSnapshot(b *testing.B, vars ...string) {
	s := keepBenchSession(b)
	e := s.e
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.mu.Lock()
		e.keep.running = map[string]bool{}
		for _, v := range vars {
			e.keep.running[v] = true
		}
		e.mu.Unlock()
		snap := e.keepSnapshot(1000 + i)
		size = len(snap.Data)
	}
	b.ReportMetric(float64(size), "bytes")
}

func BenchmarkSnapshotNoVariable(b *testing.B) { benchSnapshot(b) }
func BenchmarkSnapshotSlice1M(b *testing.B)    { benchSnapshot(b, "xs") }
func BenchmarkSnapshotMap100k(b *testing.B)    { benchSnapshot(b, "m") }

func benchRestore(b *testing.B, name string) {
	s := keepBenchSession(b)
	g := s.e.in.Globals()
	data, lost, _, _ := snapshot.EncodeFrame([]snapshot.Root{{Name: name, V: g[name]}})
	if len(lost) > 0 {
		b.Fatal(lost)
	}
	// Into fresh storage of the same type, as a new engine's.
	vars := map[string]reflect.Value{name: reflect.New(g[name].Type()).Elem()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := snapshot.DecodeFrame(data, vars, map[string]bool{name: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "bytes")
}

func BenchmarkRestoreSlice1M(b *testing.B) { benchRestore(b, "xs") }
func BenchmarkRestoreMap100k(b *testing.B) { benchRestore(b, "m") }
