package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsfacts/newsfacts/link"
)

// LinkStats says what a linking run did.
type LinkStats struct {
	Events     int // events linked (rejected events and cumulative totals are left out)
	Operations int // operations, single-source ones included
	Multi      int // operations with two or more sources
}

// Relink groups the stored events into operations with link.Link and
// stores the result, in one transaction. The previous run's operations are
// its starting point, so new events join them and ids stay; with rebuild
// they are ignored and every link is decided afresh (reviewers' decisions
// still apply). Rejected events belong to no operation; reviewed values
// are linked as corrected.
func (db *DB) Relink(ctx context.Context, rebuild bool) (LinkStats, error) {
	var st LinkStats
	err := db.inTx(ctx, func(tx *tx) error {
		if q := db.e.lockLinking(); q != "" {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		evs, err := txLinkEvents(ctx, tx)
		if err != nil {
			return err
		}
		var prev []link.Operation
		if !rebuild {
			if prev, err = txOperations(ctx, tx); err != nil {
				return err
			}
		}
		c, err := txConstraints(ctx, tx)
		if err != nil {
			return err
		}
		ops := link.Link(evs, prev, c)
		for _, q := range []string{`DELETE FROM operation_members`, `DELETE FROM operations`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		now := db.now().UTC().Format(time.RFC3339)
		// Every operation is written again: in multi-row statements, since
		// a large database has tens of thousands of members.
		opRows := make([]any, 0, 3*len(ops))
		var memberRows []any
		for _, op := range ops {
			opRows = append(opRows, op.ID, op.Country, now)
			for i, k := range op.Members {
				memberRows = append(memberRows, k, op.ID, i)
			}
			st.Events += len(op.Members)
			if len(op.Members) > 1 {
				st.Multi++
			}
		}
		if err := insertRows(ctx, tx, `operations (op_key, country, linked_at)`, 3, opRows); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `operation_members (event_key, op_key, seq)`, 3, memberRows); err != nil {
			return err
		}
		st.Operations = len(ops)
		return nil
	})
	if err != nil {
		return LinkStats{}, fmt.Errorf("link operations: %w", err)
	}
	return st, nil
}

// linkEvent is what linking reads of a fact: its reviewed values.
func linkEvent(f Fact) link.Event {
	ev := f.Current()
	return link.Event{
		Key: f.Key, Article: f.Article.Key, Published: f.Article.Published,
		Country: ev.Country, From: ev.From, Date: ev.Date, Counts: ev.Counts, Qualifiers: ev.Qualifiers,
		Operation: ev.Operation, Aggregate: ev.Aggregate,
		Reviewed: f.Review != nil && !f.Review.Stale && f.Review.Status != StatusRejected,
	}
}

// txLinkEvents reads what linking needs of every event that is not
// rejected, inside tx. Each fact is turned into its link.Event as it is
// read, never all facts at once: on a large database the facts, whole
// extracted events, were the peak of ingest's memory.
func txLinkEvents(ctx context.Context, tx *tx) ([]link.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+factColumns+factFrom+` ORDER BY a.source_id, e.ord`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []link.Event
	for rows.Next() {
		f, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		if f.Status() != StatusRejected {
			out = append(out, linkEvent(f))
		}
	}
	return out, rows.Err()
}

// txOperations reads the stored operations, members in order.
func txOperations(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]link.Operation, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.op_key, o.country, m.event_key FROM operations o
		JOIN operation_members m ON m.op_key = o.op_key ORDER BY o.op_key, m.seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []link.Operation
	for rows.Next() {
		var id, country, member string
		if err := rows.Scan(&id, &country, &member); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, link.Operation{ID: id, Country: country})
		}
		out[len(out)-1].Members = append(out[len(out)-1].Members, member)
	}
	return out, rows.Err()
}

// txConstraints reads reviewers' link decisions.
func txConstraints(ctx context.Context, tx *tx) (link.Constraints, error) {
	var c link.Constraints
	rows, err := tx.QueryContext(ctx, `SELECT event_a, event_b, decision FROM operation_links ORDER BY event_a, event_b`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b, d string
		if err := rows.Scan(&a, &b, &d); err != nil {
			return c, err
		}
		if d == linkApart {
			c.Apart = append(c.Apart, [2]string{a, b})
		} else {
			c.Together = append(c.Together, [2]string{a, b})
		}
	}
	return c, rows.Err()
}

// Link decisions.
const (
	linkApart    = "apart"
	linkTogether = "together"
)

// OperationView is an operation with its member facts (founder first, with
// evidence) and its consensus.
type OperationView struct {
	ID        string
	Country   string
	Members   []Fact
	Consensus link.Consensus
	Picks     map[string]string // reviewers' picks by field
}

// OperationFilter selects operations. Zero fields select everything.
type OperationFilter struct {
	Country string // ISO code
	Since   string // consensus date (or, when undated, the earliest publication date) on or after this YYYY[-MM[-DD]]
	Multi   bool   // only operations with two or more sources
}

// Date returns the operation's consensus date, or "".
func (o OperationView) Date() string {
	if o.Consensus.Date == nil {
		return ""
	}
	return o.Consensus.Date.Value
}

// sortDate is the date an operation sorts and filters by: its consensus
// date when the year is known, else its earliest publication date.
func (o OperationView) sortDate() string {
	if d := o.Date(); d != "" && !strings.HasPrefix(d, "XXXX") {
		return d
	}
	earliest := ""
	for _, m := range o.Members {
		if p := m.Article.Published; p != "" && (earliest == "" || p < earliest) {
			earliest = p
		}
	}
	return earliest
}

// Operations lists the operations f selects, by date then id, each with its
// members (evidence included) and consensus.
func (db *DB) Operations(ctx context.Context, f OperationFilter) ([]OperationView, error) {
	ops, err := txOperations(ctx, db.r)
	if err != nil {
		return nil, fmt.Errorf("read operations: %w", describe(err))
	}
	if f.Country != "" {
		ops = slices.DeleteFunc(ops, func(o link.Operation) bool { return o.Country != strings.ToUpper(f.Country) })
	}
	if f.Multi {
		ops = slices.DeleteFunc(ops, func(o link.Operation) bool { return len(o.Members) < 2 })
	}
	views, err := db.operationViews(ctx, ops)
	if err != nil {
		return nil, err
	}
	if f.Since != "" {
		views = slices.DeleteFunc(views, func(v OperationView) bool { return v.sortDate() < f.Since })
	}
	slices.SortStableFunc(views, func(a, b OperationView) int {
		if c := strings.Compare(a.sortDate(), b.sortDate()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return views, nil
}

// Operation returns one operation by id, or ErrNotFound.
func (db *DB) Operation(ctx context.Context, id string) (OperationView, error) {
	ops, err := txOperations(ctx, db.r)
	if err != nil {
		return OperationView{}, fmt.Errorf("operation %s: %w", id, describe(err))
	}
	i := slices.IndexFunc(ops, func(o link.Operation) bool { return o.ID == id })
	if i < 0 {
		return OperationView{}, fmt.Errorf("operation %s: %w", id, ErrNotFound)
	}
	v, err := db.operationViews(ctx, ops[i:i+1])
	if err != nil {
		return OperationView{}, err
	}
	return v[0], nil
}

// operationViews loads the member facts, picks and consensus of ops.
func (db *DB) operationViews(ctx context.Context, ops []link.Operation) ([]OperationView, error) {
	facts, err := db.Facts(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	byKey := make(map[string]Fact, len(facts))
	for _, f := range facts {
		byKey[f.Key] = f
	}
	picks, err := db.picks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OperationView, 0, len(ops))
	for _, op := range ops {
		v := OperationView{ID: op.ID, Country: op.Country, Picks: picks[op.ID]}
		var evs []link.Event
		for _, k := range op.Members {
			f, ok := byKey[k]
			if !ok {
				continue // deleted since the last linking run
			}
			v.Members = append(v.Members, f)
			evs = append(evs, linkEvent(f))
		}
		if len(v.Members) == 0 {
			continue
		}
		v.Consensus = link.Agree(evs, v.Picks)
		out = append(out, v)
	}
	return out, nil
}

// picks reads reviewers' picks: operation id -> field -> value.
func (db *DB) picks(ctx context.Context) (map[string]map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT op_key, field, value FROM operation_picks`)
	if err != nil {
		return nil, fmt.Errorf("read picks: %w", describe(err))
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var op, field, value string
		if err := rows.Scan(&op, &field, &value); err != nil {
			return nil, fmt.Errorf("read picks: %w", err)
		}
		if out[op] == nil {
			out[op] = map[string]string{}
		}
		out[op][field] = value
	}
	return out, rows.Err()
}
