package buildcache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// WorkDir is a folder of Root()/run that a process owns for its life: it
// holds a lock on the folder's lock file, which ends with the process
// however it ends, so that a later process knows the folder is stale.
type WorkDir struct {
	Path string
	lock *os.File
}

// lockName is the lock file of a work folder.
const lockName = ".lock"

// RunDir is the folder of the work folders, Root()/run.
func RunDir() (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "run"), nil
}

// NewWorkDir removes the stale work folders of Root()/run, then makes
// and locks a new one, named prefix, the process id and a random tail.
func NewWorkDir(prefix string) (*WorkDir, error) {
	run, err := RunDir()
	if err != nil {
		return nil, err
	}
	return newWorkDirIn(run, prefix)
}

func newWorkDirIn(run, prefix string) (*WorkDir, error) {
	if err := os.MkdirAll(run, 0o700); err != nil {
		return nil, err
	}
	RemoveStale(run)
	dir, err := os.MkdirTemp(run, fmt.Sprintf("%s%d-", prefix, os.Getpid()))
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err == nil && !tryLock(f) {
		f.Close()
		err = errors.New("cannot lock " + f.Name())
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return &WorkDir{Path: dir, lock: f}, nil
}

// Remove removes the folder and frees it.
func (w *WorkDir) Remove() error {
	if w == nil || w.lock == nil {
		return nil
	}
	err := removeAll(w.Path)
	unlock(w.lock)
	w.lock.Close()
	w.lock = nil
	return err
}

// removeAll is os.RemoveAll, tried again a moment later: a build killed
// with its engine may still be writing into the folder.
func removeAll(dir string) error {
	err := os.RemoveAll(dir)
	for i := 0; err != nil && i < 5; i++ {
		time.Sleep(50 * time.Millisecond)
		err = os.RemoveAll(dir)
	}
	return err
}

// RemoveAll removes a folder inside a work folder (an engine's, once it
// has ended), trying again while a dying build still writes into it.
func RemoveAll(dir string) error { return removeAll(dir) }

// staleAge is how old a folder with no lock file must be to be stale: a
// process makes its folder, then its lock file, a moment later.
const staleAge = time.Minute

// RemoveStale removes the work folders of run whose owner has ended.
func RemoveStale(run string) {
	if !lockable {
		return // a live owner could not be told from a dead one
	}
	entries, _ := os.ReadDir(run)
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(run, e.Name())
		f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
		if err != nil {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAge {
				_ = os.RemoveAll(dir)
			}
			continue
		}
		if tryLock(f) {
			_ = os.RemoveAll(dir)
			unlock(f)
		}
		f.Close()
	}
}
