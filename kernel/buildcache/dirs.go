package buildcache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Root is the user's gokernel cache folder: $XDG_CACHE_HOME/gokernel, else
// ~/.cache/gokernel (os.UserCacheDir).
func Root() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gokernel"), nil
}

// UserBuildDir is the user's writable build cache, Root()/build.
func UserBuildDir() (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "build"), nil
}

// GoCacheDir is what GOCACHE is set to beside GOCACHEPROG: the go command
// still opens it (for its README and fuzzing corpus), and it belongs in
// gokernel's folder, not in ~/.cache/go-build.
func GoCacheDir() (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "gocache"), nil
}

// DefaultMax is the default size cap of the user's build cache.
const DefaultMax = 256 << 20

// MaxFromEnv is the user's build cache cap: GOKERNEL_CACHE_MAX ("512MiB",
// "1GiB", "300MB", a number of bytes), else DefaultMax.
func MaxFromEnv() (int64, error) {
	s := os.Getenv("GOKERNEL_CACHE_MAX")
	if s == "" {
		return DefaultMax, nil
	}
	n, err := ParseSize(s)
	if err != nil {
		return DefaultMax, fmt.Errorf("GOKERNEL_CACHE_MAX: %w", err)
	}
	return n, nil
}

// ParseSize reads a size in bytes, with an optional unit (KiB, MiB, GiB,
// KB, MB, GB, K, M, G).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("not a positive size: " + strconv.Quote(s))
	}
	return n * mult, nil
}

// BuildNice is the niceness of plugin builds: GOKERNEL_BUILD_NICE (0 to
// 19), else 19.
func BuildNice() int {
	if n, err := strconv.Atoi(os.Getenv("GOKERNEL_BUILD_NICE")); err == nil && n >= 0 && n <= 19 {
		return n
	}
	return 19
}
