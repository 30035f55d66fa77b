package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// processFixture builds the binary and writes a corpus of 400 articles in
// three JSONL parts (120, 160 and 120 articles) into a temporary folder, for
// the tests that run newsfacts processes. They are skipped with -short.
func processFixture(t *testing.T) (bin, dir string, parts []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin = buildCLI(t)
	dir = t.TempDir()
	for i, n := range []int{120, 160, 120} {
		p := filepath.Join(dir, "part-"+strconv.Itoa(i)+".jsonl")
		writeCorpus(t, p, i*1000, i*1000+n)
		parts = append(parts, p)
	}
	return bin, dir, parts
}

// TestIngest_twoProcessesAtOnce runs two ingest processes with overlapping
// inputs against one new database at the same moment: both succeed, and
// every article is stored once, as new by exactly one of them.
func TestIngest_twoProcessesAtOnce(t *testing.T) {
	bin, dir, parts := processFixture(t)
	cleanDB := filepath.Join(dir, "clean.db")
	res := execCLI(t, append([]string{"ingest", "--db", cleanDB, "--quiet"}, parts...)...)
	require.Equal(t, exitOK, res.code, res.stderr)
	want := checkDatabase(t, cleanDB)

	for round := range 3 {
		dbPath := filepath.Join(dir, "shared-"+strconv.Itoa(round)+".db")
		inputs := [][]string{{parts[0], parts[1]}, {parts[2], parts[1]}}
		stderr := make([]bytes.Buffer, len(inputs))
		errs := make([]error, len(inputs))
		var wg sync.WaitGroup
		for i, in := range inputs {
			cmd := exec.Command(bin, append([]string{"ingest", "--db", dbPath, "--quiet", "--workers", "1"}, in...)...)
			cmd.Stderr = &stderr[i]
			wg.Go(func() { errs[i] = cmd.Run() })
		}
		wg.Wait()
		newTotal := 0
		for i := range inputs {
			require.NoError(t, errs[i], "process %d: %s", i, stderr[i].String())
			s := summary(t, stderr[i].String())
			assert.Zero(t, s[4], "failed")
			assert.Equal(t, s[0], s[1]+s[2]+s[3], "every article read is new, unchanged or updated")
			newTotal += s[1]
		}
		assert.Equal(t, want["articles"], newTotal, "each article is new to one process only")
		assert.Equal(t, want, checkDatabase(t, dbPath), "round %d", round)
	}
}

// TestIngest_whileReading exports the database in a loop while an ingest
// process writes to it: every export succeeds and sees whole articles only,
// never fewer than before, and the ingest stores everything.
func TestIngest_whileReading(t *testing.T) {
	bin, dir, parts := processFixture(t)
	dbPath := filepath.Join(dir, "shared.db")
	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", parts[0])
	require.Equal(t, exitOK, res.code, res.stderr)

	cmd := exec.Command(bin, append([]string{"ingest", "--db", dbPath, "--quiet"}, parts[1:]...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	var runErr error
	exited := make(chan struct{})
	go func() { runErr = cmd.Wait(); close(exited) }()

	seen, exports := 120, 0
	for running := true; running; {
		select {
		case <-exited:
			running = false // one more export after the end
		default:
		}
		got := storedArticles(t, dbPath)
		assert.GreaterOrEqual(t, len(got), seen, "an export saw fewer articles than the one before")
		seen = len(got)
		exports++
	}
	require.NoError(t, runErr, stderr.String())
	t.Logf("%d exports while ingesting", exports)
	assert.Equal(t, 400, seen)
	counts := checkDatabase(t, dbPath)
	assert.Equal(t, 400, counts["articles"])
}
