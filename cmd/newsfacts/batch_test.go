package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// extractedJobs returns n finished jobs, in input order, each an article
// with one event.
func extractedJobs(t *testing.T, n int) []*job {
	t.Helper()
	x, err := extract.New(extract.Options{})
	require.NoError(t, err)
	jobs := make([]*job, n)
	for i := range jobs {
		a := ingest.Article{SourceID: fmt.Sprintf("b-%d", i), Input: "test", Format: "txt",
			Text: fmt.Sprintf("Report %d. ", i) + eventSentence}
		r, err := x.Extract(t.Context(), a)
		require.NoError(t, err)
		jobs[i] = &job{seq: i, article: a, result: r}
	}
	return jobs
}

// TestWriteInOrder_commitsFullBatches: articles that arrive one at a time
// (the extractors never have two ready at once) are still saved in full
// batches, not one commit each: a durable database flushes its log at
// every commit.
func TestWriteInOrder_commitsFullBatches(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "batch.db"))
	require.NoError(t, err)
	defer db.Close()
	jobs := extractedJobs(t, 2*batchSize+1)

	done := make(chan *job) // unbuffered: nothing is ever waiting
	st := &ingestStats{start: time.Now()}
	errc := make(chan error, 1)
	go func() {
		errc <- writeInOrder(t.Context(), db, done, time.Hour, st, newProgress(io.Discard, false), io.Discard)
	}()
	for _, j := range jobs {
		done <- j
	}
	close(done)
	require.NoError(t, <-errc)

	assert.Equal(t, []int{batchSize, batchSize, 1}, st.commits)
	assert.Equal(t, len(jobs), st.new)
	counts, err := db.TableCounts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, len(jobs), counts["articles"])
}

// TestWriteInOrder_savesWithinDelay: an article whose batch does not fill
// (a slow input) is saved once it has waited the delay, while the run goes
// on.
func TestWriteInOrder_savesWithinDelay(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "delay.db"))
	require.NoError(t, err)
	defer db.Close()
	jobs := extractedJobs(t, 2)

	done := make(chan *job)
	st := &ingestStats{start: time.Now()}
	errc := make(chan error, 1)
	go func() {
		errc <- writeInOrder(t.Context(), db, done, 50*time.Millisecond, st, newProgress(io.Discard, false), io.Discard)
	}()
	stored := func(want int) func() bool {
		return func() bool {
			counts, err := db.TableCounts(t.Context())
			return err == nil && counts["articles"] == want
		}
	}
	done <- jobs[0]
	require.Eventually(t, stored(1), 10*time.Second, 10*time.Millisecond, "the first article is saved while the run waits for the next")
	done <- jobs[1]
	require.Eventually(t, stored(2), 10*time.Second, 10*time.Millisecond, "and so is the second")
	close(done)
	require.NoError(t, <-errc)
	assert.Equal(t, []int{1, 1}, st.commits)
}

// TestPrintCommits: the debug line counts the commits and their sizes.
func TestPrintCommits(t *testing.T) {
	tests := []struct {
		name    string
		commits []int
		want    string
	}{
		{"none", nil, "commits: none\n"},
		{"mixed", []int{64, 1, 64, 3}, "commits: 4 of 132 articles; articles per commit: mean 33.0, median 64, max 64; 1 of one article\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			printCommits(&b, tt.commits)
			assert.Equal(t, tt.want, b.String())
		})
	}
}
