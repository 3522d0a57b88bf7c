package export

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// atomicFile is a file written under a temporary name in its final
// directory and renamed into place by Commit, so readers never see half a
// file: an error or an interrupt leaves the old file (or none).
type atomicFile struct {
	*os.File
	path string
	done bool
}

// createAtomic opens a temporary file next to path.
func createAtomic(path string) (*atomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export: creating %s: %w", path, err)
	}
	return &atomicFile{File: f, path: path}, nil
}

// Commit flushes the file to disk and renames it to its final name.
func (f *atomicFile) Commit() error {
	if f.done {
		return errors.New("export: file already committed or aborted")
	}
	f.done = true
	err := f.File.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.File.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.File.Name())
		return fmt.Errorf("export: writing %s: %w", f.path, err)
	}
	return nil
}

// Abort removes the temporary file; it does nothing after Commit.
func (f *atomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}

// writeFileAtomic writes data to path through a temporary file.
func writeFileAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("export: writing %s: %w", path, err)
	}
	return f.Commit()
}
