package main

import (
	"errors"
	"io"
	"os"
)

// rewriteSmall writes the file at path again, as a new file, in 4 KiB
// writes, and removes the original. Linux keeps a file's data in the page
// cache in folios as large as the writes that made it (the linker's are
// large), and maps a large folio whole when a process touches one byte of
// it: every kernel and engine would then show most of the 38 MB binary as
// resident (package kernel/textpages says more). Written in pages, the
// binary is mapped page by page (35 MB idle instead of 41-54 MB, measured).
func rewriteSmall(path, dst string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	buf := make([]byte, 4096)
	// The wrappers hide ReadFrom and WriteTo: copy_file_range would let
	// the file system copy in large pieces again.
	_, err = io.CopyBuffer(struct{ io.Writer }{out}, struct{ io.Reader }{in}, buf)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(err, os.Remove(dst))
	}
	return os.Remove(path)
}
