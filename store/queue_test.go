package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDB_Enqueue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		n, err := db.Enqueue(ctx, "2024-03-15", "a.jsonl", "b.jsonl")
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		n, err = db.Enqueue(ctx, "", "b.jsonl", "c.jsonl")
		require.NoError(t, err)
		assert.Equal(t, 1, n, "an input already queued is not queued again")
		s, err := db.Queue(ctx)
		require.NoError(t, err)
		assert.Equal(t, QueueStatus{Pending: 3}, s)

		j, ok, err := db.ClaimJob(ctx, "w1", time.Minute, 3)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, Job{ID: j.ID, Input: "a.jsonl", Published: "2024-03-15", Attempts: 1}, j)
		s, err = db.Queue(ctx)
		require.NoError(t, err)
		assert.Equal(t, QueueStatus{Pending: 2, Running: 1}, s)
	})
}

// TestDB_ClaimConcurrently has several workers drain one queue at once:
// every job is claimed by exactly one of them.
func TestDB_ClaimConcurrently(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		var inputs []string
		for i := range 40 {
			inputs = append(inputs, fmt.Sprintf("in-%02d", i))
		}
		_, err := db.Enqueue(ctx, "", inputs...)
		require.NoError(t, err)
		var mu sync.Mutex
		claimed := map[string]int{}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for w := range errs {
			db := mustOpenSame(t, db) // a handle per worker, as separate processes have
			wg.Go(func() {
				for {
					j, ok, err := db.ClaimJob(ctx, fmt.Sprintf("w%d", w), time.Minute, 3)
					if err != nil || !ok {
						errs[w] = err
						return
					}
					mu.Lock()
					claimed[j.Input]++
					mu.Unlock()
					if err := db.FinishJob(ctx, j.ID, nil, 3); err != nil {
						errs[w] = err
						return
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		assert.Len(t, claimed, len(inputs))
		for in, n := range claimed {
			assert.Equal(t, 1, n, in)
		}
		s, err := db.Queue(ctx)
		require.NoError(t, err)
		assert.Equal(t, QueueStatus{Done: len(inputs)}, s)
	})
}

// TestDB_ClaimAfterLeaseRunsOut gives a dead worker's job to the next
// worker once its lease runs out, and parks it once that happened
// maxAttempts times.
func TestDB_ClaimAfterLeaseRunsOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		_, err := db.Enqueue(ctx, "", "big.warc")
		require.NoError(t, err)
		const lease = 150 * time.Millisecond
		j1, ok, err := db.ClaimJob(ctx, "dead", lease, 2)
		require.NoError(t, err)
		require.True(t, ok)
		_, ok, err = db.ClaimJob(ctx, "w2", lease, 2)
		require.NoError(t, err)
		assert.False(t, ok, "a leased job is not handed out")

		time.Sleep(2 * lease)
		s, err := db.Queue(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, s.Expired)
		require.ErrorIs(t, db.RenewLease(ctx, j1.ID, "w2", lease), ErrLeaseLost, "only the holder renews")
		j2, ok, err := db.ClaimJob(ctx, "w2", lease, 2)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, Job{ID: j1.ID, Input: "big.warc", Attempts: 2}, j2)
		require.ErrorIs(t, db.RenewLease(ctx, j1.ID, "dead", lease), ErrLeaseLost)
		require.NoError(t, db.RenewLease(ctx, j1.ID, "w2", lease))

		time.Sleep(2 * lease)
		_, ok, err = db.ClaimJob(ctx, "w3", lease, 2)
		require.NoError(t, err)
		assert.False(t, ok, "lost twice with max 2 attempts: parked")
		s, err = db.Queue(ctx)
		require.NoError(t, err)
		require.Len(t, s.Parked, 1)
		assert.Equal(t, 1, s.Failed)
		assert.Contains(t, s.Parked[0].Error, "stopped without finishing 2 times")
	})
}

// TestDB_FinishJob retries a failing job until maxAttempts, then parks it
// with its error.
func TestDB_FinishJob(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		_, err := db.Enqueue(ctx, "", "broken.jsonl", "fine.jsonl")
		require.NoError(t, err)
		for attempt := 1; attempt <= 2; attempt++ {
			j, ok, err := db.ClaimJob(ctx, "w", time.Minute, 2)
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, "broken.jsonl", j.Input, "a failed job goes back to the head of the queue")
			require.Equal(t, attempt, j.Attempts)
			require.NoError(t, db.FinishJob(ctx, j.ID, errors.New("broken.jsonl:3:1: unexpected end of JSON input"), 2))
		}
		j, ok, err := db.ClaimJob(ctx, "w", time.Minute, 2)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, "fine.jsonl", j.Input)
		require.NoError(t, db.ReleaseJob(ctx, j.ID))
		s, err := db.Queue(ctx)
		require.NoError(t, err)
		assert.Equal(t, QueueStatus{Pending: 1, Failed: 1, Parked: []ParkedJob{
			{Input: "broken.jsonl", Attempts: 2, Error: "broken.jsonl:3:1: unexpected end of JSON input"}}}, s)
		j, ok, err = db.ClaimJob(ctx, "w", time.Minute, 2)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, 1, j.Attempts, "a released job's attempt does not count")
	})
}
