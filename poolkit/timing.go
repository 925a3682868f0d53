package poolkit

import "time"

// clockBase anchors Now to the wall clock once and to the monotonic clock
// afterwards.
var clockBase = time.Now()

// Now returns the current time in seconds since the Unix epoch, like
// Python's time.time(), for the lesson's pattern
//
//	start := poolkit.Now()
//	// ... work ...
//	done := poolkit.Now()
//	fmt.Println("processing time: ", done-start)
//
// Differences of Now values are measured on the monotonic clock, so they
// are not disturbed by changes of the system clock.
func Now() float64 {
	return float64(clockBase.UnixNano())/1e9 + time.Since(clockBase).Seconds()
}

// Time calls f and returns how long it took.
func Time(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// Seconds returns d in seconds, as the float that Python's
// time.time() differences print (fmt.Println(poolkit.Seconds(d)) prints,
// say, 2.0034546).
func Seconds(d time.Duration) float64 {
	return d.Seconds()
}

// Duration is [time.Duration], under a name of this package so that the
// generic layer (see [GenericSource]) needs no import: values such as
// 2*time.Second can be passed wherever a Duration is expected.
type Duration = time.Duration
