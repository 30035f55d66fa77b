package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// Batch is a set of pending events to accept at once, as a confirmation
// page shows it: how many, and a digest of their ids and versions.
type Batch struct {
	Count  int
	Digest string
	Keys   []string // in storage order
}

// PendingBatch returns the pending events f selects (f.Status is
// ignored), for AcceptBatch to accept after a person confirmed them.
func (db *DB) PendingBatch(ctx context.Context, f Filter) (Batch, error) {
	return pendingBatch(ctx, db.r, f)
}

// querier is what reading a batch needs: the reader pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func pendingBatch(ctx context.Context, q querier, f Filter) (Batch, error) {
	var b Batch
	f.Status, f.Order, f.Limit, f.Offset = StatusPending, "", 0, 0
	where, args := f.where()
	rows, err := q.QueryContext(ctx, `SELECT e.event_key, e.evidence_hash, coalesce(v.revision, 0)`+factFrom+where+` ORDER BY e.id`, args...)
	if err != nil {
		return b, fmt.Errorf("list pending events: %w", describe(err))
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var key, hash string
		var rev int
		if err := rows.Scan(&key, &hash, &rev); err != nil {
			return b, fmt.Errorf("list pending events: %w", err)
		}
		fmt.Fprintf(h, "%s %s\n", key, version(hash, rev))
		b.Keys = append(b.Keys, key)
	}
	if err := rows.Err(); err != nil {
		return b, fmt.Errorf("list pending events: %w", describe(err))
	}
	b.Count = len(b.Keys)
	b.Digest = hex.EncodeToString(h.Sum(nil))[:24]
	return b, nil
}

// AcceptBatch accepts, in one transaction, the pending events f selects,
// provided they are still exactly the events, in the versions, whose
// digest a person confirmed; otherwise it stores nothing and returns
// ErrConflict. It returns how many it accepted.
func (db *DB) AcceptBatch(ctx context.Context, f Filter, digest, reviewer string) (int, error) {
	d := Decision{Status: StatusAccepted, Reviewer: reviewer}
	if err := d.Validate(); err != nil {
		return 0, fmt.Errorf("accept batch: %w", err)
	}
	n := 0
	err := db.inTx(ctx, func(tx *tx) error {
		b, err := pendingBatch(ctx, tx, f)
		if err != nil {
			return err
		}
		if b.Digest != digest {
			return ErrConflict
		}
		for _, key := range b.Keys {
			if err := db.setReview(ctx, tx, key, d); err != nil {
				return fmt.Errorf("event %s: %w", key, err)
			}
		}
		n = b.Count
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accept batch: %w", err)
	}
	return n, nil
}
