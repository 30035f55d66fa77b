//go:build unix

package main

import (
	"encoding/csv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventSentence states one repatriation event.
const eventSentence = "Kazakhstan repatriated 10 women and 26 children from camps in north-eastern Syria on Monday, the foreign ministry said.\n"

// smallDB ingests one article whose first line (its title) is a spreadsheet
// formula, and returns the database path.
func smallDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "formula.txt")
	require.NoError(t, os.WriteFile(in, []byte("=HYPERLINK(\"http://evil.example\",\"click\")\n\n"+eventSentence), 0o644))
	db := filepath.Join(dir, "small.db")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", "--published", "2024-03-15", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	require.Contains(t, res.stderr, "events found 1", res.stderr)
	return db
}

// currentUmask reads the process umask (setting it back at once).
func currentUmask() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}

// TestExport_outTargets: export --out writes through pipes and devices,
// follows symlinks, replaces only regular files, and honours the umask.
func TestExport_outTargets(t *testing.T) {
	db := smallDB(t)
	t.Run("new file honours the umask", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "new.jsonl")
		res := execCLI(t, "export", "--db", db, "--out", out)
		require.Equal(t, exitOK, res.code, res.stderr)
		info, err := os.Stat(out)
		require.NoError(t, err)
		assert.Equal(t, 0o666&^currentUmask(), info.Mode().Perm())
	})
	t.Run("regular file keeps its mode", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "old.jsonl")
		require.NoError(t, os.WriteFile(out, []byte("old\n"), 0o640))
		require.NoError(t, os.Chmod(out, 0o640))
		res := execCLI(t, "export", "--db", db, "--out", out)
		require.Equal(t, exitOK, res.code, res.stderr)
		info, err := os.Stat(out)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o640), info.Mode().Perm())
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"event_id"`)
	})
	t.Run("symlink is followed, not replaced", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "real.jsonl")
		require.NoError(t, os.WriteFile(target, nil, 0o644))
		link := filepath.Join(dir, "link.jsonl")
		require.NoError(t, os.Symlink("real.jsonl", link))
		res := execCLI(t, "export", "--db", db, "--out", link)
		require.Equal(t, exitOK, res.code, res.stderr)
		info, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, info.Mode()&fs.ModeSymlink, "still a symlink")
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.Contains(t, string(data), `"event_id"`)
	})
	t.Run("dangling symlink is refused", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "dangling.jsonl")
		require.NoError(t, os.Symlink("/nonexistent/dir/x.jsonl", link))
		res := execCLI(t, "export", "--db", db, "--out", link)
		assert.Equal(t, exitUsage, res.code)
		assert.Contains(t, res.stderr, "symbolic link")
	})
	t.Run("folder is refused", func(t *testing.T) {
		dir := t.TempDir()
		res := execCLI(t, "export", "--db", db, "--out", dir)
		assert.Equal(t, exitUsage, res.code)
		assert.Contains(t, res.stderr, "is a folder")
	})
	t.Run("device is written through", func(t *testing.T) {
		// A private copy of /dev/null: run as root, a regression would
		// otherwise replace the system's own.
		null := filepath.Join(t.TempDir(), "null")
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			t.Skipf("cannot make a device node here: %v", err)
		}
		res := execCLI(t, "export", "--db", db, "--out", null)
		require.Equal(t, exitOK, res.code, res.stderr)
		info, err := os.Stat(null)
		require.NoError(t, err)
		assert.NotZero(t, info.Mode()&fs.ModeCharDevice, "still a device")
	})
	t.Run("named pipe is written through", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "feed.fifo")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		got := make(chan string, 1)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- err.Error()
				return
			}
			defer f.Close()
			data, _ := io.ReadAll(f)
			got <- string(data)
		}()
		res := execCLI(t, "export", "--db", db, "--out", fifo)
		require.Equal(t, exitOK, res.code, res.stderr)
		info, err := os.Lstat(fifo)
		require.NoError(t, err)
		// Checked before reading: a replaced pipe would leave the reader
		// waiting for ever.
		require.NotZero(t, info.Mode()&fs.ModeNamedPipe, "still a named pipe")
		assert.Contains(t, <-got, `"event_id"`)
	})
}

// TestExport_csvNeutralisesFormulas: a cell a spreadsheet would run as a
// formula is exported with a leading apostrophe (OWASP's advice).
func TestExport_csvNeutralisesFormulas(t *testing.T) {
	db := smallDB(t)
	for _, table := range []string{"events", "articles"} {
		t.Run(table, func(t *testing.T) {
			res := execCLI(t, "export", "--db", db, "--format", "csv", "--table", table)
			require.Equal(t, exitOK, res.code, res.stderr)
			rows, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
			require.NoError(t, err)
			require.Greater(t, len(rows), 1)
			title := -1
			for i, h := range rows[0] {
				if h == "title" {
					title = i
				}
			}
			require.GreaterOrEqual(t, title, 0)
			for _, row := range rows[1:] {
				assert.Equal(t, `'=HYPERLINK("http://evil.example","click")`, row[title])
				for _, cell := range row {
					if cell != "" {
						assert.NotContains(t, "=+-@\t\r", cell[:1], "cell %q", cell)
					}
				}
			}
		})
	}
}

// TestIngest_sameNameFilesAreKeptApart: files that share a name are stored
// as separate articles, and a re-run finds them unchanged.
func TestIngest_sameNameFilesAreKeptApart(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"d1/story.txt", "d2/story.txt", "d2/story.html"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755))
		body := "Story " + f + "\n\n" + eventSentence
		if strings.HasSuffix(f, ".html") {
			body = "<html><body><article><h1>Story " + f + "</h1><p>" + eventSentence + "</p></article></body></html>"
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644))
	}
	db := filepath.Join(dir, "same.db")
	args := []string{"ingest", "--db", db, "--no-ner", "--quiet", filepath.Join(dir, "d1"), filepath.Join(dir, "d2")}
	res := execCLI(t, args...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "read 3, new 3")
	assert.Len(t, storedArticles(t, db), 3)
	res = execCLI(t, args...)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "read 3, new 0, unchanged 3, updated 0")
}
