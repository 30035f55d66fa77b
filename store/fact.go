package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
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
	// Version names what a page showing this fact showed: the event's
	// evidence hash and its review revision. A decision made with an older
	// Version is refused (ErrConflict), so it never lands on values the
	// reviewer did not see.
	Version string
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
	// Decided holds the event's values as extracted when the decision was
	// made (nil for decisions stored before newsfacts kept them), so a
	// stale decision can show what changed.
	Decided *Values `json:"-"`
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
	// Evidence is the words a reviewer selected in the article for the
	// values they corrected, with rule "reviewer": corrections keep their
	// provenance. It is added to the extracted evidence.
	Evidence *[]extract.Evidence `json:"evidence,omitempty"`
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
	if c.Evidence != nil {
		ev.Evidence = append(slices.Clip(ev.Evidence), *c.Evidence...)
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
	// Search keeps events whose article title, source id or site, or whose
	// event id, contains this text (case-insensitive for ASCII letters).
	Search string
	// MinConfidence keeps events whose confidence is at least this.
	MinConfidence float64
	Limit         int
	Offset        int    // with Limit: skip this many, for paging
	Order         string // OrderSource (the zero value), OrderQueue, OrderConfidence, OrderDate or OrderCountry
	// DatedOnly makes Since match dated events only, leaving out events
	// without a known date whatever their article's publication date.
	DatedOnly bool
	// ExcludeStale leaves out decided events whose extraction changed
	// since the decision: an export of accepted events must not pass them
	// off as accepted.
	ExcludeStale bool
}

// Values of events.review_state, which mirrors each event's decision so
// that the queue reads an index (see migration 0002).
const (
	stateStale   = "0"
	statePending = "1"
	stateDecided = "2"
)

// syncReviewState sets events.review_state of the events cond selects from
// their decisions. Every transaction that changes a decision, or an
// event's evidence hash, calls it before committing.
func syncReviewState(ctx context.Context, tx *tx, cond string, args ...any) error {
	_, err := tx.ExecContext(ctx, `UPDATE events SET review_state = coalesce((SELECT CASE WHEN r.evidence_hash = events.evidence_hash
		THEN `+stateDecided+` ELSE `+stateStale+` END FROM reviews r WHERE r.event_key = events.event_key), `+statePending+`)
		WHERE `+cond, args...)
	return err
}

// from returns the FROM clause the filter's conditions and the order keys
// need: events e, joined to articles a and reviews r only when they are
// read, so that counting and keyset steps can stay on events' indexes.
func (f Filter) from(keys []orderKey) string {
	needA, needR := f.Since != "" || f.Article != "" || f.Search != "", false
	for _, st := range strings.Split(f.Status, ",") {
		if st = strings.TrimSpace(st); st != "" && st != StatusPending && st != StatusStale {
			needR = true
		}
	}
	for _, k := range keys {
		needA = needA || strings.Contains(k.expr, "a.")
	}
	from := ` FROM events e`
	if needA {
		from += ` JOIN articles a ON a.id = e.article_id`
	}
	if needR {
		from += ` LEFT JOIN reviews r ON r.event_key = e.event_key`
	}
	return from
}

// EachFact streams the facts f selects to fn in f.Order, reading a batch at
// a time, so a caller can print the first rows before the last are read.
func (db *DB) EachFact(ctx context.Context, f Filter, fn func(Fact) error) error {
	return db.eachFact(ctx, f, fn)
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
		dated := "(e.date != '' AND e.date NOT LIKE 'XXXX%')"
		if f.DatedOnly {
			conds = append(conds, dated+" AND e.date >= ?")
		} else {
			conds = append(conds, "(CASE WHEN "+dated+" THEN e.date ELSE a.published END) >= ?")
		}
		args = append(args, f.Since)
	}
	if f.Status != "" {
		var any, states []string
		for _, st := range strings.Split(f.Status, ",") {
			switch st = strings.TrimSpace(st); st {
			case StatusPending:
				states = append(states, statePending)
			case StatusStale:
				states = append(states, stateStale)
			default:
				any = append(any, "r.status = ?")
				args = append(args, st)
			}
		}
		if len(states) > 0 {
			any = append(any, "e.review_state IN ("+strings.Join(states, ", ")+")")
		}
		conds = append(conds, "("+strings.Join(any, " OR ")+")")
	}
	if f.Article != "" {
		conds = append(conds, "a.article_key = ?")
		args = append(args, f.Article)
	}
	if f.Search != "" {
		conds = append(conds, "(lower(a.title) LIKE ? ESCAPE '\\' OR lower(a.source_id) LIKE ? ESCAPE '\\' OR lower(a.site) LIKE ? ESCAPE '\\' OR e.event_key = ?)")
		like := "%" + likeEscaper.Replace(strings.ToLower(f.Search)) + "%"
		args = append(args, like, like, like, f.Search)
	}
	if f.ExcludeStale {
		conds = append(conds, "e.review_state != "+stateStale)
	}
	if f.MinConfidence > 0 {
		conds = append(conds, "e.confidence >= ?")
		args = append(args, f.MinConfidence)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const factColumns = `e.id, e.event_key, e.type, e.country, e.origins, e.date, e.counts, e.qualifiers, e.derived,
	e.partners, e.operation, e.aggregate, e.confidence, e.evidence_hash,
	a.id, a.article_key, a.source_id, a.url, a.title, a.published, a.site,
	r.status, r.correction, r.reason, r.note, r.reviewer, r.reviewed_at, r.evidence_hash, r.decided_values,
	coalesce(v.revision, 0), om.op_key`

const factFrom = ` FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN reviews r ON r.event_key = e.event_key
	LEFT JOIN review_revisions v ON v.event_key = e.event_key
	LEFT JOIN operation_members om ON om.event_key = e.event_key`

// Facts lists the facts f selects, with their evidence, in f.Order: by
// default by article source id (a trailing number by its value) and the
// event's place in it.
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
	q := `SELECT ` + factColumns + factFrom + where + orderBy(f.orderKeys(), false)
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
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
	var rStatus, rCorr, rReason, rNote, rReviewer, rAt, rHash, rDecided, op sql.NullString
	var revision int
	ev := &f.Event
	err := s.Scan(&f.ID, &f.Key, new(string), &ev.Country, &origins, &ev.Date, &counts, &quals, &derived,
		&partners, &ev.Operation, &ev.Aggregate, &ev.Confidence, &evHash,
		&f.Article.ID, &f.Article.Key, &f.Article.SourceID, &f.Article.URL, &f.Article.Title, &f.Article.Published, &f.Article.Site,
		&rStatus, &rCorr, &rReason, &rNote, &rReviewer, &rAt, &rHash, &rDecided, &revision, &op)
	if err != nil {
		return Fact{}, err
	}
	f.Version = version(evHash, revision)
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
		if rDecided.String != "" {
			r.Decided = new(Values)
			if err := json.Unmarshal([]byte(rDecided.String), r.Decided); err != nil {
				return Fact{}, fmt.Errorf("event %s: decode decided values: %w", f.Key, err)
			}
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
	rows, err := db.r.QueryContext(ctx, `SELECT event_id, field, text, start, "end", sentence_start, sentence_end, rule
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
