package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
	"github.com/newsfacts/newsfacts/store/pgtest"
)

// devCorpus is the development corpus, outside the repository.
const devCorpus = "../../../shared/corpus/articles.jsonl"

// splitCorpus writes the development corpus as files of per articles each
// into a new folder and returns it, skipping the test where the corpus is
// absent.
func splitCorpus(t *testing.T, per int) string {
	t.Helper()
	f, err := os.Open(devCorpus)
	if err != nil {
		t.Skipf("development corpus absent: %v", err)
	}
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.Mkdir(dir, 0o755))
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	var lines []string
	flush := func() {
		if len(lines) == 0 {
			return
		}
		name := filepath.Join(dir, fmt.Sprintf("part-%03d.jsonl", len(must(os.ReadDir(dir)))))
		require.NoError(t, os.WriteFile(name, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
		lines = lines[:0]
	}
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) == per {
			flush()
		}
	}
	require.NoError(t, sc.Err())
	flush()
	return dir
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestWork_scaleOut runs three "work" processes on one PostgreSQL queue of
// the development corpus split into many files, SIGKILLs one mid-run and
// starts it again: every article is stored once and the export equals that
// of one SQLite ingest of the same files.
func TestWork_scaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills processes")
	}
	in := splitCorpus(t, 4)
	files := len(must(os.ReadDir(in)))
	pg := pgtest.Database(t)
	bin := buildCLI(t)

	ref := filepath.Join(t.TempDir(), "ref.db")
	r := execCLI(t, "ingest", "--db", ref, "--quiet", in)
	require.Equal(t, exitOK, r.code, r.stderr)

	r = execCLI(t, "queue", "add", "--db", pg, in)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, fmt.Sprintf("queued %d new jobs", files))

	type proc struct {
		cmd    *exec.Cmd
		stderr *bytes.Buffer
		done   chan error
	}
	start := func() *proc {
		p := &proc{stderr: new(bytes.Buffer), done: make(chan error, 1)}
		p.cmd = exec.Command(bin, "work", "--db", pg, "--workers", "1", "--lease", "2s", "--poll", "200ms")
		p.cmd.Stderr = p.stderr
		require.NoError(t, p.cmd.Start())
		go func() { p.done <- p.cmd.Wait() }()
		return p
	}
	procs := []*proc{start(), start(), start()}

	// Kill the first worker once a few jobs are done: it is holding a job
	// then, maybe inside a transaction.
	ctx := context.Background()
	db, err := store.Open(ctx, pg)
	require.NoError(t, err)
	defer db.Close()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		s, err := db.Queue(ctx)
		require.NoError(t, err)
		if s.Done >= 3 {
			t.Logf("killing a worker at %+v", s)
			break
		}
		require.True(t, time.Now().Before(deadline), "no progress: %+v", s)
		time.Sleep(50 * time.Millisecond)
	}
	require.NoError(t, procs[0].cmd.Process.Signal(syscall.SIGKILL))
	<-procs[0].done
	procs[0] = start()

	for i, p := range procs {
		select {
		case err := <-p.done:
			require.NoError(t, err, "worker %d: %s", i, p.stderr)
		case <-time.After(5 * time.Minute):
			t.Fatalf("worker %d did not finish: %s", i, p.stderr)
		}
	}
	s, err := db.Queue(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.QueueStatus{Done: files}, s)

	refDB, err := store.Open(ctx, ref)
	require.NoError(t, err)
	defer refDB.Close()
	want, err := refDB.TableCounts(ctx)
	require.NoError(t, err)
	got, err := db.TableCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, want, got, "every article stored once")

	var wantExport, gotExport bytes.Buffer
	_, err = refDB.ExportEvents(ctx, &wantExport, store.FormatJSONL, store.Filter{})
	require.NoError(t, err)
	_, err = db.ExportEvents(ctx, &gotExport, store.FormatJSONL, store.Filter{})
	require.NoError(t, err)
	require.NotZero(t, wantExport.Len())
	assert.Equal(t, wantExport.String(), gotExport.String())
}
