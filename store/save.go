package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
)

// Status says what saving an article did.
type Status int

// Save outcomes.
const (
	New       Status = iota + 1 // first time this source_id was stored
	Unchanged                   // same content and extractor version: nothing written
	Updated                     // content or extractor changed: extraction replaced
)

func (s Status) String() string {
	switch s {
	case New:
		return "new"
	case Unchanged:
		return "unchanged"
	case Updated:
		return "updated"
	}
	return "unknown"
}

// Item is one article with its extraction, ready to save.
type Item struct {
	Article ingest.Article
	Result  *extract.Result
}

// Saved reports what Save did with one Item. Err is set, and nothing of
// the item stored, when that item could not be saved (evidence that does
// not match its text, a missing extraction, a row the database refused);
// the other items of the call are saved all the same.
type Saved struct {
	Status     Status
	ArticleKey string
	Events     int
	Err        error
	// Reattached counts decisions moved to a re-extracted event whose id
	// changed (its first sentence was edited) but which is recognisably the
	// same event.
	Reattached int
}

// ArticleKey returns the public id of the article with this source id: a
// short hash, so it is the same in every database.
func ArticleKey(sourceID string) string {
	return "a" + shortHash(sourceID)[:12]
}

// ContentHash fingerprints what extraction reads of an article. Saving an
// article whose hash and extractor version are already stored is a no-op.
func ContentHash(a ingest.Article) string {
	b, _ := json.Marshal([]string{a.Text, a.Title, a.URL, a.Canonical, a.Site, a.Language, a.Published, a.PublishedSource, a.Modified})
	return shortHash(string(b))
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Stored is what the store holds of an article, for deciding whether to
// extract it again: its date and where the date came from ("flag",
// "date_publish", …), and what its extraction was made from.
type Stored struct {
	Found                      bool
	Published, PublishedSource string
	ContentHash, Version       string // ContentHash and extractor version
}

// Stored returns what is stored of the article with this source id, with
// Found false when there is none. It is one query: ingest asks it of every
// article before extracting, and with a database server each query is a
// round trip.
func (db *DB) Stored(ctx context.Context, sourceID string) (Stored, error) {
	s := Stored{Found: true}
	err := db.r.QueryRowContext(ctx, `SELECT published, published_source, content_hash, extractor_version FROM articles WHERE source_id = ?`,
		sourceID).Scan(&s.Published, &s.PublishedSource, &s.ContentHash, &s.Version)
	if err == sql.ErrNoRows {
		return Stored{}, nil
	}
	if err != nil {
		return Stored{}, fmt.Errorf("look up %s: %w", sourceID, describe(err))
	}
	return s, nil
}

// Unchanged reports whether a is stored with the same content and
// extractor version, so the caller can skip extracting it again.
func (s Stored) Unchanged(a ingest.Article) bool {
	return s.Found && s.ContentHash == ContentHash(a) && s.Version == extract.Version
}

// IsUnchanged reports whether a is stored with the same content and
// extractor version.
func (db *DB) IsUnchanged(ctx context.Context, a ingest.Article) (bool, error) {
	s, err := db.Stored(ctx, a.SourceID)
	return s.Unchanged(a), err
}

// Save stores items in one transaction, each article with its sentences,
// paragraphs, raw page, events and evidence, or none of it: every item has
// its own savepoint, so a bad item (reported in its Saved.Err) leaves the
// others stored. Batching many items in one call is much faster than one
// call each. Review decisions are kept: a decision whose event's id changed
// on re-extraction moves to the new event that is recognisably the same
// (see reattach), where it shows as stale if the values or evidence
// changed. An error return means the database itself failed (it went away,
// the disk is full): then nothing of the call is stored.
func (db *DB) Save(ctx context.Context, items ...Item) ([]Saved, error) {
	// Rows are locked in source id order whatever the items' order, so
	// that two processes saving overlapping batches wait for each other
	// instead of deadlocking.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return items[order[a]].Article.SourceID < items[order[b]].Article.SourceID })
	out := make([]Saved, len(items))
	err := db.inTx(ctx, func(tx *tx) error {
		now := db.now().UTC().Format(time.RFC3339)
		for _, i := range order {
			it := items[i]
			if _, err := tx.ExecContext(ctx, `SAVEPOINT item`); err != nil {
				return err
			}
			s, err := saveOne(ctx, tx, it, now)
			if err != nil && !isItemError(err) {
				// The database itself failed: nothing of the call stays.
				return fmt.Errorf("save %s: %w", it.Article.SourceID, err)
			}
			if err != nil {
				// The item's own rows go; a database that cannot even
				// roll back to the savepoint fails the whole call.
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT item`); rerr != nil {
					return fmt.Errorf("save %s: %w", it.Article.SourceID, rerr)
				}
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				s = Saved{ArticleKey: ArticleKey(it.Article.SourceID), Err: fmt.Errorf("save %s: %w", it.Article.SourceID, describe(err))}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT item`); err != nil {
				return err
			}
			out[i] = s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func saveOne(ctx context.Context, tx *tx, it Item, now string) (Saved, error) {
	a := it.Article
	if it.Result == nil {
		return Saved{}, itemError{errors.New("no extraction result")}
	}
	key := ArticleKey(a.SourceID)
	hash := ContentHash(a)
	var id int64
	var oldHash, oldVersion string
	var decided []decidedEvent
	// Most saves are of new articles: the insert comes first, and costs
	// one statement. When the row exists (an update, or another process
	// storing the same article at the same time with PostgreSQL and
	// several workers), the insert does nothing and the row it met is read,
	// locked, as an existing one.
	status := New
	err := tx.QueryRowContext(ctx, `INSERT INTO articles (article_key, source_id, input, format, url, canonical, title, site, language,
		published, published_source, modified, text, content_hash, extractor_version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING RETURNING id`,
		key, a.SourceID, a.Input, a.Format, a.URL, a.Canonical, a.Title, a.Site, a.Language,
		a.Published, a.PublishedSource, a.Modified, a.Text, hash, extract.Version, now, now).Scan(&id)
	if err == sql.ErrNoRows {
		status = Updated
		err = tx.QueryRowContext(ctx, `SELECT id, content_hash, extractor_version FROM articles WHERE source_id = ?`+tx.e.lockRow(),
			a.SourceID).Scan(&id, &oldHash, &oldVersion)
	}
	switch {
	case err != nil:
		return Saved{}, err
	case status == New:
	case oldHash == hash && oldVersion == extract.Version:
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE article_id = ?`, id).Scan(&n); err != nil {
			return Saved{}, err
		}
		return Saved{Status: Unchanged, ArticleKey: key, Events: n}, nil
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET input = ?, format = ?, url = ?, canonical = ?, title = ?, site = ?, language = ?,
			published = ?, published_source = ?, modified = ?, text = ?, content_hash = ?, extractor_version = ?, updated_at = ?
			WHERE id = ?`,
			a.Input, a.Format, a.URL, a.Canonical, a.Title, a.Site, a.Language, a.Published, a.PublishedSource, a.Modified,
			a.Text, hash, extract.Version, now, id); err != nil {
			return Saved{}, err
		}
		if decided, err = decidedEvents(ctx, tx, key); err != nil {
			return Saved{}, err
		}
		if err := deleteExtraction(ctx, tx, id); err != nil {
			return Saved{}, err
		}
	}
	if err := insertText(ctx, tx, id, a, it.Result.Document); err != nil {
		return Saved{}, err
	}
	if err := insertEvents(ctx, tx, id, a, it.Result.Events); err != nil {
		return Saved{}, err
	}
	n, err := reattach(ctx, tx, decided, EventKeys(a.SourceID, a.Text, it.Result.Events), it.Result.Events, now)
	if err != nil {
		return Saved{}, err
	}
	if n > 0 {
		// Decisions moved to other events after these were inserted.
		if err := syncReviewState(ctx, tx, "article_id = ?", id); err != nil {
			return Saved{}, err
		}
	}
	return Saved{Status: status, ArticleKey: key, Events: len(it.Result.Events), Reattached: n}, nil
}

// itemError marks what is wrong with one item, not with the database.
type itemError struct{ err error }

func (e itemError) Error() string { return e.err.Error() }
func (e itemError) Unwrap() error { return e.err }

// isItemError reports whether err is due to the item being saved (bad
// evidence, a value the database refuses) rather than to the database
// (gone, full, read-only), so that only the item fails.
func isItemError(err error) bool {
	var ie itemError
	var pe *pgconn.PgError
	var se sqlite3.Error
	switch {
	case errors.As(err, &ie):
		return true
	case errors.As(err, &pe):
		// Class 22 data exception (say, a NUL byte in text), 23 integrity
		// constraint violation.
		return strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23")
	case errors.As(err, &se):
		return se.Code == sqlite3.ErrConstraint || se.Code == sqlite3.ErrTooBig || se.Code == sqlite3.ErrMismatch || se.Code == sqlite3.ErrRange
	}
	return false
}

// deleteExtraction removes what was stored of article id besides its row,
// before it is written again.
func deleteExtraction(ctx context.Context, tx *tx, id int64) error {
	for _, q := range []string{
		`DELETE FROM events WHERE article_id = ?`,
		`DELETE FROM sentences WHERE article_id = ?`,
		`DELETE FROM paragraphs WHERE article_id = ?`,
		`DELETE FROM pages WHERE article_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// insertText stores sentence and paragraph boundaries and the raw page.
func insertText(ctx context.Context, tx *tx, id int64, a ingest.Article, doc extract.Document) error {
	sentences := make([]any, 0, 4*len(doc.Sentences))
	for i, s := range doc.Sentences {
		sentences = append(sentences, id, i, s.Start, s.End)
	}
	if err := insertRows(ctx, tx, `sentences (article_id, idx, start, "end")`, 4, sentences); err != nil {
		return err
	}
	paragraphs := make([]any, 0, 5*len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		paragraphs = append(paragraphs, id, i, p.Start, p.End, p.Path)
	}
	if err := insertRows(ctx, tx, `paragraphs (article_id, idx, start, "end", path)`, 5, paragraphs); err != nil {
		return err
	}
	if a.Raw == nil {
		return nil
	}
	var status int
	var headers []byte = []byte("{}")
	var finalURL, fetchedAt, etag, lastMod string
	if f := a.Fetched; f != nil {
		finalURL, status, fetchedAt, etag, lastMod = f.URL, f.Status, f.FetchedAt, f.ETag, f.LastModified
		if f.Header != nil {
			headers, _ = json.Marshal(f.Header)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO pages (article_id, raw, final_url, status, headers, fetched_at, etag, last_modified)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, a.Raw, finalURL, status, string(headers), fetchedAt, etag, lastMod)
	return err
}

func insertEvents(ctx context.Context, tx *tx, id int64, a ingest.Article, events []extract.Event) error {
	if len(events) == 0 {
		return nil
	}
	for i, ev := range events {
		for _, e := range ev.Evidence {
			if err := checkSpan(a.Text, e); err != nil {
				return itemError{fmt.Errorf("event %d: %w", i, err)}
			}
		}
	}
	keys := EventKeys(a.SourceID, a.Text, events)
	// Each event's review state is set as it is inserted, from a decision
	// already stored for its id (a re-extraction, a copied database), as
	// syncReviewState would set it: updating the rows afterwards would
	// write each event twice.
	const eventCols = 16
	row := `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT CASE WHEN r.evidence_hash = ?
		THEN ` + stateDecided + ` ELSE ` + stateStale + ` END FROM reviews r WHERE r.event_key = ?), ` + statePending + `))`
	rows := make([]any, 0, eventCols*len(events))
	for i, ev := range events {
		hash := EvidenceHash(ev)
		rows = append(rows, keys[i], id, i, ev.Country, jsonOf(nonNil(ev.From)), ev.Date,
			jsonOf(nonNilMap(ev.Counts)), jsonOf(nonNilMap(ev.Qualifiers)), jsonOf(nonNil(ev.Derived)), jsonOf(nonNil(ev.Partners)),
			ev.Operation, ev.Aggregate, ev.Confidence, hash, hash, keys[i])
	}
	// Neither engine promises RETURNING rows in the order of VALUES: each
	// id comes back with its event's ord.
	ids := make([]int64, len(events))
	for start := 0; start < len(events); start += maxRowsPerInsert {
		end := min(start+maxRowsPerInsert, len(events))
		q := `INSERT INTO events (event_key, article_id, ord, country, origins, date, counts,
			qualifiers, derived, partners, operation, aggregate, confidence, evidence_hash, review_state)
			VALUES ` + values(end-start, row) + ` RETURNING ord, id`
		res, err := tx.QueryContext(ctx, q, rows[start*eventCols:end*eventCols]...)
		if err != nil {
			return err
		}
		for res.Next() {
			var ord int
			var evID int64
			if err := res.Scan(&ord, &evID); err != nil {
				res.Close()
				return err
			}
			ids[ord] = evID
		}
		if err := res.Close(); err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
	}
	var evidence []any
	for i, ev := range events {
		for j, e := range ev.Evidence {
			evidence = append(evidence, ids[i], j, e.Field, e.Text, e.Span.Start, e.Span.End, e.Sentence.Start, e.Sentence.End, e.Rule)
		}
	}
	return insertRows(ctx, tx, `evidence (event_id, idx, field, text, start, "end", sentence_start, sentence_end, rule)`, 9, evidence)
}

// maxRowsPerInsert bounds the rows of one multi-row INSERT: 100 rows of
// the widest (events, 16 bound values a row) stay far below both engines'
// limits on bound values, and a server caches one prepared statement per
// row count.
const maxRowsPerInsert = 100

// insertRows inserts rows, given as width values each one after the other,
// into table (its name and column list), in as few statements as
// maxRowsPerInsert allows: with a database server every statement is a
// round trip, and an article has dozens of sentences.
func insertRows(ctx context.Context, tx *tx, table string, width int, args []any) error {
	n := len(args) / width
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	for start := 0; start < n; start += maxRowsPerInsert {
		end := min(start+maxRowsPerInsert, n)
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` VALUES `+values(end-start, row),
			args[start*width:end*width]...); err != nil {
			return err
		}
	}
	return nil
}

// values returns the VALUES list of n rows, each the expression row.
func values(n int, row string) string {
	var b strings.Builder
	b.Grow(n * (len(row) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// checkSpan enforces the provenance invariant: the evidence text is exactly
// the stored text at its span, inside its sentence, and neither boundary
// splits a character (a split one would not survive export as UTF-8).
func checkSpan(text string, e extract.Evidence) error {
	s, sen := e.Span, e.Sentence
	if s.Start < 0 || s.End > len(text) || s.Start > s.End || text[s.Start:s.End] != e.Text {
		return fmt.Errorf("evidence %q for %s does not match the text at [%d,%d)", e.Text, e.Field, s.Start, s.End)
	}
	if sen.Start < 0 || sen.End > len(text) || sen.Start > s.Start || sen.End < s.End {
		return fmt.Errorf("evidence %q for %s lies outside its sentence [%d,%d)", e.Text, e.Field, sen.Start, sen.End)
	}
	for _, i := range []int{s.Start, s.End, sen.Start, sen.End} {
		if i < len(text) && !utf8.RuneStart(text[i]) {
			return fmt.Errorf("evidence %q for %s: offset %d splits a character", e.Text, e.Field, i)
		}
	}
	return nil
}

// EventKeys returns each event's public id. It depends on the article's
// source id, the event's country and the sentence of its first evidence,
// numbered when several events share them, so that re-extracting an article
// gives an unchanged event the same id and its review decision stays with it.
func EventKeys(sourceID, text string, events []extract.Event) []string {
	keys := make([]string, len(events))
	seen := map[string]int{}
	for i, ev := range events {
		anchor := ""
		if len(ev.Evidence) > 0 {
			first := ev.Evidence[0]
			for _, e := range ev.Evidence[1:] {
				if e.Sentence.Start < first.Sentence.Start {
					first = e
				}
			}
			if first.Sentence.End <= len(text) && first.Sentence.Start <= first.Sentence.End {
				anchor = text[first.Sentence.Start:first.Sentence.End]
			}
		}
		base := sourceID + "\x00" + ev.Country + "\x00" + anchor
		n := seen[base]
		seen[base] = n + 1
		keys[i] = "e" + shortHash(fmt.Sprintf("%s\x00%d", base, n))[:15]
	}
	return keys
}

// EvidenceHash fingerprints an event's values and evidence. A review
// decision made against one hash is stale once the event's hash differs.
// It covers the fields hashFields lists, not whatever extract.Event holds,
// so adding a field to events does not make every decision stale.
func EvidenceHash(ev extract.Event) string {
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, f := range hashFields {
		v := f.value(ev)
		if f.since > 1 && isZero(v) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteString(jsonOf(f.name))
		b.WriteByte(':')
		b.WriteString(jsonOf(v))
	}
	b.WriteByte('}')
	return shortHash(b.String())[:16]
}

// hashField is one field the evidence hash covers: its name in the hash
// input, its value, and the hash version that added it.
type hashField struct {
	name  string
	since int
	value func(extract.Event) any
}

// hashFields are the event fields the evidence hash covers, in the order
// of its input (a JSON object). Version 1 is the list it has always
// covered, byte for byte, so stored hashes stay valid; "confidence" is
// always 0 there because a new confidence alone must not make a decision
// stale. To cover a new field, append it with the next version: a field
// of a later version is left out while empty, so events without it keep
// their hash, and decisions on them stay fresh.
var hashFields = []hashField{
	{"country", 1, func(ev extract.Event) any { return ev.Country }},
	{"from", 1, func(ev extract.Event) any { return ev.From }},
	{"date", 1, func(ev extract.Event) any { return ev.Date }},
	{"counts", 1, func(ev extract.Event) any { return ev.Counts }},
	{"qualifiers", 1, func(ev extract.Event) any { return ev.Qualifiers }},
	{"derived", 1, func(ev extract.Event) any { return ev.Derived }},
	{"partners", 1, func(ev extract.Event) any { return ev.Partners }},
	{"operation", 1, func(ev extract.Event) any { return ev.Operation }},
	{"aggregate", 1, func(ev extract.Event) any { return ev.Aggregate }},
	{"confidence", 1, func(extract.Event) any { return 0 }},
	{"evidence", 1, func(ev extract.Event) any {
		evi := append([]extract.Evidence(nil), ev.Evidence...)
		sort.SliceStable(evi, func(i, j int) bool { return evi[i].Span.Start < evi[j].Span.Start })
		return evi
	}},
}

// isZero reports whether a hashed value is empty: its JSON is a zero
// value, an empty list or object, or null.
func isZero(v any) bool {
	switch jsonOf(v) {
	case `""`, "0", "false", "null", "[]", "{}":
		return true
	}
	return false
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only values of the types above reach here; they always marshal.
		return "null"
	}
	return string(b)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

// Validators returns the cache validators stored for the given URLs (as
// source ids), so a refetch can ask the server whether a page changed.
func (db *DB) Validators(ctx context.Context, urls []string) (map[string]ingest.Validators, error) {
	out := map[string]ingest.Validators{}
	st, err := db.r.PrepareContext(ctx, `SELECT p.etag, p.last_modified FROM pages p JOIN articles a ON a.id = p.article_id
		WHERE a.source_id = ? AND (p.etag != '' OR p.last_modified != '')`)
	if err != nil {
		return nil, fmt.Errorf("read validators: %w", describe(err))
	}
	defer st.Close()
	for _, u := range urls {
		var v ingest.Validators
		err := st.QueryRowContext(ctx, u).Scan(&v.ETag, &v.LastModified)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read validators for %s: %w", u, describe(err))
		}
		out[u] = v
	}
	return out, nil
}
