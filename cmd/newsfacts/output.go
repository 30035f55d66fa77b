package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// outFile is where "export --out" writes. A regular file (or a new one) is
// written beside the target and renamed over it on success, so a failed
// export never leaves half a feed behind. Anything else that already exists
// (a named pipe, a terminal, /dev/null) is written through in place: renaming
// over it would replace the device or pipe with a plain file.
type outFile struct {
	*os.File
	target string // the file to rename onto, or "" when writing in place
}

// createOut opens path for an export. A symlink is followed to the file it
// names, which is then treated like path itself; a symlink to nowhere and a
// folder are refused. New files get mode 0666 less the umask, as the shell's
// "> FILE" would; a replaced regular file keeps its mode.
func createOut(path string) (*outFile, error) {
	target := path
	info, err := os.Lstat(path)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return nil, fmt.Errorf("--out %s: a symbolic link to a file that cannot be reached: %w", path, err)
		}
		info, err = os.Stat(target)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createBeside(target, 0o666)
	case err != nil:
		return nil, fmt.Errorf("--out %s: %w", path, err)
	case info.IsDir():
		return nil, fmt.Errorf("--out %s: is a folder, not a file", path)
	case info.Mode().IsRegular():
		o, err := createBeside(target, info.Mode().Perm())
		if err == nil {
			err = o.Chmod(info.Mode().Perm()) // the umask may have narrowed it
		}
		if err != nil {
			if o != nil {
				o.abort()
			}
			return nil, fmt.Errorf("--out %s: %w", path, err)
		}
		return o, nil
	}
	// A pipe, device or socket: write to it, never replace it.
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", path, err)
	}
	return &outFile{File: f}, nil
}

// createBeside creates a temporary file in target's folder. Creating it with
// perm through open(2) lets the kernel apply the umask, which os.CreateTemp
// (always 0600) would not.
func createBeside(target string, perm fs.FileMode) (*outFile, error) {
	var suffix [8]byte
	_, _ = rand.Read(suffix[:])
	name := filepath.Join(filepath.Dir(target), ".newsfacts-export-"+hex.EncodeToString(suffix[:]))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", target, err)
	}
	return &outFile{File: f, target: target}, nil
}

// commit closes the file and, for a regular file, renames it into place.
func (o *outFile) commit() error {
	if err := o.File.Close(); err != nil {
		return err
	}
	if o.target == "" {
		return nil
	}
	return os.Rename(o.Name(), o.target)
}

// abort closes the file and removes a temporary one; after commit it does
// nothing.
func (o *outFile) abort() {
	_ = o.File.Close()
	if o.target != "" {
		_ = os.Remove(o.Name())
	}
}
