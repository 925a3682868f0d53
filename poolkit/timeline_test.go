package poolkit_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aulago/gokernel/poolkit"
)

// fixedTimeline is a hand-made timeline of 5 tasks on 2 workers.
func fixedTimeline() poolkit.Timeline {
	ms := time.Millisecond
	return poolkit.Timeline{
		Workers: 2,
		Wall:    400 * ms,
		Spans: []poolkit.Span{
			{Worker: 0, Lo: 0, Hi: 2, Start: 0, End: 200 * ms},
			{Worker: 1, Lo: 2, Hi: 4, Start: 0, End: 300 * ms},
			{Worker: 0, Lo: 4, Hi: 5, Start: 200 * ms, End: 400 * ms, Failed: true},
		},
	}
}

func TestTimelineRecordsLastRun(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	if tl := p.Timeline(); len(tl.Spans) != 0 || tl.Workers != 2 {
		t.Fatalf("fresh pool: %+v", tl)
	}
	poolkit.Map(p, func(x int) int { return x }, make([]int, 50))
	before := time.Now()
	poolkit.Map(p.With(poolkit.ChunkSize(3)), func(x int) int { time.Sleep(time.Millisecond); return x }, make([]int, 10))
	tl := p.Timeline()
	if got, want := fmt.Sprint(chunkRanges(p)), fmt.Sprint(ranges(10, 3)); got != want {
		t.Fatalf("chunks %s, want %s (only the last Map)", got, want)
	}
	if tl.Workers != 2 || tl.Start.Before(before) || tl.Dropped != 0 {
		t.Errorf("Workers %d, Start %v (before %v), Dropped %d", tl.Workers, tl.Start, before, tl.Dropped)
	}
	for i, s := range tl.Spans {
		if s.Worker < 0 || s.Worker >= 2 || s.Run != 0 || s.Failed {
			t.Errorf("span %+v", s)
		}
		if s.Start < 0 || s.End < s.Start+time.Duration(s.Hi-s.Lo)*time.Millisecond || s.End > tl.Wall {
			t.Errorf("span %+v outside [0, %v] or too short", s, tl.Wall)
		}
		if i > 0 && s.Start < tl.Spans[i-1].Start {
			t.Errorf("spans not sorted by start")
		}
	}
}

func TestTimelineOfFuturesAndFailures(t *testing.T) {
	p := poolkit.NewPool(2)
	defer p.Close()
	release := make(chan struct{})
	a := poolkit.Submit(p, func() int { <-release; return 1 })
	b := poolkit.Submit(p, func() int { <-release; panic("boom") })
	close(release)
	a.Wait()
	b.Wait()
	tl := p.Timeline()
	if len(tl.Spans) != 2 {
		t.Fatalf("%d spans, want 2 (both futures in one busy period)", len(tl.Spans))
	}
	runs, failed := map[int]bool{}, 0
	for _, s := range tl.Spans {
		runs[s.Run] = true
		if s.Failed {
			failed++
		}
	}
	if len(runs) != 2 || failed != 1 {
		t.Errorf("runs %v, failed %d; want 2 runs, 1 failed", runs, failed)
	}
}

func TestTimelineString(t *testing.T) {
	tests := []struct {
		name string
		tl   poolkit.Timeline
		want []string
	}{
		{"empty", poolkit.Timeline{Workers: 3}, []string{"timeline: no tasks recorded on 3 workers"}},
		{"fixed", fixedTimeline(), []string{
			"timeline: 5 tasks in 3 chunks on 2 workers, wall time 0.400 s, 88% busy, 1 failed",
			"  worker 0: 2 chunks, busy 0.400 s",
			"  worker 1: 1 chunks, busy 0.300 s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.tl.String(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("String() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func ExampleTimeline() {
	p := poolkit.NewPool(2)
	defer p.Close()
	poolkit.Map(p.With(poolkit.ChunkSize(5)), func(x int) int { return x }, make([]int, 20))
	tl := p.Timeline()
	tasks := 0
	for _, s := range tl.Spans {
		tasks += s.Hi - s.Lo
	}
	fmt.Println(tl.Workers, "workers,", len(tl.Spans), "chunks,", tasks, "tasks")
	// Output: 2 workers, 4 chunks, 20 tasks
}

func ExampleSpan() {
	p := poolkit.NewPool(1)
	defer p.Close()
	poolkit.Map(p.With(poolkit.ChunkSize(3)), func(x int) int { return x }, make([]int, 3))
	s := p.Timeline().Spans[0]
	fmt.Printf("worker %d ran tasks %d to %d, failed: %v\n", s.Worker, s.Lo, s.Hi-1, s.Failed)
	// Output: worker 0 ran tasks 0 to 2, failed: false
}

func ExamplePool_Timeline() {
	p := poolkit.NewPool(2)
	defer p.Close()
	poolkit.Map(p, func(x int) int { time.Sleep(time.Millisecond); return x }, make([]int, 16))
	tl := p.Timeline() // show it in a notebook, or print tl.String()
	fmt.Println(len(tl.Spans), tl.Wall > 8*time.Millisecond)
	// Output: 8 true
}

func ExampleTimeline_String() {
	ms := time.Millisecond
	tl := poolkit.Timeline{Workers: 2, Wall: 200 * ms, Spans: []poolkit.Span{
		{Worker: 0, Lo: 0, Hi: 2, Start: 0, End: 200 * ms},
		{Worker: 1, Lo: 2, Hi: 4, Start: 0, End: 100 * ms},
	}}
	fmt.Println(tl)
	// Output:
	// timeline: 4 tasks in 2 chunks on 2 workers, wall time 0.200 s, 75% busy
	//   worker 0: 1 chunks, busy 0.200 s
	//   worker 1: 1 chunks, busy 0.100 s
}
