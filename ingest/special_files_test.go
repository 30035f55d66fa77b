//go:build unix

package ingest

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead_specialFilesAreRefusedNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "a-pipe.jsonl"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "b-pipe.txt"), 0o644))
	writeFile(t, dir, "c-good.txt", "Good.")

	arts, errs := collect(t, []string{dir, filepath.Join(dir, "b-pipe.txt")}, Options{})
	require.Len(t, errs, 3)
	for i, name := range []string{"a-pipe.jsonl", "b-pipe.txt", "b-pipe.txt"} {
		assert.ErrorIs(t, errs[i], errNotRegular)
		assert.Equal(t, filepath.Join(dir, name)+": not a regular file (named pipe)", errs[i].Error())
	}
	require.Len(t, arts, 1)
	assert.Equal(t, "c-good", arts[0].SourceID)
}

func TestRead_fileRemovedDuringTheWalk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", "First.")
	gone := writeFile(t, dir, "b.jsonl", `{"id": "b", "maintext": "Second."}`+"\n")
	writeFile(t, dir, "c.txt", "Third.")

	var ids, msgs []string
	for a, err := range Read(context.Background(), []string{dir}, Options{}) {
		if err != nil {
			msgs = append(msgs, err.Error())
			continue
		}
		ids = append(ids, a.SourceID)
		if a.SourceID == "a" {
			require.NoError(t, os.Remove(gone))
		}
	}
	assert.Equal(t, []string{"a", "c"}, ids)
	assert.Equal(t, []string{gone + ": open: no such file or directory"}, msgs)
}
