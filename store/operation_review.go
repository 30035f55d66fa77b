package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/newsfacts/newsfacts/link"
)

// Reviewers' decisions on operations. Like event reviews they are stored
// apart from what linking writes, keyed by public ids, so they survive
// re-ingesting and relinking: link decisions as pairs of event keys that
// linking must keep apart or together, picks by operation id and field.

// DetachEvent takes an event out of an operation for good: it is kept
// apart from every other current member, then the database is relinked (the
// event may join another operation, or stand alone). It returns ErrNotFound
// when the event is not in the operation.
func (db *DB) DetachEvent(ctx context.Context, opID, eventKey, reviewer string) error {
	err := db.inTx(ctx, func(tx *tx) error {
		members, err := txMembers(ctx, tx, opID)
		if err != nil {
			return err
		}
		if !slices.Contains(members, eventKey) {
			return fmt.Errorf("event %s: %w in the operation", eventKey, ErrNotFound)
		}
		now := db.now().UTC().Format(time.RFC3339)
		for _, m := range members {
			if m == eventKey {
				continue
			}
			if err := setLink(ctx, tx, eventKey, m, linkApart, reviewer, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("detach %s from %s: %w", eventKey, opID, err)
	}
	_, err = db.Relink(ctx, false)
	return err
}

// MergeOperations makes two operations one for good: every member is kept
// together with the first operation's founder, then the database is
// relinked. The merged operation keeps the id of the one with more members
// (the smaller id on a tie). Operations holding events of one article
// cannot be merged: a *ValidationError says so.
func (db *DB) MergeOperations(ctx context.Context, a, b, reviewer string) error {
	err := db.inTx(ctx, func(tx *tx) error {
		ma, err := txMembers(ctx, tx, a)
		if err != nil {
			return err
		}
		mb, err := txMembers(ctx, tx, b)
		if err != nil {
			return err
		}
		if a == b {
			return invalid("operation", b, "an operation cannot be merged with itself")
		}
		arts := map[string]string{}
		for _, k := range append(slices.Clone(ma), mb...) {
			var art, country string
			err := tx.QueryRowContext(ctx, `SELECT a.source_id, e.country FROM events e JOIN articles a ON a.id = e.article_id
				WHERE e.event_key = ?`, k).Scan(&art, &country)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			if other, ok := arts[art]; ok && other != k {
				return invalid("operation", b, "both operations hold events of article "+art)
			}
			arts[art] = k
		}
		now := db.now().UTC().Format(time.RFC3339)
		for _, k := range append(ma[1:], mb...) {
			if err := setLink(ctx, tx, ma[0], k, linkTogether, reviewer, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("merge %s and %s: %w", a, b, err)
	}
	_, err = db.Relink(ctx, false)
	return err
}

// PickValue records a reviewer's choice of value for one field of an
// operation ("date", "operation", "counts.women"): one that a source
// states, or "" to withdraw the pick, recording who withdrew it when so
// that Copy carries the withdrawal (see Copy). It returns a
// *ValidationError for a value no source states and ErrNotFound for an
// unknown operation.
func (db *DB) PickValue(ctx context.Context, opID, field, value, reviewer string) error {
	op, err := db.Operation(ctx, opID)
	if err != nil {
		return err
	}
	if value != "" && !slices.Contains(fieldValues(op.Consensus, field), value) {
		return fmt.Errorf("pick %s of %s: %w", field, opID, invalid(field, value, "no source of the operation states it"))
	}
	now := db.now().UTC().Format(time.RFC3339)
	err = db.inTx(ctx, func(tx *tx) error {
		if value == "" {
			return opPicks.withdraw(ctx, tx, opWithdrawal{opID, field, reviewer, now})
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO operation_picks (op_key, field, value, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (op_key, field) DO UPDATE SET value = excluded.value, reviewer = excluded.reviewer, decided_at = excluded.decided_at`,
			opID, field, value, reviewer, now)
		if err != nil {
			return err
		}
		return opPicks.forgetWithdrawal(ctx, tx, opID, field)
	})
	if err != nil {
		return fmt.Errorf("pick %s of %s: %w", field, opID, err)
	}
	return nil
}

// fieldValues lists every value the sources state for a field.
func fieldValues(c link.Consensus, name string) []string {
	var out []string
	for _, f := range c.Fields() {
		if f.Name != name {
			continue
		}
		out = append(out, f.Value)
		for _, x := range f.Conflicts {
			out = append(out, x.Value)
		}
	}
	return out
}

// txMembers returns an operation's members in order, or ErrNotFound.
func txMembers(ctx context.Context, tx *tx, opID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT event_key FROM operation_members WHERE op_key = ? ORDER BY seq`, opID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("operation %s: %w", opID, ErrNotFound)
	}
	return out, nil
}

// setLink stores a link decision between two events, replacing any
// earlier one on the pair.
func setLink(ctx context.Context, tx *tx, a, b, decision, reviewer, now string) error {
	if b < a {
		a, b = b, a
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO operation_links (event_a, event_b, decision, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (event_a, event_b) DO UPDATE SET decision = excluded.decision, reviewer = excluded.reviewer, decided_at = excluded.decided_at`,
		a, b, decision, reviewer, now)
	return err
}

// opDecisionTable is a table of reviewers' decisions on operations. Each
// has a two-column key, a value, and who decided when; withdrawals, when
// its decisions can be withdrawn, names the table recording who withdrew
// one when, as review_withdrawals does for review decisions.
type opDecisionTable struct{ table, key1, key2, value, withdrawals string }

var (
	// opLinks are events kept apart or together. A link is never withdrawn:
	// detaching or merging replaces the pair's decision, nothing removes it.
	opLinks = opDecisionTable{"operation_links", "event_a", "event_b", "decision", ""}
	// opPicks are values picked for an operation's field, withdrawn by
	// PickValue with no value.
	opPicks = opDecisionTable{"operation_picks", "op_key", "field", "value", "operation_pick_withdrawals"}
	// opDecisionTables are every table of reviewers' decisions on
	// operations, which Copy carries.
	opDecisionTables = []opDecisionTable{opLinks, opPicks}
)

// opWithdrawal is a withdrawn decision on an operation: its key, who
// withdrew it, and when.
type opWithdrawal struct{ a, b, reviewer, at string }

// withdraw deletes the decision keyed by w and, when there was one, records
// the withdrawal, so that Copy carries it like a decision. Withdrawing
// where nothing was decided records nothing.
func (t opDecisionTable) withdraw(ctx context.Context, tx *tx, w opWithdrawal) error {
	res, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE %s = ? AND %s = ?`, t.table, t.key1, t.key2), w.a, w.b)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return t.recordWithdrawal(ctx, tx, w)
}

// recordWithdrawal stores w unless a withdrawal as recent is recorded.
func (t opDecisionTable) recordWithdrawal(ctx context.Context, tx *tx, w opWithdrawal) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %[1]s (%[2]s, %[3]s, reviewer, withdrawn_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (%[2]s, %[3]s) DO UPDATE SET reviewer = excluded.reviewer, withdrawn_at = excluded.withdrawn_at
		WHERE %[1]s.withdrawn_at < excluded.withdrawn_at`, t.withdrawals, t.key1, t.key2), w.a, w.b, w.reviewer, w.at)
	return err
}

// forgetWithdrawal deletes the withdrawal keyed by a and b: a decision
// stored since (picked, or copied) is the latest act on it. So a key has a
// decision or a withdrawal, never both.
func (t opDecisionTable) forgetWithdrawal(ctx context.Context, tx *tx, a, b string) error {
	_, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE %s = ? AND %s = ?`, t.withdrawals, t.key1, t.key2), a, b)
	return err
}
