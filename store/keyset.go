package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// likeEscaper escapes LIKE's wildcards in searched text.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// orderKey is one column of an order: an SQL expression over events e,
// articles a and reviews r, and its direction.
type orderKey struct {
	expr string
	desc bool
}

// orderKeys returns f's order as columns, each ending in the event's row
// id so that every event has its own place: keyset navigation needs a
// total order. Ties in the queue orders fall to the order events were
// stored in (ingest stores articles by id, each article's events in
// reading order).
func (f Filter) orderKeys() []orderKey {
	id := orderKey{"e.id", false} // the order events were stored in
	switch f.Order {
	case OrderQueue:
		// Stale first, then pending, then decided; the events_queue index
		// holds exactly these keys.
		return []orderKey{{"e.review_state", false}, {"e.confidence", false}, id}
	case OrderConfidence:
		return []orderKey{{"e.confidence", true}, id}
	case OrderDate:
		return []orderKey{{"e.date", true}, id}
	case OrderCountry:
		return []orderKey{{"e.country", false}, {"e.confidence", false}, id}
	}
	// Source ids that differ only in a trailing number sort by its value
	// ("-r1003" before "-r10012").
	return []orderKey{{"rtrim(a.source_id, '0123456789')", false}, {"length(a.source_id)", false}, {"a.source_id", false}, {"e.ord", false}, id}
}

// orderBy is the ORDER BY clause for keys, reversed if asked.
func orderBy(keys []orderKey, reverse bool) string {
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.expr
		if k.desc != reverse {
			cols[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(cols, ", ")
}

// beyond returns the condition "comes after the row whose key values are
// vals in this order" (before, when reverse): a row-value comparison
// (k1, k2) > (v1, v2), which an index on the keys serves, when all keys
// run one way; else written out as (k1 > v1) OR (k1 = v1 AND k2 > v2) OR
// ... so that mixed directions work in any SQL engine.
func beyond(keys []orderKey, vals []any, reverse bool) (string, []any) {
	if !slices.ContainsFunc(keys, func(k orderKey) bool { return k.desc != keys[0].desc }) {
		op := ">"
		if keys[0].desc != reverse {
			op = "<"
		}
		cols := make([]string, len(keys))
		ph := make([]string, len(keys))
		for i, k := range keys {
			cols[i], ph[i] = k.expr, "?"
		}
		return "(" + strings.Join(cols, ", ") + ") " + op + " (" + strings.Join(ph, ", ") + ")", vals
	}
	var ors []string
	var args []any
	for i, k := range keys {
		var ands []string
		for j := range i {
			ands = append(ands, keys[j].expr+" = ?")
			args = append(args, vals[j])
		}
		op := ">"
		if k.desc != reverse {
			op = "<"
		}
		ands = append(ands, k.expr+" "+op+" ?")
		args = append(args, vals[i])
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// Neighbours is where one event stands among the events a filter selects.
type Neighbours struct {
	Prev, Next string // event ids, "" at either end
	Position   int    // 1-based; 0 when the filter does not select the event
	Total      int    // events the filter selects
}

// Neighbours returns the events just before and after key among those f
// selects, in f.Order, and key's place among them. It reads a few rows
// through keyset queries rather than the whole list, so an event page
// costs about the same at any queue length. When f does not select key
// (it was just decided, say), Prev and Next are its neighbours had it
// been selected. It returns ErrNotFound for an unknown event.
func (db *DB) Neighbours(ctx context.Context, f Filter, key string) (Neighbours, error) {
	var n Neighbours
	keys := f.orderKeys()
	cols := make([]string, len(keys))
	for i, k := range keys {
		cols[i] = k.expr
	}
	vals := make([]any, len(keys))
	ptrs := make([]any, len(keys))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	from := f.from(keys)
	err := db.r.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+from+` WHERE e.event_key = ?`, key).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("event %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return n, fmt.Errorf("event %s: %w", key, describe(err))
	}
	where, args := f.where()
	and := func(cond string) string {
		if where == "" {
			return " WHERE " + cond
		}
		return where + " AND " + cond
	}
	// The next event shares the longest possible prefix of key values:
	// try "same k1..k(n-1), greater kn" first, then "same k1..k(n-2),
	// greater k(n-1)", and so on. Each of these is a seek in an index on
	// the keys, where a single OR of them, or a row value after an IN
	// filter, would make SQLite walk the index from its start.
	step := func(reverse bool) (string, error) {
		for i := len(keys) - 1; i >= 0; i-- {
			var conds []string
			var cargs []any
			for j := range i {
				conds = append(conds, keys[j].expr+" = ?")
				cargs = append(cargs, vals[j])
			}
			op := ">"
			if keys[i].desc != reverse {
				op = "<"
			}
			conds = append(conds, keys[i].expr+" "+op+" ?")
			cargs = append(cargs, vals[i])
			var next string
			err := db.r.QueryRowContext(ctx, `SELECT e.event_key`+from+and(strings.Join(conds, " AND "))+
				orderBy(keys[i:], reverse)+` LIMIT 1`, append(append([]any{}, args...), cargs...)...).Scan(&next)
			if err == nil {
				return next, nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return "", err
			}
		}
		return "", nil
	}
	if n.Prev, err = step(true); err != nil {
		return n, fmt.Errorf("event %s: previous: %w", key, describe(err))
	}
	if n.Next, err = step(false); err != nil {
		return n, fmt.Errorf("event %s: next: %w", key, describe(err))
	}
	// The place is one more than the events before this one, an index
	// range for the queue order; the total is Count's.
	cond, cargs := beyond(keys, vals, true)
	var before, self int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+from+and(cond), append(append([]any{}, args...), cargs...)...).Scan(&before); err != nil {
		return n, fmt.Errorf("event %s: position: %w", key, describe(err))
	}
	// By row id (the last key), which SQLite looks up before any index.
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+from+and("e.id = ?"), append(append([]any{}, args...), vals[len(vals)-1])...).Scan(&self); err != nil {
		return n, fmt.Errorf("event %s: position: %w", key, describe(err))
	}
	if n.Total, err = db.Count(ctx, f); err != nil {
		return n, err
	}
	if self > 0 {
		n.Position = before + 1
	}
	return n, nil
}

// Count returns how many events f selects.
func (db *DB) Count(ctx context.Context, f Filter) (int, error) {
	where, args := f.where()
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+f.from(nil)+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", describe(err))
	}
	return n, nil
}
