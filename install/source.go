package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// modulePath is the gokernel module's path.
const modulePath = "github.com/aulago/gokernel"

// moduleRoot is the folder of the gokernel module in dir, or of the one
// this command runs in (the checkout) when dir is "".
func moduleRoot(dir string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", modulePath)
	cmd.Dir = dir
	out, err := cmd.Output()
	root := strings.TrimSpace(string(out))
	if err != nil || root == "" {
		return "", fmt.Errorf("not inside the gokernel module (run go run ./install in its checkout, or pass --source): %v", err)
	}
	return filepath.Abs(root)
}

// copySource copies into dst what of the module at mod the kernel is built
// from (the non-test files of the packages cmd/gokernel imports, poolkit
// among them, with their embedded files, go.mod and go.sum), replacing
// what dst held. The kernel binary is built in dst, and the compiled
// tier's plugins import poolkit from it (GOKERNEL_SOURCE): both see the
// same files at the same path, so their package hashes agree, and the
// checkout can change or go.
func copySource(mod, dst string) error {
	files, err := sourceFiles(mod)
	if err != nil {
		return err
	}
	tmp := dst + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	for _, rel := range files {
		if err := copyFile(filepath.Join(mod, rel), filepath.Join(tmp, rel)); err != nil {
			return err
		}
	}
	old := dst + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(dst, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// sourceFiles lists, relative to mod, the files copySource copies.
func sourceFiles(mod string) ([]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=Dir,Module,GoFiles,CgoFiles,IgnoredGoFiles,EmbedFiles,CFiles,HFiles,SFiles,SysoFiles", "./cmd/gokernel")
	cmd.Dir = mod
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the kernel's packages: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	files := []string{"go.mod", "go.sum"}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir    string
			Module *struct{ Path string }
			GoFiles, CgoFiles, IgnoredGoFiles, EmbedFiles,
			CFiles, HFiles, SFiles, SysoFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Module == nil || p.Module.Path != modulePath {
			continue // the standard library, or a module in the module cache
		}
		rel, err := filepath.Rel(mod, p.Dir)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("package folder %s is outside the module %s", p.Dir, mod)
		}
		for _, list := range [][]string{p.GoFiles, p.CgoFiles, p.IgnoredGoFiles, p.EmbedFiles, p.CFiles, p.HFiles, p.SFiles, p.SysoFiles} {
			for _, f := range list {
				if !strings.HasSuffix(f, "_test.go") {
					files = append(files, filepath.Join(rel, f))
				}
			}
		}
	}
	return files, nil
}

// copyFile copies a regular file, readable by every account (the
// kernelspec serves all of a server's users).
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
