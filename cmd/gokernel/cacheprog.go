package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/buildcache"
	"github.com/aulago/gokernel/kernel/engine"
)

// runCacheProg serves the go command's build cache (GOCACHEPROG): from
// GOKERNEL_SHARED_CACHE, read-only, then from the user's capped cache;
// with -write DIR, into DIR for every user to read (gokernel buildcache).
func runCacheProg(args []string) error {
	fs := flag.NewFlagSet("cacheprog", flag.ContinueOnError)
	write := fs.String("write", "", "write the shared cache into `DIR`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var p *buildcache.Program
	if *write != "" {
		p = &buildcache.Program{Dir: *write, Write: true}
	} else {
		var err error
		if p, err = buildcache.FromEnv(); err != nil {
			return err
		}
	}
	return p.Serve(os.Stdin, os.Stdout)
}

// setCacheProg makes this binary the compiled tier's GOCACHEPROG, with
// args, unless GOKERNEL_CACHEPROG says otherwise ("off": the go
// command's own cache).
func setCacheProg(args ...string) {
	if os.Getenv("GOKERNEL_CACHEPROG") != "" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	words := []string{quoteArg(exe), "cacheprog"}
	for _, a := range args {
		words = append(words, quoteArg(a))
	}
	os.Setenv("GOKERNEL_CACHEPROG", strings.Join(words, " "))
}

// quoteArg quotes a word for GOCACHEPROG, which the go command splits at
// spaces, minding quotes.
func quoteArg(s string) string {
	if !strings.ContainsAny(s, " \t\n'\"") {
		return s
	}
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return `"` + s + `"`
}

// warmCell declares a func that uses the packages of the course and of
// most tutorials, so that one plugin build compiles all of them for
// plugins, with poolkit.
const warmCell = `import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

func warmBuildCache(n int) string {
	var mu sync.Mutex
	var hits atomic.Int64
	mu.Lock()
	hits.Add(1)
	mu.Unlock()
	xs := []int{n, rand.Intn(10), 3}
	sort.Ints(xs)
	b, _ := json.Marshal(xs)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	fmt.Fprint(w, strings.ToUpper(string(b)), strconv.Itoa(runtime.NumCPU()), math.Sqrt(float64(n)), unicode.IsUpper('A'))
	w.Flush()
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if ctx.Err() != nil || errors.Is(io.EOF, os.ErrClosed) {
		return ""
	}
	return buf.String() + fmt.Sprint(poolkit.Seconds(time.Millisecond))
}`

// runBuildCache writes into DIR the build cache that every user's plugin
// builds read first (GOKERNEL_SHARED_CACHE): the runtime, the standard
// library and poolkit compiled for plugins, by one real build of the
// compiled tier. go run ./install runs it.
func runBuildCache(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: gokernel buildcache DIR")
	}
	dir, err := filepath.Abs(args[0])
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	os.Setenv("GOKERNEL_CACHEPROG", "")
	setCacheProg("-write", dir)
	eng, err := engine.New(engine.Options{Stdout: os.Stderr, Stderr: os.Stderr})
	if err != nil {
		return err
	}
	defer eng.Close()
	if res := eng.Execute(context.Background(), kernel.ExecuteRequest{Code: warmCell, Silent: true}, quiet{}); res.Status != "ok" {
		return fmt.Errorf("buildcache: the warm-up cell failed: %v", res.Error)
	}
	eng.WaitCompiles()
	insp := eng.Inspect(kernel.InspectRequest{Code: "warmBuildCache", CursorPos: len("warmBuildCache")})
	if text := fmt.Sprint(insp.Data["text/plain"]); !strings.Contains(text, "Runs compiled.") {
		return fmt.Errorf("buildcache: the warm-up func did not compile: %s", text)
	}
	return nil
}

// quiet is a Publisher that drops what the warm-up cell shows.
type quiet struct{}

func (quiet) Stream(string, string)              {}
func (quiet) Display(kernel.DisplayData)         {}
func (quiet) Result(kernel.DisplayData)          {}
func (quiet) Error(kernel.ErrorInfo)             {}
func (quiet) ClearOutput(bool)                   {}
func (quiet) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }
