// Package maps is this kernel's source version of the standard package
// maps: yaegi v0.16.1 interprets it, since its compiled tables have no
// generic functions. It follows the Go 1.23 API.
//
// There is no package iter in the interpreter, so the iterator types Seq
// and Seq2 are declared here (and again in slices). Functions that take an
// iterator take the plain func type, so a slices.Seq2 works as well as a
// maps.Seq2. Range-over-func loops do not run in yaegi: call the iterator
// with a yield func instead, as in
//
//	maps.Keys(m)(func(k string) bool { fmt.Println(k); return true })
package maps

// Seq is an iterator over single values, as iter.Seq: it calls yield with
// each value in turn and stops early when yield returns false.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over pairs of values, as iter.Seq2.
type Seq2[K, V any] func(yield func(K, V) bool)

// Equal tells whether m1 and m2 hold the same keys with equal values.
func Equal[M1, M2 ~map[K]V, K, V comparable](m1 M1, m2 M2) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		v2, ok := m2[k]
		if !ok || v1 != v2 {
			return false
		}
	}
	return true
}

// EqualFunc is Equal with the value comparison done by eq.
func EqualFunc[M1 ~map[K]V1, M2 ~map[K]V2, K comparable, V1, V2 any](m1 M1, m2 M2, eq func(V1, V2) bool) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		v2, ok := m2[k]
		if !ok || !eq(v1, v2) {
			return false
		}
	}
	return true
}

// Clone returns a new map with the same keys and values as m (a shallow
// copy; nil stays nil).
func Clone[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return nil
	}
	r := make(M, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}

// Copy sets dst[k] = v for every pair of src, overwriting the values of
// keys dst already has.
func Copy[M1 ~map[K]V, M2 ~map[K]V, K comparable, V any](dst M1, src M2) {
	for k, v := range src {
		dst[k] = v
	}
}

// DeleteFunc removes from m the pairs for which del returns true.
func DeleteFunc[M ~map[K]V, K comparable, V any](m M, del func(K, V) bool) {
	for k, v := range m {
		if del(k, v) {
			delete(m, k)
		}
	}
}

// All returns an iterator over the key/value pairs of m, in no particular
// order.
func All[Map ~map[K]V, K comparable, V any](m Map) Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Keys returns an iterator over the keys of m, in no particular order.
func Keys[Map ~map[K]V, K comparable, V any](m Map) Seq[K] {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of m, in no particular order.
func Values[Map ~map[K]V, K comparable, V any](m Map) Seq[V] {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// Insert adds the pairs of seq to m, overwriting the values of keys m
// already has.
func Insert[Map ~map[K]V, K comparable, V any](m Map, seq func(yield func(K, V) bool)) {
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
}

// Collect returns a new map holding the pairs of seq (a later pair with
// the same key wins).
func Collect[K comparable, V any](seq func(yield func(K, V) bool)) map[K]V {
	m := map[K]V{}
	seq(func(k K, v V) bool {
		m[k] = v
		return true
	})
	return m
}
