package store

import (
	"context"
	"database/sql"
	"fmt"
)

// CopyStats says what Copy did.
type CopyStats struct {
	Articles, ArticlesUnchanged int // articles written, and already equal in the target
	Events                      int // events of the written articles
	Reviews, ReviewsUnchanged   int // decisions written, and already equal in the target
	ReviewsWithdrawn            int // target's decisions removed because the source withdrew them later
	ReviewsKeptNewer            int // decisions and withdrawals left alone because the target's act was later
	Operations                  int // events whose operation (or place in it) the copy set
	OperationDecisions          int // reviewers' links and picks on operations written
	OperationWithdrawals        int // target's picks on operations removed because the source withdrew them later
}

// copyBatch is how many articles one transaction of Copy writes.
const copyBatch = 64

// Copy copies every article (text, raw page, sentences, paragraphs, events,
// evidence) and every review decision of src into dst, which may be of
// either engine: a SQLite file published to a team's PostgreSQL database,
// or back. An article already in dst with the same content and extractor
// version is left alone; one that differs is replaced.
//
// Review decisions and withdrawals of decisions are copied so that the
// latest act on an event wins, whichever database it was made in: a
// decision replaces dst's for the same event unless dst's was made later,
// and is not copied where dst withdrew a decision at the same time or
// later; a withdrawal removes dst's decision unless that was made later
// (a withdrawal wins a tie: times are kept to the second, and a decision
// and its withdrawal can fall in one). src's operations (its last linking
// run) replace the target's for the same events, and the reviewers'
// decisions on operations (links kept apart or together, picked values)
// and withdrawals of picks are copied like review decisions and their
// withdrawals. Copying again changes nothing.
//
// Left alone: the job queue, and each database's own review bookkeeping
// (revision counters, the undo trail, who has a page open), which copying
// a decision or a withdrawal updates in the target as deciding or
// withdrawing there would. src is only read; callers open it with
// OpenReadOnly.
func Copy(ctx context.Context, dst, src *DB) (CopyStats, error) {
	var st CopyStats
	rows, err := src.r.QueryContext(ctx, `SELECT id, source_id FROM articles ORDER BY source_id`)
	if err != nil {
		return st, fmt.Errorf("copy from %s: %w", src.path, describe(err))
	}
	type ref struct {
		id     int64
		source string
	}
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.source); err != nil {
			rows.Close()
			return st, fmt.Errorf("copy from %s: %w", src.path, err)
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("copy from %s: %w", src.path, describe(err))
	}
	for len(refs) > 0 {
		n := min(copyBatch, len(refs))
		batch := make([]copiedArticle, 0, n)
		for _, r := range refs[:n] {
			a, err := readArticle(ctx, src, r.id)
			if err != nil {
				return st, fmt.Errorf("copy %s from %s: %w", r.source, src.path, err)
			}
			batch = append(batch, a)
		}
		refs = refs[n:]
		err := dst.inTx(ctx, func(tx *tx) error {
			for _, a := range batch {
				written, err := writeArticle(ctx, tx, a)
				if err != nil {
					return fmt.Errorf("copy %s: %w", a.row.sourceID, err)
				}
				if written {
					st.Articles++
					st.Events += len(a.events)
				} else {
					st.ArticlesUnchanged++
				}
			}
			return nil
		})
		if err != nil {
			return st, fmt.Errorf("copy to %s: %w", dst.path, err)
		}
	}
	if err := copyReviews(ctx, dst, src, &st); err != nil {
		return st, err
	}
	if err := copyOperations(ctx, dst, src, &st); err != nil {
		return st, err
	}
	return st, nil
}

// articleRow is every column of an articles row but its id.
type articleRow struct {
	key, sourceID, input, format, url, canonical, title, site, language                    string
	published, publishedSource, modified, text, contentHash, version, createdAt, updatedAt string
}

type pageRow struct {
	raw                                              []byte
	finalURL, headers, fetchedAt, etag, lastModified string
	status                                           int
}

type spanRow struct {
	start, end int
	path       string // paragraphs only
}

type eventRow struct {
	id                                                                                 int64
	key, typ, country, origins, date, counts, qualifiers, derived, partners, operation string
	evidenceHash                                                                       string
	ord                                                                                int
	aggregate                                                                          bool
	confidence                                                                         float64
	evidence                                                                           []evidenceRow
}

type evidenceRow struct {
	field, text, rule              string
	start, end, sentStart, sentEnd int
}

// copiedArticle is one article with everything stored of it.
type copiedArticle struct {
	row        articleRow
	page       *pageRow
	sentences  []spanRow
	paragraphs []spanRow
	events     []eventRow
}

// readArticle reads article id and its rows from db.
func readArticle(ctx context.Context, db *DB, id int64) (copiedArticle, error) {
	var a copiedArticle
	r := &a.row
	err := db.r.QueryRowContext(ctx, `SELECT article_key, source_id, input, format, url, canonical, title, site, language,
		published, published_source, modified, text, content_hash, extractor_version, created_at, updated_at
		FROM articles WHERE id = ?`, id).Scan(&r.key, &r.sourceID, &r.input, &r.format, &r.url, &r.canonical, &r.title,
		&r.site, &r.language, &r.published, &r.publishedSource, &r.modified, &r.text, &r.contentHash, &r.version,
		&r.createdAt, &r.updatedAt)
	if err != nil {
		return a, describe(err)
	}
	var p pageRow
	err = db.r.QueryRowContext(ctx, `SELECT raw, final_url, status, headers, fetched_at, etag, last_modified FROM pages WHERE article_id = ?`, id).
		Scan(&p.raw, &p.finalURL, &p.status, &p.headers, &p.fetchedAt, &p.etag, &p.lastModified)
	switch {
	case err == nil:
		a.page = &p
	case err != sql.ErrNoRows:
		return a, describe(err)
	}
	if a.sentences, err = readSpans(ctx, db, `SELECT start, "end", '' FROM sentences WHERE article_id = ? ORDER BY idx`, id); err != nil {
		return a, err
	}
	if a.paragraphs, err = readSpans(ctx, db, `SELECT start, "end", path FROM paragraphs WHERE article_id = ? ORDER BY idx`, id); err != nil {
		return a, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, event_key, ord, type, country, origins, date, counts, qualifiers, derived, partners,
		operation, aggregate, confidence, evidence_hash FROM events WHERE article_id = ? ORDER BY ord`, id)
	if err != nil {
		return a, describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e eventRow
		if err := rows.Scan(&e.id, &e.key, &e.ord, &e.typ, &e.country, &e.origins, &e.date, &e.counts, &e.qualifiers, &e.derived,
			&e.partners, &e.operation, &e.aggregate, &e.confidence, &e.evidenceHash); err != nil {
			return a, err
		}
		a.events = append(a.events, e)
	}
	if err := rows.Err(); err != nil {
		return a, describe(err)
	}
	for i := range a.events {
		e := &a.events[i]
		rows, err := db.r.QueryContext(ctx, `SELECT field, text, start, "end", sentence_start, sentence_end, rule
			FROM evidence WHERE event_id = ? ORDER BY idx`, e.id)
		if err != nil {
			return a, describe(err)
		}
		for rows.Next() {
			var v evidenceRow
			if err := rows.Scan(&v.field, &v.text, &v.start, &v.end, &v.sentStart, &v.sentEnd, &v.rule); err != nil {
				rows.Close()
				return a, err
			}
			e.evidence = append(e.evidence, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return a, describe(err)
		}
	}
	return a, nil
}

func readSpans(ctx context.Context, db *DB, q string, id int64) ([]spanRow, error) {
	rows, err := db.r.QueryContext(ctx, q, id)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []spanRow
	for rows.Next() {
		var s spanRow
		if err := rows.Scan(&s.start, &s.end, &s.path); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, describe(rows.Err())
}

// writeArticle stores a in the target unless it is there with the same
// content and extractor version, and reports whether it wrote.
func writeArticle(ctx context.Context, tx *tx, a copiedArticle) (bool, error) {
	r := a.row
	var id int64
	var hash, version string
	err := tx.QueryRowContext(ctx, `SELECT id, content_hash, extractor_version FROM articles WHERE source_id = ?`+tx.e.lockRow(), r.sourceID).
		Scan(&id, &hash, &version)
	switch {
	case err == sql.ErrNoRows:
		err = tx.QueryRowContext(ctx, `INSERT INTO articles (article_key, source_id, input, format, url, canonical, title, site, language,
			published, published_source, modified, text, content_hash, extractor_version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.key, r.sourceID, r.input, r.format, r.url, r.canonical, r.title, r.site, r.language, r.published, r.publishedSource,
			r.modified, r.text, r.contentHash, r.version, r.createdAt, r.updatedAt).Scan(&id)
		if err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	case hash == r.contentHash && version == r.version:
		return false, nil
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET input = ?, format = ?, url = ?, canonical = ?, title = ?, site = ?,
			language = ?, published = ?, published_source = ?, modified = ?, text = ?, content_hash = ?, extractor_version = ?,
			updated_at = ? WHERE id = ?`, r.input, r.format, r.url, r.canonical, r.title, r.site, r.language, r.published,
			r.publishedSource, r.modified, r.text, r.contentHash, r.version, r.updatedAt, id); err != nil {
			return false, err
		}
		if err := deleteExtraction(ctx, tx, id); err != nil {
			return false, err
		}
	}
	if p := a.page; p != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pages (article_id, raw, final_url, status, headers, fetched_at, etag, last_modified)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, p.raw, p.finalURL, p.status, p.headers, p.fetchedAt, p.etag, p.lastModified); err != nil {
			return false, err
		}
	}
	for i, s := range a.sentences {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sentences (article_id, idx, start, "end") VALUES (?, ?, ?, ?)`, id, i, s.start, s.end); err != nil {
			return false, err
		}
	}
	for i, s := range a.paragraphs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO paragraphs (article_id, idx, start, "end", path) VALUES (?, ?, ?, ?, ?)`,
			id, i, s.start, s.end, s.path); err != nil {
			return false, err
		}
	}
	for _, e := range a.events {
		var evID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (event_key, article_id, ord, type, country, origins, date, counts,
			qualifiers, derived, partners, operation, aggregate, confidence, evidence_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.key, id, e.ord, e.typ, e.country, e.origins, e.date,
			e.counts, e.qualifiers, e.derived, e.partners, e.operation, e.aggregate, e.confidence, e.evidenceHash).Scan(&evID); err != nil {
			return false, err
		}
		for j, v := range e.evidence {
			if _, err := tx.ExecContext(ctx, `INSERT INTO evidence (event_id, idx, field, text, start, "end", sentence_start, sentence_end, rule)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, evID, j, v.field, v.text, v.start, v.end, v.sentStart, v.sentEnd, v.rule); err != nil {
				return false, err
			}
		}
	}
	// Decisions the target already holds on these events show on them.
	return true, syncReviewState(ctx, tx, "article_id = ?", id)
}

// reviewRow is every column of a reviews row.
type reviewRow struct {
	eventKey, status, correction, reason, note, reviewer, reviewedAt, evidenceHash string
	articleKey, decidedValues                                                      string
}

const reviewColumns = `event_key, status, correction, reason, note, reviewer, reviewed_at, evidence_hash, article_key, decided_values`

func scanReview(s scanner) (reviewRow, error) {
	var r reviewRow
	err := s.Scan(&r.eventKey, &r.status, &r.correction, &r.reason, &r.note, &r.reviewer, &r.reviewedAt, &r.evidenceHash,
		&r.articleKey, &r.decidedValues)
	return r, err
}

// copyReviews copies src's decisions and withdrawals into dst in one
// transaction.
func copyReviews(ctx context.Context, dst, src *DB, st *CopyStats) error {
	var decisions []reviewRow
	err := readRows(ctx, src, `SELECT `+reviewColumns+` FROM reviews ORDER BY event_key`, func(s scanner) error {
		r, err := scanReview(s)
		decisions = append(decisions, r)
		return err
	})
	var withdrawals []withdrawalRow
	if err == nil {
		err = readRows(ctx, src, `SELECT event_key, reviewer, withdrawn_at FROM review_withdrawals ORDER BY event_key`,
			func(s scanner) error {
				var w withdrawalRow
				err := s.Scan(&w.eventKey, &w.reviewer, &w.at)
				withdrawals = append(withdrawals, w)
				return err
			})
	}
	if err != nil {
		return fmt.Errorf("copy reviews from %s: %w", src.path, describe(err))
	}
	err = dst.inTx(ctx, func(tx *tx) error {
		for _, r := range decisions {
			if err := copyDecision(ctx, tx, r, st); err != nil {
				return err
			}
		}
		for _, w := range withdrawals {
			if err := copyWithdrawal(ctx, tx, w, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("copy reviews to %s: %w", dst.path, err)
	}
	return nil
}

// copyDecision stores r in the target unless the target's decision or
// withdrawal on the event is the later act.
func copyDecision(ctx context.Context, tx *tx, r reviewRow, st *CopyStats) error {
	old, err := scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE event_key = ?`+tx.e.lockRow(), r.eventKey))
	switch {
	case err == sql.ErrNoRows:
		// No decision: perhaps one withdrawn since r was made.
		var withdrawn string
		err := tx.QueryRowContext(ctx, `SELECT withdrawn_at FROM review_withdrawals WHERE event_key = ?`+tx.e.lockRow(), r.eventKey).
			Scan(&withdrawn)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return err
		case withdrawn >= r.reviewedAt:
			st.ReviewsKeptNewer++
			return nil
		}
	case err != nil:
		return err
	case old == r:
		st.ReviewsUnchanged++
		return nil
	case old.reviewedAt > r.reviewedAt:
		st.ReviewsKeptNewer++
		return nil
	}
	// A new revision, so that a reviewer's page on the target that showed
	// the replaced decision is refused, and Undo restores it.
	if err := bumpRevision(ctx, tx, r.eventKey, "", ""); err != nil {
		return err
	}
	if err := forgetWithdrawal(ctx, tx, r.eventKey); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (`+reviewColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (event_key) DO UPDATE SET status = excluded.status, correction = excluded.correction,
			reason = excluded.reason, note = excluded.note, reviewer = excluded.reviewer,
			reviewed_at = excluded.reviewed_at, evidence_hash = excluded.evidence_hash,
			article_key = excluded.article_key, decided_values = excluded.decided_values`,
		r.eventKey, r.status, r.correction, r.reason, r.note, r.reviewer, r.reviewedAt, r.evidenceHash,
		r.articleKey, r.decidedValues); err != nil {
		return err
	}
	st.Reviews++
	return syncReviewState(ctx, tx, "event_key = ?", r.eventKey)
}

// copyWithdrawal withdraws the target's decision on w's event unless that
// decision was made later. Where the target has no decision it still
// records w, so that a decision older than w copied later, from src or
// from a third database, is not taken.
func copyWithdrawal(ctx context.Context, tx *tx, w withdrawalRow, st *CopyStats) error {
	var decided string
	err := tx.QueryRowContext(ctx, `SELECT reviewed_at FROM reviews WHERE event_key = ?`+tx.e.lockRow(), w.eventKey).Scan(&decided)
	switch {
	case err == sql.ErrNoRows:
		return recordWithdrawal(ctx, tx, w)
	case err != nil:
		return err
	case decided > w.at:
		st.ReviewsKeptNewer++
		return nil
	}
	// A new revision, as for a copied decision: open pages are refused, and
	// Undo restores the withdrawn decision.
	if err := bumpRevision(ctx, tx, w.eventKey, "", ""); err != nil {
		return err
	}
	if err := withdraw(ctx, tx, w); err != nil {
		return err
	}
	st.ReviewsWithdrawn++
	return syncReviewState(ctx, tx, "event_key = ?", w.eventKey)
}

// copyOperations copies src's operations with their members, and the
// reviewers' operation decisions, into dst in one transaction. Each
// statement writes only rows that differ, so that its count says what
// changed.
func copyOperations(ctx context.Context, dst, src *DB, st *CopyStats) error {
	type member struct {
		op, country, linkedAt, event string
		seq                          int
	}
	type decision struct{ a, b, value, reviewer, at string }
	var members []member
	err := readRows(ctx, src, `SELECT o.op_key, o.country, o.linked_at, m.event_key, m.seq
		FROM operation_members m JOIN operations o ON o.op_key = m.op_key ORDER BY m.event_key`, func(s scanner) error {
		var m member
		members = append(members, m)
		p := &members[len(members)-1]
		return s.Scan(&p.op, &p.country, &p.linkedAt, &p.event, &p.seq)
	})
	decisions := make([][]decision, len(opDecisionTables))
	withdrawals := make([][]opWithdrawal, len(opDecisionTables))
	for i, t := range opDecisionTables {
		if err != nil {
			break
		}
		err = readRows(ctx, src, fmt.Sprintf(`SELECT %s, %s, %s, reviewer, decided_at FROM %s ORDER BY %[1]s, %[2]s`,
			t.key1, t.key2, t.value, t.table), func(s scanner) error {
			var d decision
			err := s.Scan(&d.a, &d.b, &d.value, &d.reviewer, &d.at)
			decisions[i] = append(decisions[i], d)
			return err
		})
		if err != nil || t.withdrawals == "" {
			continue
		}
		err = readRows(ctx, src, fmt.Sprintf(`SELECT %s, %s, reviewer, withdrawn_at FROM %s ORDER BY %[1]s, %[2]s`,
			t.key1, t.key2, t.withdrawals), func(s scanner) error {
			var w opWithdrawal
			err := s.Scan(&w.a, &w.b, &w.reviewer, &w.at)
			withdrawals[i] = append(withdrawals[i], w)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("copy operations from %s: %w", src.path, describe(err))
	}
	err = dst.inTx(ctx, func(tx *tx) error {
		// exec runs q and adds the rows it wrote to *n.
		exec := func(n *int, q string, args ...any) error {
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			*n += int(k)
			return err
		}
		var ignored int
		for _, m := range members {
			if err := exec(&ignored, `INSERT INTO operations (op_key, country, linked_at) VALUES (?, ?, ?)
				ON CONFLICT (op_key) DO UPDATE SET country = excluded.country, linked_at = excluded.linked_at
				WHERE operations.country != excluded.country OR operations.linked_at != excluded.linked_at`,
				m.op, m.country, m.linkedAt); err != nil {
				return err
			}
			if err := exec(&st.Operations, `INSERT INTO operation_members (event_key, op_key, seq) VALUES (?, ?, ?)
				ON CONFLICT (event_key) DO UPDATE SET op_key = excluded.op_key, seq = excluded.seq
				WHERE operation_members.op_key != excluded.op_key OR operation_members.seq != excluded.seq`,
				m.event, m.op, m.seq); err != nil {
				return err
			}
		}
		// Operations of the target that the copy emptied.
		if err := exec(&ignored, `DELETE FROM operations WHERE NOT EXISTS
			(SELECT 1 FROM operation_members m WHERE m.op_key = operations.op_key)`); err != nil {
			return err
		}
		// A decision replaces the target's unless the target's was made
		// later, and is not copied where the target withdrew one at the
		// same time or later; a withdrawal removes the target's decision
		// unless that was made later: as for review decisions.
		for i, t := range opDecisionTables {
			q := fmt.Sprintf(`INSERT INTO %[1]s (%[2]s, %[3]s, %[4]s, reviewer, decided_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (%[2]s, %[3]s) DO UPDATE SET %[4]s = excluded.%[4]s, reviewer = excluded.reviewer,
					decided_at = excluded.decided_at
				WHERE %[1]s.decided_at <= excluded.decided_at AND (%[1]s.%[4]s != excluded.%[4]s
					OR %[1]s.reviewer != excluded.reviewer OR %[1]s.decided_at != excluded.decided_at)`,
				t.table, t.key1, t.key2, t.value)
			for _, d := range decisions[i] {
				if t.withdrawals != "" {
					withdrawn, err := queryAt(ctx, tx, t.withdrawals, "withdrawn_at", t, d.a, d.b)
					if err != nil {
						return err
					}
					if withdrawn >= d.at {
						continue
					}
				}
				var written int
				if err := exec(&written, q, d.a, d.b, d.value, d.reviewer, d.at); err != nil {
					return err
				}
				st.OperationDecisions += written
				if written > 0 && t.withdrawals != "" {
					if err := t.forgetWithdrawal(ctx, tx, d.a, d.b); err != nil {
						return err
					}
				}
			}
			for _, w := range withdrawals[i] {
				if err := copyOpWithdrawal(ctx, tx, t, w, st); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("copy operations to %s: %w", dst.path, err)
	}
	return nil
}

// copyOpWithdrawal withdraws the target's decision keyed by w unless that
// decision was made later. Where the target has no decision it still
// records w, so that an older decision copied later is not taken.
func copyOpWithdrawal(ctx context.Context, tx *tx, t opDecisionTable, w opWithdrawal, st *CopyStats) error {
	decided, err := queryAt(ctx, tx, t.table, "decided_at", t, w.a, w.b)
	switch {
	case err != nil:
		return err
	case decided == "":
		return t.recordWithdrawal(ctx, tx, w)
	case decided > w.at:
		return nil
	}
	if err := t.withdraw(ctx, tx, w); err != nil {
		return err
	}
	st.OperationWithdrawals++
	return nil
}

// queryAt returns the time column of table's row keyed by a and b (a
// table of t's key), locked, or "" when there is none.
func queryAt(ctx context.Context, tx *tx, table, column string, t opDecisionTable, a, b string) (string, error) {
	var at string
	err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT %s FROM %s WHERE %s = ? AND %s = ?`, column, table, t.key1, t.key2)+tx.e.lockRow(),
		a, b).Scan(&at)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return at, err
}

// readRows runs q on db's readers and hands each row to fn.
func readRows(ctx context.Context, db *DB, q string, fn func(scanner) error) error {
	rows, err := db.r.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
