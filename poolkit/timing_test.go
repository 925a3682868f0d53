package poolkit_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

func TestNow(t *testing.T) {
	a := poolkit.Now()
	wall := float64(time.Now().UnixNano()) / 1e9
	time.Sleep(20 * time.Millisecond)
	b := poolkit.Now()
	if math.Abs(a-wall) > 1 {
		t.Errorf("Now() = %f, wall clock %f", a, wall)
	}
	if d := b - a; d < 0.020 || d > 5 {
		t.Errorf("Now() advanced %f s over a 20 ms sleep", d)
	}
}

func TestTimeAndSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want float64
	}{{0, 0}, {1500 * time.Millisecond, 1.5}, {2 * time.Second, 2}, {time.Microsecond, 1e-6}}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := poolkit.Seconds(tt.d); got != tt.want {
				t.Errorf("Seconds(%v) = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
	if d := poolkit.Time(func() { time.Sleep(10 * time.Millisecond) }); d < 10*time.Millisecond || d > 5*time.Second {
		t.Errorf("Time of a 10 ms sleep = %v", d)
	}
}

func ExampleNow() {
	start := poolkit.Now()
	time.Sleep(10 * time.Millisecond)
	done := poolkit.Now()
	elapsed := done - start // fmt.Println("processing time: ", elapsed)
	fmt.Println(elapsed >= 0.010)
	// Output: true
}

func ExampleTime() {
	d := poolkit.Time(func() { time.Sleep(10 * time.Millisecond) })
	fmt.Println(d >= 10*time.Millisecond)
	// Output: true
}

func ExampleSeconds() {
	fmt.Println("processing time: ", poolkit.Seconds(2500*time.Millisecond))
	// Output: processing time:  2.5
}

func ExampleDuration() {
	var d poolkit.Duration = 1500 * time.Millisecond // a time.Duration
	fmt.Println(d, poolkit.Seconds(d))
	// Output: 1.5s 1.5
}
