package poolkit_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

// chunkRanges returns the [Lo, Hi) ranges of the spans of p's timeline,
// sorted by Lo.
func chunkRanges(p *poolkit.Pool) [][2]int {
	spans := p.Timeline().Spans
	out := make([][2]int, len(spans))
	for i, s := range spans {
		out[i] = [2]int{s.Lo, s.Hi}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j][0] < out[j-1][0]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ranges builds the expected chunks of n tasks in chunks of c.
func ranges(n, c int) [][2]int {
	out := [][2]int{}
	for lo := 0; lo < n; lo += c {
		hi := lo + c
		if hi > n {
			hi = n
		}
		out = append(out, [2]int{lo, hi})
	}
	return out
}

func TestChunkSizes(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		n       int
		opts    []poolkit.Option
		stream  bool
		chunk   int // expected chunk size
	}{
		{"map empty", 2, 0, nil, false, 1},
		{"map one", 2, 1, nil, false, 1},
		{"map fewer than workers", 4, 3, nil, false, 1},
		{"map default 100 on 2", 2, 100, nil, false, 13},
		{"map default 64 on 2", 2, 64, nil, false, 8},
		{"map default 7 on 1", 1, 7, nil, false, 2},
		{"map ChunkSize(30)", 2, 100, []poolkit.Option{poolkit.ChunkSize(30)}, false, 30},
		{"map ChunkSize larger than input", 2, 5, []poolkit.Option{poolkit.ChunkSize(50)}, false, 5},
		{"map zero Option", 2, 100, []poolkit.Option{{}}, false, 13},
		{"imap default", 2, 10, nil, true, 1},
		{"imap ChunkSize(4)", 2, 10, []poolkit.Option{poolkit.ChunkSize(4)}, true, 4},
		{"later option wins", 2, 10, []poolkit.Option{poolkit.ChunkSize(4), poolkit.ChunkSize(2)}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poolkit.NewPool(tt.workers)
			defer p.Close()
			q := p.With(tt.opts...)
			in := make([]int, tt.n)
			var got []int
			if tt.stream {
				for v := range poolkit.IMap(q, func(x int) int { return x }, in) {
					got = append(got, v)
				}
			} else {
				got = poolkit.Map(q, func(x int) int { return x }, in)
			}
			if len(got) != tt.n {
				t.Fatalf("got %d results, want %d", len(got), tt.n)
			}
			if got, want := chunkRanges(p), ranges(tt.n, tt.chunk); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("chunks %v, want %v", got, want)
			}
		})
	}
}

func TestChunkSizeCoreOptionBeatsHandle(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	if err := p.With(poolkit.ChunkSize(5)).Run(10, func(i int) {}, nil, poolkit.ChunkSize(2)); err != nil {
		t.Fatal(err)
	}
	if got, want := chunkRanges(p), ranges(10, 2); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chunks %v, want %v", got, want)
	}
}

func TestChunkSizePanics(t *testing.T) {
	for _, n := range []int{0, -1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "poolkit: ChunkSize(") {
					t.Errorf("panic %q, want a poolkit: ChunkSize message", msg)
				}
			}()
			poolkit.ChunkSize(n)
		})
	}
}

func ExampleOption() {
	p := poolkit.NewPool(2)
	defer p.Close()
	var opts []poolkit.Option
	opts = append(opts, poolkit.ChunkSize(2))
	fmt.Println(poolkit.Map(p.With(opts...), func(x int) int { return -x }, []int{1, 2, 3}))
	fmt.Println(len(p.Timeline().Spans), "chunks")
	// Output:
	// [-1 -2 -3]
	// 2 chunks
}

func ExampleChunkSize() {
	p := poolkit.NewPool(2)
	defer p.Close()
	// Like Python's p.map(f, range(25), chunksize=10).
	poolkit.Map(p.With(poolkit.ChunkSize(10)), func(x int) int { return x }, make([]int, 25))
	fmt.Println(len(p.Timeline().Spans), "chunks")
	// Output: 3 chunks
}
