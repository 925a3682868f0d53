package buildcache

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// store is one cache folder. Its layout is the go command's own: an entry
// is a small file XX/<action>-a ("<output> <size>") and the body a file
// XX/<output>-d, XX the first byte of the id in hex.
type store struct {
	dir string
	// shared: the folder is written for every user (files 0644, folders
	// 0755, whatever the umask), and never trimmed.
	shared bool
}

func (s *store) path(id []byte, kind string) string {
	h := hex.EncodeToString(id)
	if len(h) < 2 {
		h = "00" + h
	}
	return filepath.Join(s.dir, h[:2], h+kind)
}

// get returns the output id, size and body path of action a, if the
// folder holds them.
func (s *store) get(a []byte) (out []byte, size int64, body string, ok bool) {
	b, err := os.ReadFile(s.path(a, "-a"))
	if err != nil {
		return nil, 0, "", false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return nil, 0, "", false
	}
	out, err = hex.DecodeString(f[0])
	if err != nil || len(out) == 0 {
		return nil, 0, "", false
	}
	size, err = strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return nil, 0, "", false
	}
	body = s.path(out, "-d")
	if st, err := os.Stat(body); err != nil || st.Size() != size {
		return nil, 0, "", false
	}
	if !s.shared {
		// The user's folder is trimmed least recently used first.
		now := time.Now()
		_ = os.Chtimes(body, now, now)
		_ = os.Chtimes(s.path(a, "-a"), now, now)
	}
	return out, size, body, true
}

// put stores body as the output out of action a, and returns the body's
// path.
func (s *store) put(a, out, body []byte) (string, error) {
	dst := s.path(out, "-d")
	if st, err := os.Stat(dst); err != nil || st.Size() != int64(len(body)) {
		if err := s.write(dst, body); err != nil {
			return "", err
		}
	}
	entry := fmt.Sprintf("%x %d\n", out, len(body))
	if b, err := os.ReadFile(s.path(a, "-a")); err != nil || !bytes.Equal(b, []byte(entry)) {
		if err := s.write(s.path(a, "-a"), []byte(entry)); err != nil {
			return "", err
		}
	}
	return dst, nil
}

// write writes a file whole, through a temporary file and a rename: a go
// command reading the folder at the same time sees it whole or not at
// all.
func (s *store) write(path string, b []byte) error {
	dirMode, fileMode := fs.FileMode(0o700), fs.FileMode(0o600)
	if s.shared {
		dirMode, fileMode = 0o755, 0o644
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	if s.shared {
		if err := os.Chmod(dir, dirMode); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), fileMode)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}
