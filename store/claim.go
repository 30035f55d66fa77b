package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ClaimTTL is how long an opened event shows as in review by the person who
// opened it.
const ClaimTTL = 5 * time.Minute

// Claim is a reviewer having an event open.
type Claim struct {
	Reviewer  string
	ClaimedAt time.Time
}

// Claim records that reviewer has the event open now, replacing any other
// claim on it and reviewer's claims on other events.
func (db *DB) Claim(ctx context.Context, eventKey, reviewer string) error {
	now := db.now().UTC().Format(time.RFC3339)
	err := db.inTx(ctx, func(tx *tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM review_claims WHERE reviewer = ? AND event_key != ?`, reviewer, eventKey); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_claims (event_key, reviewer, claimed_at) VALUES (?, ?, ?)
			ON CONFLICT (event_key) DO UPDATE SET reviewer = excluded.reviewer, claimed_at = excluded.claimed_at`,
			eventKey, reviewer, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("claim %s: %w", eventKey, err)
	}
	return nil
}

// Claims returns the live claims (younger than ClaimTTL) on these events
// by anyone but reviewer, by event id.
func (db *DB) Claims(ctx context.Context, keys []string, reviewer string) (map[string]Claim, error) {
	out := map[string]Claim{}
	if len(keys) == 0 {
		return out, nil
	}
	since := db.now().Add(-ClaimTTL).UTC().Format(time.RFC3339)
	args := []any{reviewer, since}
	ph := make([]string, len(keys))
	for i, k := range keys {
		ph[i] = "?"
		args = append(args, k)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT event_key, reviewer, claimed_at FROM review_claims
		WHERE reviewer != ? AND claimed_at >= ? AND event_key IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var key, at string
		var c Claim
		if err := rows.Scan(&key, &c.Reviewer, &at); err != nil {
			return nil, fmt.Errorf("read claims: %w", err)
		}
		c.ClaimedAt, _ = time.Parse(time.RFC3339, at)
		out[key] = c
	}
	return out, rows.Err()
}
