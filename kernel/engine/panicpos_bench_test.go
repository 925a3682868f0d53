package engine

import (
	"fmt"
	"testing"
)

// The cost of the positions interpreted funcs record (rewrite/panicpos.go), on
// loops whose statements record (two indexes: a panic's value does not
// tell them apart) or not (the only division).
func BenchmarkPanicPositions(b *testing.B) {
	for _, bc := range []struct{ name, def, call string }{
		{"primes, nothing recorded", "func primes(n int) int {\n\tc := 0\n\tfor i := 2; i < n; i++ {\n\t\tp := true\n\t\tfor j := 2; j*j <= i; j++ {\n\t\t\tif i%j == 0 {\n\t\t\t\tp = false\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t\tif p {\n\t\t\tc++\n\t\t}\n\t}\n\treturn c\n}", "primes(20000)"},
		{"two indexes recorded", "func dot(xs, ys []int) int {\n\ts := 0\n\tfor i := 0; i < len(xs); i++ {\n\t\ta := xs[i]\n\t\tb := ys[i]\n\t\ts += a * b\n\t}\n\treturn s\n}\nvar xs = make([]int, 100000)", "dot(xs, xs)"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := newTestSession(b)
			if r := s.run(b, bc.def); r.err != "" {
				b.Fatal(r.err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if r := s.run(b, fmt.Sprintf("_ = %s", bc.call)); r.err != "" {
					b.Fatal(r.err)
				}
			}
		})
	}
}
