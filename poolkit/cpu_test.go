package poolkit_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

func TestCPUCount(t *testing.T) {
	if got, want := poolkit.CPUCount(), runtime.NumCPU(); got != want || got < 1 {
		t.Fatalf("CPUCount() = %d, want %d (>= 1)", got, want)
	}
}

func ExampleCPUCount() {
	n := poolkit.CPUCount()
	fmt.Println(n >= 1, n == poolkit.NewPool(0).Workers())
	// Output: true true
}
