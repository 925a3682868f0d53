package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestRewriteSmall(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "gokernel.new"), filepath.Join(dir, "gokernel.small")
	want := bytes.Repeat([]byte("0123456789abcdef"), 70_000) // not a multiple of 4 KiB
	if err := os.WriteFile(src, want, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := rewriteSmall(src, dst); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dst)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("rewritten file differs (%d bytes, want %d): %v", len(got), len(want), err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("rewritten file is not executable: %v %v", fi.Mode(), err)
	}
	if _, err := os.Stat(src); !os.IsNotExist(err) {
		t.Errorf("the original is still there: %v", err)
	}
	if err := rewriteSmall(filepath.Join(dir, "missing"), dst+"2"); err == nil {
		t.Error("rewriting a missing file did not fail")
	}
}
