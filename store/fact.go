package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
)

// Review statuses. An event without a decision is pending.
const (
	StatusPending   = "pending"
	StatusAccepted  = "accepted"
	StatusRejected  = "rejected"
	StatusCorrected = "corrected"
)

// ArticleRef is the part of an article a fact shows beside its values.
type ArticleRef struct {
	ID        int64  `json:"-"`
	Key       string `json:"id"`
	SourceID  string `json:"source_id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Site      string `json:"site"`
}

// Fact is a stored event with its article and review decision.
type Fact struct {
	ID      int64 // row id, for joins within one database
	Key     string
	Article ArticleRef
	Event   extract.Event // as extracted, evidence included
	Review  *Review       // nil while pending
	// Operation is the id of the operation linking put the event in, or
	// "" (a rejected event, a cumulative total, or not linked yet).
	Operation string
}

// Review is a person's decision on an event.
type Review struct {
	Status     string     `json:"status"`
	Correction Correction `json:"correction"`
	Reason     string     `json:"reason,omitempty"`
	Note       string     `json:"note,omitempty"`
	Reviewer   string     `json:"reviewer,omitempty"`
	ReviewedAt string     `json:"reviewed_at"`
	// Stale is set when the event's values or evidence changed since the
	// decision: it needs a second look.
	Stale bool `json:"stale"`
}

// Correction holds the fields a reviewer changed; nil fields keep the
// extracted value.
type Correction struct {
	Country    *string            `json:"country,omitempty"`
	From       *[]string          `json:"from,omitempty"`
	Date       *string            `json:"date,omitempty"`
	Counts     *map[string]int    `json:"counts,omitempty"`
	Qualifiers *map[string]string `json:"qualifiers,omitempty"`
	Partners   *[]extract.Partner `json:"partners,omitempty"`
	Operation  *string            `json:"operation,omitempty"`
	Aggregate  *bool              `json:"aggregate,omitempty"`
}

// Empty reports whether the correction changes nothing.
func (c Correction) Empty() bool { return c == Correction{} }

// Apply returns ev with the corrected fields replaced.
func (c Correction) Apply(ev extract.Event) extract.Event {
	if c.Country != nil {
		ev.Country = *c.Country
	}
	if c.From != nil {
		ev.From = *c.From
	}
	if c.Date != nil {
		ev.Date = *c.Date
	}
	if c.Counts != nil {
		ev.Counts = *c.Counts
	}
	if c.Qualifiers != nil {
		ev.Qualifiers = *c.Qualifiers
	}
	if c.Partners != nil {
		ev.Partners = *c.Partners
	}
	if c.Operation != nil {
		ev.Operation = *c.Operation
	}
	if c.Aggregate != nil {
		ev.Aggregate = *c.Aggregate
	}
	return ev
}

// Status returns the fact's review status.
func (f Fact) Status() string {
	if f.Review == nil {
		return StatusPending
	}
	return f.Review.Status
}

// Current returns the event as reviewed: corrected values where a reviewer
// changed them, extracted values elsewhere.
func (f Fact) Current() extract.Event {
	if f.Review == nil {
		return f.Event
	}
	return f.Review.Correction.Apply(f.Event)
}

// Filter selects facts. Zero fields select everything.
type Filter struct {
	Country string // ISO code
	Since   string // event date (or, for undated events, publication date) on or after this YYYY[-MM[-DD]]
	Status  string // pending, accepted, rejected, corrected or stale; a comma-separated list selects any of them
	Article string // article key
	Limit   int
	Order   string // OrderSource (the zero value) or OrderQueue
}

// where builds the bound WHERE clause for f over events e, articles a and
// reviews r.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Country != "" {
		conds = append(conds, "e.country = ?")
		args = append(args, strings.ToUpper(f.Country))
	}
	if f.Since != "" {
		conds = append(conds, "(CASE WHEN e.date != '' AND e.date NOT LIKE 'XXXX%' THEN e.date ELSE a.published END) >= ?")
		args = append(args, f.Since)
	}
	if f.Status != "" {
		var any []string
		for _, st := range strings.Split(f.Status, ",") {
			if st = strings.TrimSpace(st); st == StatusPending {
				any = append(any, "r.status IS NULL")
			} else if st == StatusStale {
				any = append(any, "r.evidence_hash != e.evidence_hash")
			} else {
				any = append(any, "r.status = ?")
				args = append(args, st)
			}
		}
		conds = append(conds, "("+strings.Join(any, " OR ")+")")
	}
	if f.Article != "" {
		conds = append(conds, "a.article_key = ?")
		args = append(args, f.Article)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const factColumns = `e.id, e.event_key, e.type, e.country, e.origins, e.date, e.counts, e.qualifiers, e.derived,
	e.partners, e.operation, e.aggregate, e.confidence, e.evidence_hash,
	a.id, a.article_key, a.source_id, a.url, a.title, a.published, a.site,
	r.status, r.correction, r.reason, r.note, r.reviewer, r.reviewed_at, r.evidence_hash, om.op_key`

const factFrom = ` FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN reviews r ON r.event_key = e.event_key
	LEFT JOIN operation_members om ON om.event_key = e.event_key`

// Facts lists the facts f selects, with their evidence, in f.Order: by
// default by article source id and the event's place in it.
func (db *DB) Facts(ctx context.Context, f Filter) ([]Fact, error) {
	var out []Fact
	err := db.eachFact(ctx, f, func(fact Fact) error {
		out = append(out, fact)
		return nil
	})
	return out, err
}

// eachFact streams the facts f selects to fn, so exports never hold the
// whole database.
func (db *DB) eachFact(ctx context.Context, f Filter, fn func(Fact) error) error {
	where, args := f.where()
	order := ` ORDER BY a.source_id, e.ord`
	if f.Order == OrderQueue {
		order = ` ORDER BY coalesce(r.evidence_hash != e.evidence_hash, 0) DESC, r.status IS NULL DESC,
			e.confidence, a.source_id, e.ord`
	}
	q := `SELECT ` + factColumns + factFrom + where + order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("list events: %w", describe(err))
	}
	defer rows.Close()
	// Evidence is read for a batch of events at a time: one query per batch
	// rather than one per event.
	var batch []Fact
	flush := func() error {
		if err := db.loadEvidence(ctx, batch); err != nil {
			return err
		}
		for _, f := range batch {
			if err := fn(f); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		fact, err := scanFact(rows)
		if err != nil {
			return fmt.Errorf("list events: %w", err)
		}
		batch = append(batch, fact)
		if len(batch) == 256 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list events: %w", describe(err))
	}
	return flush()
}

// Fact returns one fact by its public event id, or ErrNotFound.
func (db *DB) Fact(ctx context.Context, key string) (Fact, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+factColumns+factFrom+` WHERE e.event_key = ?`, key)
	fact, err := scanFact(row)
	if err == sql.ErrNoRows {
		return Fact{}, fmt.Errorf("event %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return Fact{}, fmt.Errorf("event %s: %w", key, describe(err))
	}
	facts := []Fact{fact}
	if err := db.loadEvidence(ctx, facts); err != nil {
		return Fact{}, err
	}
	return facts[0], nil
}

type scanner interface{ Scan(...any) error }

func scanFact(s scanner) (Fact, error) {
	var f Fact
	var origins, counts, quals, derived, partners, evHash string
	var rStatus, rCorr, rReason, rNote, rReviewer, rAt, rHash, op sql.NullString
	ev := &f.Event
	err := s.Scan(&f.ID, &f.Key, new(string), &ev.Country, &origins, &ev.Date, &counts, &quals, &derived,
		&partners, &ev.Operation, &ev.Aggregate, &ev.Confidence, &evHash,
		&f.Article.ID, &f.Article.Key, &f.Article.SourceID, &f.Article.URL, &f.Article.Title, &f.Article.Published, &f.Article.Site,
		&rStatus, &rCorr, &rReason, &rNote, &rReviewer, &rAt, &rHash, &op)
	if err != nil {
		return Fact{}, err
	}
	f.Operation = op.String
	for _, c := range []struct {
		src string
		dst any
	}{{origins, &ev.From}, {counts, &ev.Counts}, {quals, &ev.Qualifiers}, {derived, &ev.Derived}, {partners, &ev.Partners}} {
		if err := json.Unmarshal([]byte(c.src), c.dst); err != nil {
			return Fact{}, fmt.Errorf("event %s: decode %q: %w", f.Key, c.src, err)
		}
	}
	if rStatus.Valid {
		r := &Review{Status: rStatus.String, Reason: rReason.String, Note: rNote.String,
			Reviewer: rReviewer.String, ReviewedAt: rAt.String, Stale: rHash.String != evHash}
		if err := json.Unmarshal([]byte(rCorr.String), &r.Correction); err != nil {
			return Fact{}, fmt.Errorf("event %s: decode correction: %w", f.Key, err)
		}
		f.Review = r
	}
	return f, nil
}

// loadEvidence fills the evidence of facts in one query.
func (db *DB) loadEvidence(ctx context.Context, facts []Fact) error {
	if len(facts) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(facts))
	ph := make([]string, len(facts))
	args := make([]any, len(facts))
	for i, f := range facts {
		idx[f.ID] = i
		ph[i] = "?"
		args[i] = f.ID
	}
	rows, err := db.r.QueryContext(ctx, `SELECT event_id, field, text, start, end, sentence_start, sentence_end, rule
		FROM evidence WHERE event_id IN (`+strings.Join(ph, ",")+`) ORDER BY event_id, idx`, args...)
	if err != nil {
		return fmt.Errorf("read evidence: %w", describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e extract.Evidence
		if err := rows.Scan(&id, &e.Field, &e.Text, &e.Span.Start, &e.Span.End, &e.Sentence.Start, &e.Sentence.End, &e.Rule); err != nil {
			return fmt.Errorf("read evidence: %w", err)
		}
		f := &facts[idx[id]]
		f.Event.Evidence = append(f.Event.Evidence, e)
	}
	return rows.Err()
}
