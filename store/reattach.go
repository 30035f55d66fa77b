package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/newsfacts/newsfacts/extract"
)

// decidedEvent is a decision of one article with the event it was made on:
// the stored event when it still exists, else the values recorded with the
// decision (an orphan).
type decidedEvent struct {
	key string
	ev  extract.Event
}

// decidedEvents returns the article's decisions with their events, read
// before re-extraction replaces the events.
func decidedEvents(ctx context.Context, tx *tx, articleKey string) ([]decidedEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.event_key, r.decided_values, e.id FROM reviews r
		LEFT JOIN events e ON e.event_key = r.event_key WHERE r.article_key = ? ORDER BY r.event_key`, articleKey)
	if err != nil {
		return nil, err
	}
	type row struct {
		key, decided string
		id           sql.NullInt64
	}
	var found []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.decided, &r.id); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []decidedEvent
	for _, r := range found {
		d := decidedEvent{key: r.key}
		switch {
		case r.id.Valid:
			if d.ev, _, _, err = eventValues(ctx, tx, r.key); err != nil {
				return nil, err
			}
			if d.ev.Evidence, err = evidenceOf(ctx, tx, r.id.Int64); err != nil {
				return nil, err
			}
		case r.decided != "":
			var v Values
			if err := json.Unmarshal([]byte(r.decided), &v); err != nil {
				return nil, fmt.Errorf("decision %s: decode decided values: %w", r.key, err)
			}
			d.ev = v.Event()
		default:
			continue // an orphan from before values were recorded: nothing to match on
		}
		out = append(out, d)
	}
	return out, nil
}

func evidenceOf(ctx context.Context, tx *tx, eventID int64) ([]extract.Evidence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT field, text FROM evidence WHERE event_id = ? ORDER BY idx`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []extract.Evidence
	for rows.Next() {
		var e extract.Evidence
		if err := rows.Scan(&e.Field, &e.Text); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// reattach moves each decision whose event id is gone after re-extraction
// to the new event that is recognisably the same one: same country, and
// the most shared values and evidence words (at least one), with no other
// new event as alike. Editing the sentence an event's id hashes ("12 women"
// to "13 women") then keeps its decision, which shows as stale. Events
// that already have a decision are never taken, and a tie leaves the
// decision orphaned for a person to re-attach. now is the time of the
// move. It returns how many moved.
func reattach(ctx context.Context, tx *tx, decided []decidedEvent, keys []string, events []extract.Event, now string) (int, error) {
	if len(decided) == 0 {
		return 0, nil // nothing to move: most saves
	}
	taken := map[string]bool{}
	for _, k := range keys {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM reviews WHERE event_key = ?`, k).Scan(&n); err != nil {
			return 0, err
		}
		taken[k] = n > 0
	}
	moved := 0
	for _, d := range decided {
		if slices.Contains(keys, d.key) {
			continue // still there
		}
		best, bestScore, tie := -1, 0, false
		for i, ev := range events {
			if taken[keys[i]] {
				continue
			}
			switch s := likeness(d.ev, ev); {
			case s > bestScore:
				best, bestScore, tie = i, s, false
			case s == bestScore && s > 0:
				tie = true
			}
		}
		if best < 0 || tie {
			continue
		}
		if err := moveDecision(ctx, tx, d.key, keys[best], now); err != nil {
			return moved, err
		}
		taken[keys[best]] = true
		moved++
	}
	return moved, nil
}

// likeness scores how alike two events of one article are: -1 for another
// country, else one point per shared value and per shared evidence phrase.
func likeness(a, b extract.Event) int {
	if a.Country != b.Country {
		return -1
	}
	n := 0
	if a.Date != "" && a.Date == b.Date {
		n++
	}
	if len(a.From) > 0 && slices.Equal(a.From, b.From) {
		n++
	}
	for g, c := range a.Counts {
		if bc, ok := b.Counts[g]; ok && bc == c {
			n++
		}
	}
	if a.Operation != "" && a.Operation == b.Operation {
		n++
	}
	for _, p := range a.Partners {
		if slices.ContainsFunc(b.Partners, func(o extract.Partner) bool { return o.ID == p.ID }) {
			n++
		}
	}
	for _, e := range a.Evidence {
		if slices.ContainsFunc(b.Evidence, func(o extract.Evidence) bool { return o.Field == e.Field && o.Text == e.Text }) {
			n++
		}
	}
	return n
}

// moveDecision re-keys a decision from one event id to another at time
// at, with a revision above both ids' so no page open on either can decide
// blindly. The decision is withdrawn from the old id, recorded as
// SetReview records a withdrawal (with no reviewer), so that Copy does not
// bring it back there from a database that still has it there, and
// withdraws it there.
func moveDecision(ctx context.Context, tx *tx, from, to, at string) error {
	var rev int
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(revision), 0) FROM review_revisions WHERE event_key IN (?, ?)`, from, to).Scan(&rev)
	if err != nil {
		return err
	}
	if err := forgetRevisions(ctx, tx, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM review_revisions WHERE event_key = ?`, to); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO review_revisions (event_key, revision) VALUES (?, ?)`, to, rev+1); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE reviews SET event_key = ?, article_key = (SELECT a.article_key FROM events e
		JOIN articles a ON a.id = e.article_id WHERE e.event_key = ?) WHERE event_key = ?`, to, to, from)
	if err != nil {
		return err
	}
	if err := forgetWithdrawal(ctx, tx, to); err != nil {
		return err
	}
	if err := recordWithdrawal(ctx, tx, withdrawalRow{eventKey: from, at: at}); err != nil {
		return err
	}
	return syncReviewState(ctx, tx, "event_key IN (?, ?)", from, to)
}

// Orphan is a decision whose event no longer exists: re-extraction dropped
// the event, or changed it past recognition.
type Orphan struct {
	Key        string // the event id it was made on
	ArticleKey string // "" for decisions stored before articles were recorded
	Review     Review
	// Candidates are the ids of the article's events that have no
	// decision: where it could be re-attached.
	Candidates []Fact
}

// Orphans lists the decisions whose event is gone, by article and id.
func (db *DB) Orphans(ctx context.Context) ([]Orphan, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT event_key, article_key, status, correction, reason, note, reviewer,
		reviewed_at, decided_values FROM reviews WHERE event_key NOT IN (SELECT event_key FROM events)
		ORDER BY article_key, event_key`)
	if err != nil {
		return nil, fmt.Errorf("list orphans: %w", describe(err))
	}
	var out []Orphan
	for rows.Next() {
		var o Orphan
		var corr, decided string
		r := &o.Review
		if err := rows.Scan(&o.Key, &o.ArticleKey, &r.Status, &corr, &r.Reason, &r.Note, &r.Reviewer, &r.ReviewedAt, &decided); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list orphans: %w", err)
		}
		if err := json.Unmarshal([]byte(corr), &r.Correction); err != nil {
			rows.Close()
			return nil, fmt.Errorf("orphan %s: decode correction: %w", o.Key, err)
		}
		if decided != "" {
			r.Decided = new(Values)
			if err := json.Unmarshal([]byte(decided), r.Decided); err != nil {
				rows.Close()
				return nil, fmt.Errorf("orphan %s: decode decided values: %w", o.Key, err)
			}
		}
		r.Stale = true
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list orphans: %w", describe(err))
	}
	for i, o := range out {
		if o.ArticleKey == "" {
			continue
		}
		facts, err := db.Facts(ctx, Filter{Article: o.ArticleKey, Status: StatusPending})
		if err != nil {
			return nil, err
		}
		out[i].Candidates = facts
	}
	return out, nil
}

// Reattach moves the orphaned decision made on event id orphan to the event
// eventKey, where it shows as stale unless the event is unchanged. It
// returns ErrNotFound when orphan is no orphaned decision or the event does
// not exist, and ErrConflict when the event already has a decision.
func (db *DB) Reattach(ctx context.Context, orphan, eventKey string) error {
	err := db.inTx(ctx, func(tx *tx) error {
		if err := isOrphan(ctx, tx, orphan); err != nil {
			return err
		}
		var events, reviews int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE event_key = ?`, eventKey).Scan(&events); err != nil {
			return err
		}
		if events == 0 {
			return fmt.Errorf("event %s: %w", eventKey, ErrNotFound)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM reviews WHERE event_key = ?`, eventKey).Scan(&reviews); err != nil {
			return err
		}
		if reviews > 0 {
			return fmt.Errorf("event %s already has a decision: %w", eventKey, ErrConflict)
		}
		return moveDecision(ctx, tx, orphan, eventKey, db.now().UTC().Format(time.RFC3339))
	})
	if err != nil {
		return fmt.Errorf("re-attach %s: %w", orphan, err)
	}
	return nil
}

// DiscardOrphan deletes an orphaned decision. Discarding is a withdrawal,
// recorded as SetReview records one (with no reviewer), so that Copy
// carries it: a database still holding the orphan neither brings it back
// nor keeps it. It returns ErrNotFound when key is no orphaned decision: a
// decision on an existing event is withdrawn with SetReview instead.
func (db *DB) DiscardOrphan(ctx context.Context, key string) error {
	err := db.inTx(ctx, func(tx *tx) error {
		if err := isOrphan(ctx, tx, key); err != nil {
			return err
		}
		if err := withdraw(ctx, tx, withdrawalRow{eventKey: key, at: db.now().UTC().Format(time.RFC3339)}); err != nil {
			return err
		}
		return forgetRevisions(ctx, tx, key)
	})
	if err != nil {
		return fmt.Errorf("discard %s: %w", key, err)
	}
	return nil
}

// forgetRevisions deletes the review revisions of an event id that no
// longer has an event, and the undo trail that goes with them, so that a
// decision stored on the id later (copied from a database that still has
// it) starts both afresh, as on a new event, instead of meeting the old
// trail's revisions.
func forgetRevisions(ctx context.Context, tx *tx, key string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM review_revisions WHERE event_key = ?`, key); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM review_history WHERE event_key = ?`, key)
	return err
}

func isOrphan(ctx context.Context, tx *tx, key string) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM reviews WHERE event_key = ? AND event_key NOT IN (SELECT event_key FROM events)`,
		key).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("orphaned decision %s: %w", key, ErrNotFound)
	}
	return nil
}

// Event turns exported values back into an event, without evidence or
// confidence.
func (v Values) Event() extract.Event {
	ev := extract.Event{Country: v.Country, From: v.From, Counts: v.Counts, Qualifiers: v.Qualifiers,
		Derived: v.Derived, Partners: v.Partners, Aggregate: v.Aggregate}
	if v.Date != nil {
		ev.Date = *v.Date
	}
	if v.Operation != nil {
		ev.Operation = *v.Operation
	}
	return ev
}
