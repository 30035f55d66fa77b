package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
// total order.
func (f Filter) orderKeys() []orderKey {
	tail := []orderKey{{"a.source_id", false}, {"e.ord", false}, {"e.id", false}}
	switch f.Order {
	case OrderQueue:
		return append([]orderKey{
			{"CASE WHEN r.evidence_hash != e.evidence_hash THEN 0 ELSE 1 END", false}, // stale first
			{"CASE WHEN r.status IS NULL THEN 0 ELSE 1 END", false},                   // then pending
			{"e.confidence", false},
		}, tail...)
	case OrderConfidence:
		return append([]orderKey{{"e.confidence", true}}, tail...)
	case OrderDate:
		return append([]orderKey{{"e.date", true}}, tail...)
	case OrderCountry:
		return append([]orderKey{{"e.country", false}, {"e.confidence", false}}, tail...)
	}
	return tail
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
// vals in this order" (before, when reverse), written out as
// (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ... so that mixed directions work
// in any SQL engine.
func beyond(keys []orderKey, vals []any, reverse bool) (string, []any) {
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
	err := db.r.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+factFrom+` WHERE e.event_key = ?`, key).Scan(ptrs...)
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
	step := func(reverse bool) (string, error) {
		cond, cargs := beyond(keys, vals, reverse)
		var next string
		err := db.r.QueryRowContext(ctx, `SELECT e.event_key`+factFrom+and(cond)+orderBy(keys, reverse)+` LIMIT 1`,
			append(append([]any{}, args...), cargs...)...).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return next, err
	}
	if n.Prev, err = step(true); err != nil {
		return n, fmt.Errorf("event %s: previous: %w", key, describe(err))
	}
	if n.Next, err = step(false); err != nil {
		return n, fmt.Errorf("event %s: next: %w", key, describe(err))
	}
	// One pass counts the selected events, those before this one, and
	// whether this one is selected.
	cond, cargs := beyond(keys, vals, true)
	var before, self int
	err = db.r.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN `+cond+` THEN 1 END),
		count(CASE WHEN e.event_key = ? THEN 1 END)`+factFrom+where,
		append(append(cargs, key), args...)...).Scan(&n.Total, &before, &self)
	if err != nil {
		return n, fmt.Errorf("event %s: position: %w", key, describe(err))
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
	if err := db.r.QueryRowContext(ctx, `SELECT count(*)`+factFrom+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", describe(err))
	}
	return n, nil
}
