package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job states.
const (
	JobPending = "pending"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is one queued input claimed by a worker.
type Job struct {
	ID        int64
	Input     string // a file, a URL or a WARC file, as given to ingest
	Published string // publication date for inputs that carry none
	Attempts  int    // including this one
}

// ErrLeaseLost is returned by RenewLease when the job's lease ran out and
// another worker may have taken it.
var ErrLeaseLost = errors.New("lease lost")

// Enqueue records inputs as pending jobs and returns how many were new. An
// input already queued (in any state) is left as it is, so adding the same
// inputs again queues nothing twice.
func (db *DB) Enqueue(ctx context.Context, published string, inputs ...string) (int, error) {
	added := 0
	err := db.inTx(ctx, func(tx *tx) error {
		added = 0
		now := db.now().UTC().Format(time.RFC3339)
		for _, in := range inputs {
			res, err := tx.ExecContext(ctx, `INSERT INTO jobs (input, published, created_at, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (input) DO NOTHING`, in, published, now, now)
			if err != nil {
				return fmt.Errorf("queue %s: %w", in, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			added += int(n)
		}
		return nil
	})
	return added, err
}

// ClaimJob takes the oldest pending job, or a running one whose lease has run
// out (its worker died), for worker, leased for lease. It returns false when
// no job is claimable. A job whose lease ran out maxAttempts times is parked
// as failed instead of being handed out again. With PostgreSQL, workers
// claim concurrently without waiting on each other (FOR UPDATE SKIP LOCKED).
func (db *DB) ClaimJob(ctx context.Context, worker string, lease time.Duration, maxAttempts int) (Job, bool, error) {
	var j Job
	found := false
	now := db.e.nowMillis()
	err := db.inTx(ctx, func(tx *tx) error {
		for {
			var state string
			err := tx.QueryRowContext(ctx, `SELECT id, input, published, attempts, state FROM jobs
				WHERE state = 'pending' OR (state = 'running' AND lease_until < `+now+`)
				ORDER BY id LIMIT 1`+db.e.skipLocked()).Scan(&j.ID, &j.Input, &j.Published, &j.Attempts, &state)
			if err == sql.ErrNoRows {
				return nil
			}
			if err != nil {
				return err
			}
			stamp := db.now().UTC().Format(time.RFC3339)
			if state == JobRunning && j.Attempts >= maxAttempts {
				_, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'failed', updated_at = ?,
					error = 'its worker stopped without finishing ' || CAST(attempts AS TEXT) || ' times (lease ran out)' WHERE id = ?`, stamp, j.ID)
				if err != nil {
					return err
				}
				continue
			}
			if state == JobRunning {
				if _, err := tx.ExecContext(ctx, `UPDATE jobs SET error = 'the lease of ' || worker || ' ran out' WHERE id = ?`, j.ID); err != nil {
					return err
				}
			}
			j.Attempts++
			found = true
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'running', attempts = ?, worker = ?, lease_until = `+now+` + ?, updated_at = ?
				WHERE id = ?`, j.Attempts, worker, lease.Milliseconds(), stamp, j.ID)
			return err
		}
	})
	if err != nil {
		return Job{}, false, fmt.Errorf("claim a job: %w", err)
	}
	return j, found, nil
}

// RenewLease extends worker's lease on job id by lease. It returns
// ErrLeaseLost when the job is no longer worker's.
func (db *DB) RenewLease(ctx context.Context, id int64, worker string, lease time.Duration) error {
	res, err := db.w.ExecContext(ctx, `UPDATE jobs SET lease_until = `+db.e.nowMillis()+` + ? WHERE id = ? AND worker = ? AND state = 'running'`,
		lease.Milliseconds(), id, worker)
	if err != nil {
		return fmt.Errorf("renew lease of job %d: %w", id, describe(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("renew lease of job %d: %w", id, ErrLeaseLost)
	}
	return nil
}

// FinishJob records the outcome of worker's attempt at job id: done when
// failure is nil; otherwise back to pending with the error, or failed
// (parked) when this was attempt maxAttempts.
func (db *DB) FinishJob(ctx context.Context, id int64, failure error, maxAttempts int) error {
	stamp := db.now().UTC().Format(time.RFC3339)
	var err error
	if failure == nil {
		_, err = db.w.ExecContext(ctx, `UPDATE jobs SET state = 'done', error = '', lease_until = 0, updated_at = ? WHERE id = ?`, stamp, id)
	} else {
		_, err = db.w.ExecContext(ctx, `UPDATE jobs SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END,
			error = ?, lease_until = 0, updated_at = ? WHERE id = ?`, maxAttempts, failure.Error(), stamp, id)
	}
	if err != nil {
		return fmt.Errorf("finish job %d: %w", id, describe(err))
	}
	return nil
}

// ReleaseJob hands job id back to the queue without counting the attempt:
// the worker stopped (Ctrl-C) before finishing it.
func (db *DB) ReleaseJob(ctx context.Context, id int64) error {
	_, err := db.w.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = attempts - 1, lease_until = 0, updated_at = ?
		WHERE id = ? AND state = 'running'`, db.now().UTC().Format(time.RFC3339), id)
	if err != nil {
		return fmt.Errorf("release job %d: %w", id, describe(err))
	}
	return nil
}

// QueueStatus counts jobs by state and lists the parked ones.
type QueueStatus struct {
	Pending, Running, Done, Failed int
	// Expired counts running jobs whose lease ran out: their worker died
	// and the next ClaimJob takes them.
	Expired int
	Parked  []ParkedJob
}

// ParkedJob is a job that failed too often, with its last error.
type ParkedJob struct {
	Input    string
	Attempts int
	Error    string
}

// Queue returns the queue's status.
func (db *DB) Queue(ctx context.Context) (QueueStatus, error) {
	var s QueueStatus
	err := db.r.QueryRowContext(ctx, `SELECT count(CASE WHEN state = 'pending' THEN 1 END), count(CASE WHEN state = 'running' THEN 1 END),
		count(CASE WHEN state = 'done' THEN 1 END), count(CASE WHEN state = 'failed' THEN 1 END),
		count(CASE WHEN state = 'running' AND lease_until < `+db.e.nowMillis()+` THEN 1 END) FROM jobs`).
		Scan(&s.Pending, &s.Running, &s.Done, &s.Failed, &s.Expired)
	if err != nil {
		return s, fmt.Errorf("queue status: %w", describe(err))
	}
	rows, err := db.r.QueryContext(ctx, `SELECT input, attempts, error FROM jobs WHERE state = 'failed' ORDER BY id`)
	if err != nil {
		return s, fmt.Errorf("queue status: %w", describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var p ParkedJob
		if err := rows.Scan(&p.Input, &p.Attempts, &p.Error); err != nil {
			return s, fmt.Errorf("queue status: %w", err)
		}
		s.Parked = append(s.Parked, p)
	}
	return s, rows.Err()
}
