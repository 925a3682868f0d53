package engine

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// primesSrc counts the primes below n with a plain isPrime loop: the same
// code as goCountPrimes and scripts/bench_primes.py.
const primesSrc = `func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for i := 2; i*i <= n; i++ {
		if n%i == 0 {
			return false
		}
	}
	return true
}

func countPrimes(n int) int {
	c := 0
	for i := 0; i < n; i++ {
		if isPrime(i) {
			c++
		}
	}
	return c
}`

func goIsPrime(n int) bool {
	if n < 2 {
		return false
	}
	for i := 2; i*i <= n; i++ {
		if n%i == 0 {
			return false
		}
	}
	return true
}

func goCountPrimes(n int) int {
	c := 0
	for i := 0; i < n; i++ {
		if goIsPrime(i) {
			c++
		}
	}
	return c
}

// tierBenchSession is a session with the tier on and setup run, whose
// funcs have been compiled.
func tierBenchSession(b *testing.B, compiled bool, setup ...string) *testSession {
	s := newSessionWith(b, !compiled)
	if compiled && !s.e.tier.On {
		b.Skipf("no compiled tier: %s", s.e.tier.Why)
	}
	for _, c := range setup {
		if r := s.run(b, c); r.err != "" {
			b.Fatalf("%q: %s", c, r.err)
		}
	}
	s.e.tier.Settle()
	return s
}

// BenchmarkCellPrimes: the primes below 300,000 counted by a func declared
// in a cell, compiled by the tier and interpreted, and by the same func
// built with go test (go build's compiler). scripts/bench.sh prints the
// ratios with CPython's figure.
func BenchmarkCellPrimes(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			benchSink += goCountPrimes(300000)
			total += time.Since(start)
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/count")
	})
	for _, mode := range []struct {
		name     string
		compiled bool
	}{{"compiled", true}, {"interpreted", false}} {
		b.Run(mode.name, func(b *testing.B) {
			s := tierBenchSession(b, mode.compiled, primesSrc)
			var total time.Duration
			for i := 0; i < b.N; i++ {
				total += s.time(b, "countPrimes(300000)")
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/count")
		})
	}
}

// benchSink keeps the Go versions' results: a result nobody reads lets
// the compiler drop the work.
var benchSink int

// goContar is the exercises' busy loop (contar), built with go test.
//
//go:noinline
func goContar(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i % 7
	}
	return s
}

// BenchmarkCellBusyLoop: the exercises' busy loop (contar, 50 million
// turns) declared in a cell and compiled by the tier, interpreted, and
// built with go test. scripts/bench.sh prints the ratio.
func BenchmarkCellBusyLoop(b *testing.B) {
	const turns = 50_000_000
	b.Run("go", func(b *testing.B) {
		var total time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			benchSink += goContar(turns)
			total += time.Since(start)
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/loop")
	})
	b.Run("compiled", func(b *testing.B) {
		s := tierBenchSession(b, true, "func contar(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i % 7\n\t}\n\treturn s\n}")
		var total time.Duration
		for i := 0; i < b.N; i++ {
			total += s.time(b, "contar("+strconv.Itoa(turns)+")")
		}
		b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/loop")
	})
}

// BenchmarkCellCPUSpeedupCompiled: the exercises' busy loop, compiled, over
// 8 inputs on 1 and then 2 workers; reports the speedup (target 1.8x).
func BenchmarkCellCPUSpeedupCompiled(b *testing.B) {
	s := tierBenchSession(b, true, "func busy(n int) int { s := 0; for i := 0; i < n; i++ { s += i % 7 }; return s }",
		"work := []int{30000000, 30000000, 30000000, 30000000, 30000000, 30000000, 30000000, 30000000}\np1 := poolkit.NewPool(1).With(poolkit.ChunkSize(1))\np2 := poolkit.NewPool(2).With(poolkit.ChunkSize(1))")
	var t1, t2 time.Duration
	for i := 0; i < b.N; i++ {
		t1 += s.time(b, "r1 := poolkit.Map(p1, busy, work)")
		t2 += s.time(b, "r2 := poolkit.Map(p2, busy, work)")
	}
	b.ReportMetric(float64(t1)/float64(t2), "x-speedup")
}

// BenchmarkCompileLatency: from a cell declaring a func to the func being
// compiled and swapped in, in a new engine (first) and after one func of
// a session changes (incremental).
func BenchmarkCompileLatency(b *testing.B) {
	var first, incr time.Duration
	for i := 0; i < b.N; i++ {
		s := tierBenchSession(b, true)
		start := time.Now()
		s.run(b, primesSrc)
		s.e.tier.Settle()
		first += time.Since(start)
		start = time.Now()
		s.run(b, "func isPrime(n int) bool { return n == 2 || n%2 == 1 }")
		s.e.tier.Settle()
		incr += time.Since(start)
		if st := s.e.tier.StatusOf("isPrime"); st != "compiled" {
			b.Fatalf("isPrime: %s", st)
		}
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms-first")
	b.ReportMetric(float64(incr.Milliseconds())/float64(b.N), "ms-incremental")
}

// BenchmarkCellMapTinyCompiled: from a cell, poolkit.Map over 200,000 tiny
// tasks of a compiled func, on 2 workers (compare with
// scripts/bench_pool.py: the target is 5x Python's Pool(2).map).
func BenchmarkCellMapTinyCompiled(b *testing.B) {
	s := tierBenchSession(b, true, "func tiny(x int) int { return x * x }",
		"xs := make([]int, 200000)\nfor i := range xs { xs[i] = i }\np := poolkit.NewPool(2)")
	if !s.e.tier.MapCompiled("tiny") {
		b.Fatalf("Map over tiny is not compiled: %s", s.e.tier.StatusOf("tiny"))
	}
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += s.time(b, "r := poolkit.Map(p, tiny, xs)")
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/map")
}

// BenchmarkCellMapTinyLiteral: BenchmarkCellMapTinyCompiled with the func
// written as a literal in the cell. compiled: the tier lifts it into a
// session func (lift.go), compiled after the cell's first run, which is
// left out; interpreted: the tier off, as the literal was before.
// scripts/bench.sh prints "literal vs Pool" (the target is Python's
// Pool(2).map or better).
func BenchmarkCellMapTinyLiteral(b *testing.B) {
	const cell = "r := poolkit.Map(p, func(x int) int { return x * x }, xs)"
	for _, mode := range []struct {
		name     string
		compiled bool
	}{{"compiled", true}, {"interpreted", false}} {
		b.Run(mode.name, func(b *testing.B) {
			s := tierBenchSession(b, mode.compiled, "xs := make([]int, 200000)\nfor i := range xs { xs[i] = i }\np := poolkit.NewPool(2)")
			if mode.compiled {
				s.time(b, cell)
				s.e.tier.Settle()
				if names := liftedFuncs(s.e); len(names) != 1 || !s.e.tier.MapCompiled(names[0]) {
					b.Fatalf("Map over the literal is not compiled (lifted: %v)", names)
				}
			}
			var total time.Duration
			for i := 0; i < b.N; i++ {
				total += s.time(b, cell)
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/map")
		})
	}
}

// BenchmarkRedefineMemory: a func declared again 100 times, each compile
// swapped in; reports the growth of the engine's resident memory (plugins
// stay mapped: an engine loads at most maxBuilds of them).
func BenchmarkRedefineMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := tierBenchSession(b, true)
		before := residentMB()
		for k := 0; k < 100; k++ {
			s.run(b, fmt.Sprintf("func f(x int) int { return x + %d }", k))
			s.e.tier.Settle()
		}
		b.ReportMetric(residentMB()-before, "MB-growth")
		b.ReportMetric(float64(s.e.tier.Builds()), "plugins")
	}
}

// residentMB is the process's resident memory (Linux), or 0.
func residentMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
