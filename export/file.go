package export

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// tempTries is how many random names createTemp and mkdirTemp try.
const tempTries = 1000

// createTemp creates a new file named prefix+random in dir with the mode
// os.Create gives (0666 less the umask), unlike os.CreateTemp's 0600: the
// file is renamed into place and is the user's output, readable as any
// file they write.
func createTemp(dir, prefix string) (*os.File, error) {
	for range tempTries {
		f, err := os.OpenFile(filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)),
			os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, os.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no unused temporary name in %s", dir)
}

// mkdirTemp creates a new directory named prefix+random in dir with the
// mode os.Mkdir(…, 0777) gives (less the umask), unlike os.MkdirTemp's
// 0700, and returns its path.
func mkdirTemp(dir, prefix string) (string, error) {
	for range tempTries {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		err := os.Mkdir(name, 0o777)
		if !errors.Is(err, os.ErrExist) {
			return name, err
		}
	}
	return "", fmt.Errorf("no unused temporary name in %s", dir)
}

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
	f, err := createTemp(dir, "."+base+".tmp-")
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
