//go:build unix

package main

import (
	"bytes"
	"database/sql"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIngest_survivesSIGKILL kills ingest at random moments, checking after
// each kill that every article is stored whole or not at all, then runs it
// to the end and compares the database with a clean run's. Set
// NEWSFACTS_CRASH_SEED to replay a logged seed.
func TestIngest_survivesSIGKILL(t *testing.T) {
	bin, dir, inputs := processFixture(t)
	ingest := func(dbPath string, workers int) *exec.Cmd {
		args := append([]string{"ingest", "--db", dbPath, "--quiet", "--workers", strconv.Itoa(workers)}, inputs...)
		cmd := exec.Command(bin, args...)
		cmd.Stderr = new(bytes.Buffer)
		return cmd
	}

	cleanDB := filepath.Join(dir, "clean.db")
	clean := ingest(cleanDB, 2)
	require.NoError(t, clean.Run(), "clean run: %s", clean.Stderr)
	want := checkDatabase(t, cleanDB)
	require.Equal(t, 400, want["articles"])
	wantShapes := articleShapes(t, cleanDB)

	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("NEWSFACTS_CRASH_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("NEWSFACTS_CRASH_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	// Kill when the run has stored a random number of articles more, plus
	// a random moment: between transactions and inside them alike. Round 0
	// dies at start-up, maybe while creating the database.
	crashDB := filepath.Join(dir, "crash.db")
	stored := 0
	for round := range 8 {
		cmd := ingest(crashDB, 1+rng.IntN(3))
		require.NoError(t, cmd.Start())
		var err error
		exited := make(chan struct{})
		go func() { err = cmd.Wait(); close(exited) }()
		target := stored + 1 + rng.IntN((want["articles"]-stored+1)/2)
		if round == 0 {
			target = 0
			time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		} else {
			waitForArticles(t, crashDB, target, exited)
			time.Sleep(time.Duration(rng.IntN(10_000)) * time.Microsecond)
		}
		_ = cmd.Process.Signal(os.Kill)
		<-exited
		if _, serr := os.Stat(crashDB); errors.Is(serr, fs.ErrNotExist) {
			t.Logf("round %d: %v before the database was created", round, err)
			continue
		}
		counts := checkDatabase(t, crashDB)
		stored = counts["articles"]
		for id, shape := range articleShapes(t, crashDB) {
			require.Equal(t, wantShapes[id], shape, "article %s after round %d", id, round)
		}
		t.Logf("round %d: %v after %d articles; %d stored", round, err, target, stored)
		assert.LessOrEqual(t, stored, want["articles"])
		if stored == want["articles"] {
			break
		}
	}

	final := ingest(crashDB, 2)
	require.NoError(t, final.Run(), "final run: %s", final.Stderr)
	assert.Equal(t, want, checkDatabase(t, crashDB))
	assert.Equal(t, wantShapes, articleShapes(t, crashDB))
}

// waitForArticles returns once the database at path holds n articles, or
// the process has exited.
func waitForArticles(t *testing.T, path string, n int, exited <-chan struct{}) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	for {
		var got int
		if err := db.QueryRow(`SELECT count(*) FROM articles`).Scan(&got); err == nil && got >= n {
			return
		}
		select {
		case <-exited:
			return
		case <-time.After(2 * time.Millisecond):
		}
	}
}
