package poolkit

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxSpans bounds the spans recorded in one busy period.
const maxSpans = 10000

// period records one busy period of a pool: from work handed to an idle pool
// until the pool is idle again.
type period struct {
	workers  int
	start    time.Time
	runs     int          // runs begun; guarded by Pool.mu
	total    atomic.Int64 // tasks handed to the pool
	done     atomic.Int64 // tasks finished, counted for progress
	reported int64        // last done value reported; guarded by Pool.progMu

	mu      sync.Mutex
	end     time.Time
	spans   []Span
	dropped int
}

// newPeriod opens a busy period at start.
func newPeriod(workers int, start time.Time) *period {
	return &period{workers: workers, start: start}
}

// record adds s, or counts it as dropped when the period is full.
func (per *period) record(s Span) {
	per.mu.Lock()
	if len(per.spans) < maxSpans {
		per.spans = append(per.spans, s)
	} else {
		per.dropped++
	}
	per.mu.Unlock()
}

// close marks the end of the period.
func (per *period) close(t time.Time) {
	per.mu.Lock()
	per.end = t
	per.mu.Unlock()
}

// Span is one chunk of consecutive tasks run by one worker, as recorded in a
// [Timeline].
type Span struct {
	Worker int           // index of the worker, from 0 to Workers-1
	Run    int           // number of the call in the busy period, from 0
	Lo, Hi int           // the tasks (input indices) Lo to Hi-1
	Start  time.Duration // when the first task started, since Timeline.Start
	End    time.Duration // when the last task ended, since Timeline.Start
	Failed bool          // whether the last task panicked
}

// Timeline is the record of a pool's most recent busy period: from the
// moment work was handed to an idle pool until it was idle again (for a
// single [Map] call, that call). It shows one [Span] per chunk: which
// worker ran which tasks, and when. Display it with [Timeline.SVG] or
// [Timeline.String]; in a notebook, [Timeline.MIMEBundle] shows it as a
// chart.
type Timeline struct {
	Workers int           // number of workers of the pool
	Start   time.Time     // when the busy period began
	Wall    time.Duration // length of the busy period, so far if still busy
	Spans   []Span        // the chunks, by start time
	Dropped int           // chunks not recorded (beyond 10000 per period)
}

// Timeline returns a copy of the record of p's most recent busy period (the
// current one if p is busy). Before any work it has no spans.
func (p *Pool) Timeline() Timeline {
	p.mu.Lock()
	per := p.per
	p.mu.Unlock()
	if per == nil {
		return Timeline{Workers: p.n}
	}
	per.mu.Lock()
	t := Timeline{Workers: per.workers, Start: per.start, Spans: append([]Span(nil), per.spans...), Dropped: per.dropped}
	end := per.end
	per.mu.Unlock()
	if end.IsZero() {
		end = time.Now()
	}
	t.Wall = end.Sub(per.start)
	for _, s := range t.Spans {
		if s.End > t.Wall {
			t.Wall = s.End
		}
	}
	sort.SliceStable(t.Spans, func(i, j int) bool { return t.Spans[i].Start < t.Spans[j].Start })
	return t
}

// tasks returns the number of tasks in the spans of t.
func (t Timeline) tasks() int {
	n := 0
	for _, s := range t.Spans {
		n += s.Hi - s.Lo
	}
	return n
}

// rows returns the number of worker rows to draw.
func (t Timeline) rows() int {
	n := t.Workers
	for _, s := range t.Spans {
		if s.Worker >= n {
			n = s.Worker + 1
		}
	}
	if n < 1 {
		n = 1
	}
	return n
}

// secs formats d in seconds with three decimals.
func secs(d time.Duration) string {
	return fmt.Sprintf("%.3f s", d.Seconds())
}

// title returns the one-line description of t.
func (t Timeline) title() string {
	if len(t.Spans) == 0 {
		return fmt.Sprintf("no tasks recorded on %d workers", t.Workers)
	}
	return fmt.Sprintf("%d tasks in %d chunks on %d workers, wall time %s", t.tasks(), len(t.Spans), t.Workers, secs(t.Wall))
}

// String summarizes t in a few lines: tasks, chunks and wall time, how busy
// the workers were, and one line per worker.
func (t Timeline) String() string {
	var b strings.Builder
	b.WriteString("timeline: " + t.title())
	if len(t.Spans) == 0 {
		return b.String()
	}
	busy := make([]time.Duration, t.rows())
	chunks := make([]int, t.rows())
	var all time.Duration
	failed := 0
	for _, s := range t.Spans {
		busy[s.Worker] += s.End - s.Start
		chunks[s.Worker]++
		all += s.End - s.Start
		if s.Failed {
			failed++
		}
	}
	if t.Wall > 0 && t.Workers > 0 {
		fmt.Fprintf(&b, ", %.0f%% busy", 100*all.Seconds()/(t.Wall.Seconds()*float64(t.Workers)))
	}
	if failed > 0 {
		fmt.Fprintf(&b, ", %d failed", failed)
	}
	if t.Dropped > 0 {
		fmt.Fprintf(&b, ", %d chunks not recorded", t.Dropped)
	}
	for w := range busy {
		fmt.Fprintf(&b, "\n  worker %d: %d chunks, busy %s", w, chunks[w], secs(busy[w]))
	}
	return b.String()
}
