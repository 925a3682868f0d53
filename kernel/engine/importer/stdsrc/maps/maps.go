// Package maps is this kernel's source version of the standard package
// maps: yaegi v0.16.1 interprets it, since its compiled tables have no
// generic functions. It follows the Go 1.23 API, with one change: where Go
// has a type parameter M ~map[K]V, these functions take and return
// map[K]V, since yaegi cannot infer K and V from M's constraint. A named map
// type is still accepted, and a map[K]V result assigns back to it.
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
func Equal[K, V comparable](m1, m2 map[K]V) bool {
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
//
// The key type has two type parameters, K and K2 (the same type), where Go
// has one: yaegi infers type arguments from the parameters in order, which
// gives K, V1, K, V2; with Go's [K, V1, V2] it would take K for V2.
func EqualFunc[K comparable, V1 any, K2 comparable, V2 any](m1 map[K]V1, m2 map[K2]V2, eq func(V1, V2) bool) bool {
	if len(m1) != len(m2) {
		return false
	}
	for k, v1 := range m1 {
		v2, ok := m2[any(k).(K2)]
		if !ok || !eq(v1, v2) {
			return false
		}
	}
	return true
}

// Clone returns a new map with the same keys and values as m (a shallow
// copy; nil stays nil).
func Clone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	r := make(map[K]V, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}

// Copy sets dst[k] = v for every pair of src, overwriting the values of
// keys dst already has.
func Copy[K comparable, V any](dst, src map[K]V) {
	for k, v := range src {
		dst[k] = v
	}
}

// DeleteFunc removes from m the pairs for which del returns true.
func DeleteFunc[K comparable, V any](m map[K]V, del func(K, V) bool) {
	for k, v := range m {
		if del(k, v) {
			delete(m, k)
		}
	}
}

// All returns an iterator over the key/value pairs of m, in no particular
// order.
func All[K comparable, V any](m map[K]V) Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Keys returns an iterator over the keys of m, in no particular order.
func Keys[K comparable, V any](m map[K]V) Seq[K] {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of m, in no particular order.
func Values[K comparable, V any](m map[K]V) Seq[V] {
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
func Insert[K comparable, V any](m map[K]V, seq func(yield func(K, V) bool)) {
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
