package buildcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Trim keeps a cache under its cap: past it, the least recently used
// files go until 80% of the cap is left; files used lately stay, even
// past the cap (another kernel's build may be reading them).
func TestTrim(t *testing.T) {
	now := time.Now()
	old := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	type file struct {
		name string
		size int
		used time.Time
	}
	for _, tc := range []struct {
		name  string
		files []file
		max   int64
		kept  []string
	}{
		{"under the cap", []file{{"aa/1-d", 100, old(3)}, {"aa/1-a", 10, old(3)}}, 1000, []string{"aa/1-d", "aa/1-a"}},
		{"oldest first", []file{{"aa/1-d", 400, old(5)}, {"bb/2-d", 400, old(4)}, {"cc/3-d", 400, old(3)}}, 1000,
			[]string{"bb/2-d", "cc/3-d"}},
		{"down to 80%", []file{{"aa/1-d", 300, old(5)}, {"bb/2-d", 300, old(4)}, {"cc/3-d", 300, old(3)}, {"dd/4-d", 300, old(2)}}, 1000,
			[]string{"cc/3-d", "dd/4-d"}},
		{"recent files stay", []file{{"aa/1-d", 800, now}, {"bb/2-d", 800, now}}, 1000, []string{"aa/1-d", "bb/2-d"}},
		{"leftover temporary files go", []file{{"aa/.tmp-1", 900, old(9)}, {"bb/2-d", 300, old(1)}}, 1000, []string{"bb/2-d"}},
		{"other files are not the cache's", []file{{"README", 5000, old(9)}, {"bb/2-d", 300, old(1)}}, 1000, []string{"README", "bb/2-d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				p := filepath.Join(dir, f.name)
				os.MkdirAll(filepath.Dir(p), 0o700)
				if err := os.WriteFile(p, make([]byte, f.size), 0o600); err != nil {
					t.Fatal(err)
				}
				os.Chtimes(p, f.used, f.used)
			}
			if _, err := Trim(dir, tc.max); err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, k := range tc.kept {
				want[k] = true
			}
			for _, f := range tc.files {
				_, err := os.Stat(filepath.Join(dir, f.name))
				if got := err == nil; got != want[f.name] {
					t.Errorf("%s: kept %v, want %v", f.name, got, want[f.name])
				}
			}
		})
	}
}

// A hit in the user's folder renews its files, so that Trim takes the
// least recently used, not the oldest written.
func TestHitRenews(t *testing.T) {
	s := &store{dir: t.TempDir()}
	body, err := s.put([]byte{1}, []byte{2}, []byte("body"))
	if err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-48 * time.Hour)
	os.Chtimes(body, long, long)
	if _, _, _, ok := s.get([]byte{1}); !ok {
		t.Fatal("miss")
	}
	if info, _ := os.Stat(body); time.Since(info.ModTime()) > time.Hour {
		t.Errorf("a hit left the body's time at %s", info.ModTime())
	}
}
