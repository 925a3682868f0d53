package buildcache

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// keepRecent protects files used this recently from Trim: a go command of
// another kernel may be reading them (a build takes seconds).
const keepRecent = 5 * time.Minute

// Trim removes the least recently used files of a cache folder (by
// modification time, which a hit renews) until it holds at most 80% of
// max bytes, so that it is not trimmed again at every build. Files used in
// the last keepRecent stay, even past max. It returns the bytes left.
func Trim(dir string, max int64) (int64, error) {
	return trim(dir, max, time.Now().Add(-keepRecent))
}

func trim(dir string, max int64, recent time.Time) (int64, error) {
	type file struct {
		path string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed meanwhile
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		name := d.Name()
		if !strings.HasSuffix(name, "-a") && !strings.HasSuffix(name, "-d") && !strings.HasPrefix(name, ".tmp-") {
			return nil
		}
		files = append(files, file{path, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil || total <= max {
		return total, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
	goal := max / 10 * 8
	for _, f := range files {
		if total <= goal || f.used.After(recent) {
			break
		}
		if os.Remove(f.path) == nil {
			total -= f.size
		}
	}
	return total, nil
}
