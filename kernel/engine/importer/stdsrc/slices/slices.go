// Package slices is this kernel's source version of the standard package
// slices: yaegi v0.16.1 interprets it, since its compiled tables have no
// generic functions. It follows the Go 1.23 API, with one change: where Go
// has a type parameter S ~[]E, these functions take and return []E, since
// yaegi cannot infer E from S's constraint ("undefined type for E"). A named
// slice type is still accepted, and the []E result assigns back to it.
//
// There is no package iter in the interpreter, so the iterator types Seq
// and Seq2 are declared here (and again in maps). Functions that take an
// iterator take the plain func type, so a maps.Seq works as well as a
// slices.Seq. Range-over-func loops do not run in yaegi: call the iterator
// with a yield func instead, as in
//
//	slices.Values(xs)(func(v int) bool { fmt.Println(v); return true })
//
// The package is one file on purpose, so that it compiles file by file.
package slices

import (
	"cmp"
)

// Seq is an iterator over single values, as iter.Seq: it calls yield with
// each value in turn and stops early when yield returns false.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over pairs of values, as iter.Seq2.
type Seq2[K, V any] func(yield func(K, V) bool)

// Equal tells whether s1 and s2 have the same length and equal elements at
// each index. NaN elements are never equal.
func Equal[E comparable](s1, s2 []E) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := 0; i < len(s1); i++ {
		if s1[i] != s2[i] {
			return false
		}
	}
	return true
}

// EqualFunc is Equal with the element comparison done by eq.
func EqualFunc[E1, E2 any](s1 []E1, s2 []E2, eq func(E1, E2) bool) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := 0; i < len(s1); i++ {
		if !eq(s1[i], s2[i]) {
			return false
		}
	}
	return true
}

// Compare compares s1 and s2 element by element with cmp.Compare; the first
// difference decides. If one slice is a prefix of the other, the shorter
// one is smaller. The result is -1, 0 or +1.
//
// (s1 and s2 are declared apart on purpose: yaegi caches instances of
// generic funcs by name and inferred types only, and "s1, s2 []E" would
// make slices.Compare on []int and cmp.Compare on int the same instance.)
func Compare[E cmp.Ordered](s1 []E, s2 []E) int {
	for i := 0; i < len(s1) && i < len(s2); i++ {
		if c := cmp.Compare(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	if len(s1) > len(s2) {
		return 1
	}
	return 0
}

// CompareFunc is Compare with the element comparison done by cmp.
func CompareFunc[E1, E2 any](s1 []E1, s2 []E2, cmp func(E1, E2) int) int {
	for i := 0; i < len(s1) && i < len(s2); i++ {
		if c := cmp(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	if len(s1) > len(s2) {
		return 1
	}
	return 0
}

// Index returns the position of the first element of s equal to v, or -1.
func Index[E comparable](s []E, v E) int {
	for i := 0; i < len(s); i++ {
		if s[i] == v {
			return i
		}
	}
	return -1
}

// IndexFunc returns the position of the first element of s for which f
// returns true, or -1.
func IndexFunc[E any](s []E, f func(E) bool) int {
	for i := 0; i < len(s); i++ {
		if f(s[i]) {
			return i
		}
	}
	return -1
}

// Contains tells whether v is an element of s.
func Contains[E comparable](s []E, v E) bool {
	return Index(s, v) >= 0
}

// ContainsFunc tells whether f returns true for some element of s.
func ContainsFunc[E any](s []E, f func(E) bool) bool {
	return IndexFunc(s, f) >= 0
}

// Insert puts the values v into s at index i, shifting s[i:] up, and
// returns the result (it may share s's array when there is room). It
// panics if i is outside [0, len(s)].
//
// A call with no values, Insert(s, i), crashes yaegi's type inference
// ("CFG post-order panic: index out of range"); give the type argument,
// Insert[int](s, i), to make it work.
func Insert[E any](s []E, i int, v ...E) []E {
	_ = s[i:] // bounds check
	if len(v) == 0 {
		return s
	}
	n := len(s) + len(v)
	if n <= cap(s) {
		vals := make([]E, len(v))
		copy(vals, v) // v may be part of s
		r := s[:n]
		copy(r[i+len(v):], s[i:])
		copy(r[i:], vals)
		return r
	}
	r := append(s[:i:i], make([]E, n-i)...)
	copy(r[i:], v)
	copy(r[i+len(v):], s[i:])
	return r
}

// Delete removes s[i:j], shifting the tail down, and returns the shorter
// slice; the elements left past its end are zeroed. It panics if s[i:j] is
// not a valid slice of s.
func Delete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)] // bounds check
	if i == j {
		return s
	}
	n := len(s) - (j - i)
	copy(s[i:], s[j:])
	zeroTail(s, n)
	return s[:n]
}

// DeleteFunc removes the elements of s for which del returns true and
// returns the shorter slice; the elements left past its end are zeroed.
func DeleteFunc[E any](s []E, del func(E) bool) []E {
	n := 0
	for i := 0; i < len(s); i++ {
		if !del(s[i]) {
			s[n] = s[i]
			n++
		}
	}
	zeroTail(s, n)
	return s[:n]
}

// Replace puts the values v in place of s[i:j] and returns the result (it
// may share s's array). Elements left past the end of a shorter result are
// zeroed. It panics if s[i:j] is not a valid slice of s.
func Replace[E any](s []E, i, j int, v ...E) []E {
	_ = s[i:j] // bounds check
	tail := make([]E, len(s)-j)
	copy(tail, s[j:])
	vals := make([]E, len(v))
	copy(vals, v)
	n := i + len(vals) + len(tail)
	var r []E
	if n <= cap(s) {
		r = s[:n]
	} else {
		r = append(s[:i:i], make([]E, n-i)...)
	}
	copy(r[i:], vals)
	copy(r[i+len(vals):], tail)
	if n < len(s) {
		zeroTail(s, n)
	}
	return r
}

// zeroTail sets s[n:] to the zero value.
func zeroTail[E any](s []E, n int) {
	var zero E
	for k := n; k < len(s); k++ {
		s[k] = zero
	}
}

// Clone returns a shallow copy of s (nil stays nil).
func Clone[E any](s []E) []E {
	if s == nil {
		return nil
	}
	r := make([]E, len(s))
	copy(r, s)
	return r
}

// Compact collapses each run of equal consecutive elements into its first
// element, like the Unix uniq command, and returns the shorter slice; the
// elements left past its end are zeroed.
func Compact[E comparable](s []E) []E {
	if len(s) < 2 {
		return s
	}
	n := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[n-1] {
			s[n] = s[i]
			n++
		}
	}
	zeroTail(s, n)
	return s[:n]
}

// CompactFunc is Compact with eq deciding whether two neighbours are
// equal; of each run it keeps the first element.
func CompactFunc[E any](s []E, eq func(E, E) bool) []E {
	if len(s) < 2 {
		return s
	}
	n := 1
	for i := 1; i < len(s); i++ {
		if !eq(s[n-1], s[i]) {
			s[n] = s[i]
			n++
		}
	}
	zeroTail(s, n)
	return s[:n]
}

// Grow makes sure s has room for n more elements without reallocating,
// and returns it (possibly moved to a new array). It panics if n < 0.
func Grow[E any](s []E, n int) []E {
	if n < 0 {
		panic("cannot be negative")
	}
	if need := n - (cap(s) - len(s)); need > 0 {
		s = append(s[:cap(s)], make([]E, need)...)[:len(s)]
	}
	return s
}

// Clip drops the unused capacity of s: the result has cap == len.
func Clip[E any](s []E) []E {
	return s[:len(s):len(s)]
}

// Reverse reverses the order of the elements of s in place.
func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Concat returns a new slice holding the elements of all the given
// slices, in order (nil if they are all empty).
//
// Unlike Go's Concat(slices ...S), the first slice is a separate
// parameter: yaegi infers no type from a variadic parameter alone. So
// Concat(a, b, c) works, a slice of slices goes as Concat(ls[0], ls[1:]...),
// and a call with a single argument crashes yaegi's type inference (write
// Clone(a) instead).
func Concat[E any](first []E, rest ...[]E) []E {
	n := len(first)
	for _, p := range rest {
		n += len(p)
		if n < 0 {
			panic("len out of range")
		}
	}
	if n == 0 {
		return nil
	}
	r := make([]E, 0, n)
	r = append(r, first...)
	for _, p := range rest {
		r = append(r, p...)
	}
	return r
}

// Repeat returns a new slice holding count copies of x one after the
// other. It panics if count is negative or the result would be too long.
func Repeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	const maxInt = int(^uint(0) >> 1)
	if len(x) > 0 && count > maxInt/len(x) {
		panic("the result of (len(x) * count) overflows")
	}
	r := make([]E, 0, len(x)*count)
	for k := 0; k < count; k++ {
		r = append(r, x...)
	}
	return r
}

// The sorts below are one bottom-up merge sort (stable, O(n log n) in all
// cases, with a buffer of len(x) elements): insertion sort makes runs of
// sortRun elements, then runs are merged pairwise. It is written twice, for
// ordered elements compared with < and for a cmp func.

const sortRun = 12

// Sort sorts x in increasing order. NaNs come before all other values.
func Sort[E cmp.Ordered](x []E) {
	n := len(x)
	if n < 2 {
		return
	}
	for lo := 0; lo < n; lo += sortRun {
		hi := lo + sortRun
		if hi > n {
			hi = n
		}
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo; j-- {
				a, b := x[j], x[j-1]
				if !((a != a && b == b) || a < b) {
					break
				}
				x[j], x[j-1] = b, a
			}
		}
	}
	src, dst := x, make([]E, n)
	for width := sortRun; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := lo+width, lo+2*width
			if mid > n {
				mid = n
			}
			if hi > n {
				hi = n
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				a, b := src[j], src[i]
				if (a != a && b == b) || a < b {
					dst[k] = a
					j++
				} else {
					dst[k] = b
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// SortFunc sorts x in the order given by cmp, which returns a negative
// number when a < b, a positive one when a > b and 0 when they are equal
// (it must be a strict weak ordering). This version is stable too.
func SortFunc[E any](x []E, cmp func(a, b E) int) {
	n := len(x)
	if n < 2 {
		return
	}
	for lo := 0; lo < n; lo += sortRun {
		hi := lo + sortRun
		if hi > n {
			hi = n
		}
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && cmp(x[j], x[j-1]) < 0; j-- {
				x[j], x[j-1] = x[j-1], x[j]
			}
		}
	}
	src, dst := x, make([]E, n)
	for width := sortRun; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := lo+width, lo+2*width
			if mid > n {
				mid = n
			}
			if hi > n {
				hi = n
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(src[j], src[i]) < 0 {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// SortStableFunc sorts x like SortFunc, keeping equal elements in their
// original order.
func SortStableFunc[E any](x []E, cmp func(a, b E) int) {
	SortFunc(x, cmp)
}

// IsSorted tells whether x is in increasing order.
func IsSorted[E cmp.Ordered](x []E) bool {
	for i := 1; i < len(x); i++ {
		if cmp.Less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

// IsSortedFunc tells whether x is in the order given by cmp.
func IsSortedFunc[E any](x []E, cmp func(a, b E) int) bool {
	for i := 1; i < len(x); i++ {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// Min returns the smallest element of x; it panics if x is empty. For
// floats, a NaN in x makes the result NaN.
func Min[E cmp.Ordered](x []E) E {
	if len(x) == 0 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 0; i < len(x); i++ {
		v := x[i]
		if v != v {
			return v
		}
		if v < m {
			m = v
		}
	}
	return m
}

// MinFunc returns the first of the smallest elements of x by cmp; it
// panics if x is empty.
func MinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) == 0 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) < 0 {
			m = x[i]
		}
	}
	return m
}

// Max returns the largest element of x; it panics if x is empty. For
// floats, a NaN in x makes the result NaN.
func Max[E cmp.Ordered](x []E) E {
	if len(x) == 0 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 0; i < len(x); i++ {
		v := x[i]
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

// MaxFunc returns the first of the largest elements of x by cmp; it panics
// if x is empty.
func MaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) == 0 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) > 0 {
			m = x[i]
		}
	}
	return m
}

// BinarySearch looks for target in the sorted slice x. It returns the
// position where target is, or where it would be inserted to keep x
// sorted, and whether it was found.
func BinarySearch[E cmp.Ordered](x []E, target E) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if cmp.Less(x[mid], target) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(x) && cmp.Compare(x[lo], target) == 0
}

// BinarySearchFunc is BinarySearch for a slice sorted in the order of cmp,
// which compares an element with the target (of any type).
func BinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if cmp(x[mid], target) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(x) && cmp(x[lo], target) == 0
}

// All returns an iterator over the index/element pairs of s, first to
// last.
func All[E any](s []E) Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i := 0; i < len(s); i++ {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Backward returns an iterator over the index/element pairs of s, last to
// first.
func Backward[E any](s []E) Seq2[int, E] {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Values returns an iterator over the elements of s, first to last.
func Values[E any](s []E) Seq[E] {
	return func(yield func(E) bool) {
		for i := 0; i < len(s); i++ {
			if !yield(s[i]) {
				return
			}
		}
	}
}

// AppendSeq appends every value of seq to s and returns the result.
func AppendSeq[E any](s []E, seq func(yield func(E) bool)) []E {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Collect returns the values of seq in a new slice (nil if there are
// none).
func Collect[E any](seq func(yield func(E) bool)) []E {
	var s []E
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Sorted returns the values of seq in a new, sorted slice.
func Sorted[E cmp.Ordered](seq func(yield func(E) bool)) []E {
	s := Collect(seq)
	Sort(s)
	return s
}

// SortedFunc returns the values of seq in a new slice sorted by cmp.
func SortedFunc[E any](seq func(yield func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortFunc(s, cmp)
	return s
}

// SortedStableFunc is SortedFunc keeping equal values in the order seq
// gave them.
func SortedStableFunc[E any](seq func(yield func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortStableFunc(s, cmp)
	return s
}

// Chunk returns an iterator over consecutive pieces of s of n elements
// (the last one may be shorter). The pieces share s's array but have no
// spare capacity. It panics if n < 1.
func Chunk[E any](s []E, n int) Seq[[]E] {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for lo := 0; lo < len(s); lo += n {
			hi := lo + n
			if hi > len(s) {
				hi = len(s)
			}
			if !yield(s[lo:hi:hi]) {
				return
			}
		}
	}
}
