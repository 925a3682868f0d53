package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goCommand is the absolute path of the go command this install runs with
// ($(go env GOROOT)/bin/go), which kernel.json records (GOKERNEL_GO): a
// spawner's PATH (/usr/bin:/bin for a service) often has no go, and the
// compiled tier needs the toolchain the kernel was built with.
func goCommand(mod string) (string, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = mod
	out, err := cmd.Output()
	root := strings.TrimSpace(string(out))
	if err != nil || root == "" {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	tool := filepath.Join(root, "bin", "go")
	if st, err := os.Stat(tool); err != nil || st.Mode()&0o111 == 0 {
		return "", fmt.Errorf("the toolchain's go command %s is not an executable file", tool)
	}
	return tool, nil
}

// othersCanRun says why another account could not run tool (a folder on
// its path, or the file, is closed to others, as a toolchain that the go
// command downloaded into root's module cache is), or "".
func othersCanRun(tool string) string {
	for p := tool; ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return err.Error()
		}
		if st.Mode()&0o001 == 0 {
			return p + " is not open to other accounts"
		}
		if p == filepath.Dir(p) {
			return ""
		}
	}
}

// openToAll makes what install wrote under dir readable by every account
// (a umask of 077 would close it to the server's users), and its folders
// and executables usable.
func openToAll(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // not written (a prebuilt binary that writes no types)
		} else if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode().Perm() | 0o444
		if d.IsDir() || mode&0o100 != 0 {
			mode |= 0o111
		}
		if mode == info.Mode().Perm() {
			return nil
		}
		return os.Chmod(p, mode)
	})
}
