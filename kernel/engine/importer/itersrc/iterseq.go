// Package iterseq collects iterators (Go 1.23 range-over-func sequences)
// into slices, for the engine's rewrite of "for k, v := range seq", which
// yaegi v0.16.1 cannot compile. Cells do not import it themselves.
package iterseq

// Collect returns the values of seq, in order.
func Collect[V any](seq func(yield func(V) bool)) []V {
	var out []V
	seq(func(v V) bool {
		out = append(out, v)
		return true
	})
	return out
}

// Collect2 returns the pairs of seq, in order, as two slices.
func Collect2[K, V any](seq func(yield func(K, V) bool)) ([]K, []V) {
	var ks []K
	var vs []V
	seq(func(k K, v V) bool {
		ks = append(ks, k)
		vs = append(vs, v)
		return true
	})
	return ks, vs
}
