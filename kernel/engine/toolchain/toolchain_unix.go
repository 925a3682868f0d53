//go:build unix

package toolchain

import (
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// privateTempDir is the account's own folder in the temporary folder
// (gokernel-go-UID, mode 0700). One that another account made first is
// not used: a build cache there could be poisoned.
func privateTempDir() (string, bool) {
	dir := filepath.Join(os.TempDir(), "gokernel-go-"+strconv.Itoa(os.Getuid()))
	_ = os.Mkdir(dir, 0o700)
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() || st.Mode().Perm() != 0o700 {
		return "", false
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != os.Getuid() {
		return "", false
	}
	return dir, true
}

// defaultGoCache is where the go command puts its build cache when GOCACHE
// is not set, or "" when it has nowhere.
func defaultGoCache() string {
	if x := os.Getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "go-build")
	}
	if h := os.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "go-build")
	}
	return ""
}

// usableDir reports whether dir exists or can be made (it is made: the go
// command would make it too).
func usableDir(dir string) bool {
	if dir == "" || !filepath.IsAbs(dir) {
		return false
	}
	return os.MkdirAll(dir, 0o755) == nil
}
