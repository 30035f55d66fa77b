package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mountTmpfs mounts a tmpfs of the given size on a new folder and unmounts
// it when the test ends. It skips the test where mounting is not allowed
// (not root, or no CAP_SYS_ADMIN in a container).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	require.NoError(t, os.Mkdir(dir, 0o755))
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// ingestCorpus stores articles first to last-1 in a new database at dbPath.
func ingestCorpus(t *testing.T, dbPath string, first, last int) {
	t.Helper()
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	writeCorpus(t, corpus, first, last)
	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", corpus)
	require.Equal(t, exitOK, res.code, res.stderr)
}

// moreArticles writes a corpus the database does not hold yet.
func moreArticles(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "more.jsonl")
	writeCorpus(t, p, 500, 530)
	return p
}

// TestIngest_readOnlyDatabaseFile makes the database file unwritable: mode
// 0444, or for root, who writes whatever the mode, the immutable attribute.
// Ingest fails saying so and changes nothing; reading still works.
func TestIngest_readOnlyDatabaseFile(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "ro.db")
	ingestCorpus(t, dbPath, 0, 20)
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", dbPath).CombinedOutput(); err != nil {
			t.Skipf("root ignores file modes, and chattr +i failed: %v %s", err, out)
		}
		t.Cleanup(func() { _ = exec.Command("chattr", "-i", dbPath).Run() })
	} else {
		require.NoError(t, os.Chmod(dbPath, 0o444))
	}
	before, sum := dumpDatabase(t, dbPath, false), fileSum(t, dbPath)

	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", moreArticles(t))
	assertOneError(t, res, dbPath, "database is read-only")
	assert.Equal(t, before, dumpDatabase(t, dbPath, false))
	assert.Equal(t, sum, fileSum(t, dbPath))

	res = execCLI(t, "export", "--db", dbPath, "--table", "articles")
	assert.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, 20, strings.Count(res.stdout, "\n"))
}

// TestIngest_readOnlyFileSystem remounts the database's file system
// read-only. SQLite cannot open a WAL database there at all (it needs to
// create the -shm file), so ingest fails at once, naming the cause.
func TestIngest_readOnlyFileSystem(t *testing.T) {
	mnt := mountTmpfs(t, "8m")
	dbPath := filepath.Join(mnt, "ro.db")
	ingestCorpus(t, dbPath, 0, 20)
	require.NoError(t, syscall.Mount("", mnt, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""))
	before, sum := dumpDatabase(t, dbPath, true), fileSum(t, dbPath)

	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", moreArticles(t))
	assertOneError(t, res, dbPath, "read-only file system")
	assert.Equal(t, before, dumpDatabase(t, dbPath, true))
	assert.Equal(t, sum, fileSum(t, dbPath))

	// The commands that only read still work there.
	res = execCLI(t, "export", "--db", dbPath, "--table", "articles")
	assert.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, 20, strings.Count(res.stdout, "\n"))
	res = execCLI(t, "events", "--db", dbPath)
	assert.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "EVENT")
}

// TestIngest_diskFull fills the database's file system so that the first
// batch of a run cannot be written: ingest fails saying the disk is full,
// stores nothing, and stores everything once there is room again.
func TestIngest_diskFull(t *testing.T) {
	mnt := mountTmpfs(t, "4m")
	dbPath := filepath.Join(mnt, "full.db")
	ingestCorpus(t, dbPath, 0, 20)
	before, sum := dumpCopy(t, dbPath), fileSum(t, dbPath)

	big := filepath.Join(t.TempDir(), "big.txt")
	require.NoError(t, os.WriteFile(big, []byte(strings.Repeat(newsSentence, 1<<20/len(newsSentence))), 0o644))
	more := moreArticles(t)

	// No room at all: not even to open the database.
	filler := filepath.Join(mnt, "filler")
	fillDisk(t, filler)
	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", big, more)
	assertOneError(t, res, "open database "+dbPath, "disk full")
	assert.Equal(t, before, dumpCopy(t, dbPath))
	assert.Equal(t, sum, fileSum(t, dbPath))

	// Room to open the database (its 32 KiB -shm file) but not for the
	// first article, 1 MB of text.
	require.NoError(t, os.Truncate(filler, fileSize(t, filler)-256<<10))
	res = execCLI(t, "ingest", "--db", dbPath, "--quiet", big, more)
	assertOneError(t, res, dbPath, "disk full")
	assert.Equal(t, before, dumpCopy(t, dbPath))
	assert.Equal(t, sum, fileSum(t, dbPath))

	require.NoError(t, os.Remove(filler))
	checkDatabase(t, dbPath)
	res = execCLI(t, "ingest", "--db", dbPath, "--quiet", big, more)
	assert.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, 20+1+30, checkDatabase(t, dbPath)["articles"])
}

// dumpCopy dumps a copy of the database at path and of its WAL, so as to
// create no -shm file beside it: on a full disk there is no room for one.
func dumpCopy(t *testing.T, path string) string {
	t.Helper()
	dir := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "copy.db"+suffix), data, 0o644))
	}
	return dumpDatabase(t, filepath.Join(dir, "copy.db"), false)
}

// fillDisk writes path until its file system has no room left.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	for _, size := range []int{64 << 10, 4 << 10, 1} {
		chunk := make([]byte, size)
		for {
			_, err := f.Write(chunk)
			if err != nil {
				require.True(t, errors.Is(err, syscall.ENOSPC), "filling the disk: %v", err)
				break
			}
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.Size()
}
