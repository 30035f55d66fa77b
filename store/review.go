package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/extract"
)

// StatusStale is a Filter.Status value, never a stored status: it selects
// decided events whose values or evidence changed since the decision.
const StatusStale = "stale"

// Filter orders.
const (
	// OrderSource lists facts by article source id and place in the
	// article. It is the zero value.
	OrderSource = ""
	// OrderQueue is the review queue: stale decisions first, then pending
	// events, then decided ones; lowest confidence first within each.
	OrderQueue = "queue"
	// OrderConfidence lists the most confident events first.
	OrderConfidence = "confidence"
	// OrderDate lists the latest event dates first.
	OrderDate = "date"
	// OrderCountry lists events by country, lowest confidence first.
	OrderCountry = "country"
)

// Limits on free text, in bytes, so a pasted article cannot become a note.
const (
	MaxNote     = 4000
	MaxName     = 200
	maxPartners = 50
)

// Decision is what a reviewer decides about one event. Status is accepted,
// rejected or corrected, or pending to withdraw a decision. Correction lists
// the fields the reviewer changed; Reason says why an event was rejected.
//
// Version is the Fact.Version the reviewer saw. SetReview stores the
// decision only while the event still has that version, and returns
// ErrConflict otherwise; an empty Version skips the check (for tools that
// decide without showing anything).
//
// KnownPartners are the partner ids a correction may add to the event's
// own, usually an Extractor's PartnerIDs: the store checks corrections
// against them, so a typo cannot become a partner, but builds no
// gazetteer itself. With the zero value a correction may keep or drop the
// event's partners and add none.
type Decision struct {
	Status        string
	Correction    Correction
	Reason        string
	Note          string
	Reviewer      string
	Version       string
	KnownPartners extract.PartnerIDs
}

// ErrConflict is returned by SetReview when the event changed since the
// page the decision was made on: it was re-extracted, or someone else
// decided it in the meantime. Nothing is stored; show the event again.
var ErrConflict = errors.New("the event changed since it was shown")

// version names an event's state as a page shows it: its evidence hash and
// how many decisions were taken on it.
func version(evidenceHash string, revision int) string {
	return evidenceHash + "." + strconv.Itoa(revision)
}

// MinYear is the earliest year a corrected date may name: the camps'
// nationals left home from the 1990s on.
const MinYear = 1990

// MaxYear is the latest year a corrected date may name: next year.
func MaxYear(now time.Time) int { return now.Year() + 1 }

// ValidationError reports a value a reviewer cannot store. Its message is
// short and safe to show the reviewer (after escaping).
type ValidationError struct {
	Field string // e.g. "country", "counts.women", "status"
	Value string
	Msg   string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Msg)
}

func invalid(field, value, msg string) error {
	return &ValidationError{Field: field, Value: value, Msg: msg}
}

// Validate checks a decision before it is stored. It returns a
// *ValidationError naming the first bad field.
func (d Decision) Validate() error {
	switch d.Status {
	case StatusAccepted, StatusCorrected, StatusPending:
	case StatusRejected:
		if !d.Correction.Empty() {
			return invalid("status", d.Status, "a rejected event carries no correction")
		}
	default:
		return invalid("status", d.Status, "want accepted, rejected, corrected or pending")
	}
	for _, t := range []struct{ field, v string }{{"reason", d.Reason}, {"note", d.Note}} {
		if len(t.v) > MaxNote {
			return invalid(t.field, t.v[:40]+"…", fmt.Sprintf("longer than %d bytes", MaxNote))
		}
		if !utf8.ValidString(t.v) {
			return invalid(t.field, "", "not valid UTF-8")
		}
	}
	if len(d.Reviewer) > MaxName || !utf8.ValidString(d.Reviewer) {
		return invalid("reviewer", "", fmt.Sprintf("want valid UTF-8 of at most %d bytes", MaxName))
	}
	return d.Correction.Validate()
}

// Validate checks the corrected fields: ISO 3166-1 alpha-2 codes (and XK
// for Kosovo) for country and from, a date as YYYY, YYYY-MM, YYYY-MM-DD,
// XXXX-MM or XXXX-MM-DD (or empty: unknown) in the years 1990 to next
// year, non-negative counts of the
// known groups, qualifiers from about, more_than, at_least, less_than and
// up_to on counted groups. It returns a *ValidationError.
func (c Correction) Validate() error {
	if c.Country != nil && !IsCountryCode(*c.Country) {
		return invalid("country", *c.Country, "not an ISO 3166 alpha-2 country code")
	}
	if c.From != nil {
		for _, code := range *c.From {
			if !IsCountryCode(code) {
				return invalid("from", code, "not an ISO 3166 alpha-2 country code")
			}
		}
	}
	if c.Date != nil && *c.Date != "" {
		if !IsEventDate(*c.Date) {
			return invalid("date", *c.Date, "want YYYY, YYYY-MM, YYYY-MM-DD, XXXX-MM or XXXX-MM-DD")
		}
		if y, err := strconv.Atoi((*c.Date)[:4]); err == nil && (y < MinYear || y > MaxYear(time.Now())) {
			return invalid("date", *c.Date, fmt.Sprintf("the year must be %d to %d", MinYear, MaxYear(time.Now())))
		}
	}
	if c.Counts != nil {
		for _, g := range slices.Sorted(maps.Keys(*c.Counts)) {
			n := (*c.Counts)[g]
			if !slices.Contains(extract.CountGroups, g) {
				return invalid("counts", g, "unknown group (want "+strings.Join(extract.CountGroups, ", ")+")")
			}
			if n < 0 {
				return invalid("counts."+g, fmt.Sprint(n), "a count cannot be negative")
			}
		}
	}
	if c.Qualifiers != nil {
		for _, g := range slices.Sorted(maps.Keys(*c.Qualifiers)) {
			q := (*c.Qualifiers)[g]
			if !slices.Contains(extract.Qualifiers, q) {
				return invalid("qualifiers."+g, q, "want "+strings.Join(extract.Qualifiers, ", "))
			}
			if c.Counts != nil {
				if _, ok := (*c.Counts)[g]; !ok {
					return invalid("qualifiers."+g, q, "qualifies no count")
				}
			}
		}
	}
	if c.Partners != nil {
		if len(*c.Partners) > maxPartners {
			return invalid("partners", fmt.Sprint(len(*c.Partners)), fmt.Sprintf("more than %d partners", maxPartners))
		}
		for _, p := range *c.Partners {
			if strings.TrimSpace(p.ID) == "" || len(p.ID) > MaxName || len(p.Name) > MaxName {
				return invalid("partners", p.ID, fmt.Sprintf("a partner needs an id of at most %d bytes", MaxName))
			}
		}
	}
	if c.Evidence != nil && len(*c.Evidence) > maxPartners {
		return invalid("evidence", fmt.Sprint(len(*c.Evidence)), fmt.Sprintf("more than %d selections", maxPartners))
	}
	if c.Operation != nil && len(*c.Operation) > MaxName {
		return invalid("operation", (*c.Operation)[:40]+"…", fmt.Sprintf("longer than %d bytes", MaxName))
	}
	return nil
}

// IsCountryCode reports whether s is an assigned ISO 3166-1 alpha-2 code,
// or XK (Kosovo), in upper case.
func IsCountryCode(s string) bool {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return false
	}
	return strings.Contains(isoCodes, " "+s+" ")
}

// isoCodes are the 249 assigned ISO 3166-1 alpha-2 codes plus XK, each
// between spaces.
const isoCodes = " AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ" +
	" BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ" +
	" CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ" +
	" DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR" +
	" GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY" +
	" HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP" +
	" KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY" +
	" MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ" +
	" NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY" +
	" QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ" +
	" TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ" +
	" VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW "

// IsEventDate reports whether s is an event date as the corpus guide
// writes them: YYYY, YYYY-MM, YYYY-MM-DD, or XXXX-MM(-DD) when the year is
// unknown. Months and days must exist (29 February only in leap years, or
// when the year is unknown).
func IsEventDate(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return false
	}
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || (p != "XXXX" && strings.Trim(p, "0123456789") != "") {
			return false
		}
	}
	year := parts[0]
	layout := "2006"
	if year == "XXXX" {
		if len(parts) == 1 {
			return false
		}
		year = "2000" // a leap year: XXXX-02-29 can be true
	}
	value := year
	if len(parts) > 1 {
		layout += "-01"
		value += "-" + parts[1]
	}
	if len(parts) > 2 {
		layout += "-02"
		value += "-" + parts[2]
	}
	_, err := time.Parse(layout, value)
	return err == nil
}

// SetReview records d for the event with this key, in one transaction: the
// reviewer, the time, the event's current evidence hash and values, so the
// decision stays attached while the event is unchanged and shows as stale,
// with what changed, once it changes. Corrected fields equal to the
// extracted values are dropped; an accepted decision that changes something
// is stored as corrected and a correction that changes nothing as accepted.
// Status pending withdraws the decision, recording who withdrew it when so
// that Copy carries the withdrawal (see Copy).
//
// The decision is a compare-and-set on the event's version: when
// d.Version is set and the event no longer has it, or another decision
// lands first, nothing is stored and the error wraps ErrConflict. It
// returns a *ValidationError for bad values (partners must be in
// d.KnownPartners or ones the event already has) and ErrNotFound for an
// unknown event.
func (db *DB) SetReview(ctx context.Context, eventKey string, d Decision) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("review %s: %w", eventKey, err)
	}
	err := db.inTx(ctx, func(tx *tx) error { return db.setReview(ctx, tx, eventKey, d) })
	if err != nil {
		return fmt.Errorf("review %s: %w", eventKey, err)
	}
	return nil
}

// setReview is SetReview inside tx, for a decision already validated.
func (db *DB) setReview(ctx context.Context, tx *tx, eventKey string, d Decision) error {
	ev, hash, articleKey, err := eventValues(ctx, tx, eventKey)
	if err != nil {
		return err
	}
	if err := bumpRevision(ctx, tx, eventKey, hash, d.Version); err != nil {
		return err
	}
	if d.Status == StatusPending {
		w := withdrawalRow{eventKey: eventKey, reviewer: d.Reviewer, at: db.now().UTC().Format(time.RFC3339)}
		if err := withdraw(ctx, tx, w); err != nil {
			return err
		}
		return syncReviewState(ctx, tx, "event_key = ?", eventKey)
	}
	corr := d.Correction.changes(ev)
	if err := corr.checkPartners(ev, d.KnownPartners); err != nil {
		return err
	}
	if err := corr.fillEvidence(ctx, tx, articleKey); err != nil {
		return err
	}
	status := d.Status
	if status != StatusRejected {
		status = StatusAccepted
		if !corr.Empty() {
			status = StatusCorrected
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO reviews (event_key, status, correction, reason, note, reviewer, reviewed_at,
			evidence_hash, article_key, decided_values)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (event_key) DO UPDATE SET status = excluded.status, correction = excluded.correction,
			reason = excluded.reason, note = excluded.note, reviewer = excluded.reviewer,
			reviewed_at = excluded.reviewed_at, evidence_hash = excluded.evidence_hash,
			article_key = excluded.article_key, decided_values = excluded.decided_values`,
		eventKey, status, jsonOf(corr), d.Reason, d.Note, d.Reviewer, db.now().UTC().Format(time.RFC3339), hash,
		articleKey, jsonOf(valuesOf(ev)))
	if err != nil {
		return err
	}
	if err := forgetWithdrawal(ctx, tx, eventKey); err != nil {
		return err
	}
	return syncReviewState(ctx, tx, "event_key = ?", eventKey)
}

// withdrawalRow is every column of a review_withdrawals row: who withdrew
// the decision on the event, and when.
type withdrawalRow struct{ eventKey, reviewer, at string }

// withdraw deletes the event's decision and, when there was one, records
// the withdrawal, so that Copy carries it to other databases like a
// decision. Withdrawing an event that has no decision records nothing: no
// decision was withdrawn.
func withdraw(ctx context.Context, tx *tx, w withdrawalRow) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM reviews WHERE event_key = ?`, w.eventKey)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return recordWithdrawal(ctx, tx, w)
}

// recordWithdrawal stores w unless the event already has a withdrawal as
// recent.
func recordWithdrawal(ctx context.Context, tx *tx, w withdrawalRow) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO review_withdrawals (event_key, reviewer, withdrawn_at) VALUES (?, ?, ?)
		ON CONFLICT (event_key) DO UPDATE SET reviewer = excluded.reviewer, withdrawn_at = excluded.withdrawn_at
		WHERE review_withdrawals.withdrawn_at < excluded.withdrawn_at`, w.eventKey, w.reviewer, w.at)
	return err
}

// forgetWithdrawal deletes the event's withdrawal: a decision stored on the
// event since (decided, restored by Undo, re-attached or copied) is the
// latest act on it. So an event has a decision or a withdrawal, never both.
func forgetWithdrawal(ctx context.Context, tx *tx, key string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM review_withdrawals WHERE event_key = ?`, key)
	return err
}

// bumpRevision moves the event's review revision on by one, provided the
// event still has the version the decision was made on (any, when want is
// empty), and keeps the decision it replaces in review_history for Undo.
// The write itself is conditional on the revision read, so of two
// reviewers deciding at once on engines that do not serialise writers, one
// gets ErrConflict rather than silently overwriting the other.
func bumpRevision(ctx context.Context, tx *tx, key, hash, want string) error {
	rev, err := revisionOf(ctx, tx, key)
	if err != nil {
		return err
	}
	if want != "" && want != version(hash, rev) {
		return ErrConflict
	}
	var res sql.Result
	if rev == 0 {
		res, err = tx.ExecContext(ctx, `INSERT INTO review_revisions (event_key, revision) VALUES (?, 1)
			ON CONFLICT (event_key) DO NOTHING`, key)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE review_revisions SET revision = revision + 1
			WHERE event_key = ? AND revision = ?`, key, rev)
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrConflict
	}
	// The decision this revision replaces, for Undo.
	res, err = tx.ExecContext(ctx, `INSERT INTO review_history (event_key, revision, status, correction, reason, note,
			reviewer, reviewed_at, evidence_hash, article_key, decided_values)
		SELECT event_key, ?, status, correction, reason, note, reviewer, reviewed_at, evidence_hash, article_key, decided_values
		FROM reviews WHERE event_key = ?`, rev+1, key)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO review_history (event_key, revision, status) VALUES (?, ?, '')`, key, rev+1)
		return err
	}
	return nil
}

func revisionOf(ctx context.Context, tx *tx, key string) (int, error) {
	var rev int
	err := tx.QueryRowContext(ctx, `SELECT revision FROM review_revisions WHERE event_key = ?`, key).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return rev, err
}

// ErrNothingToUndo is returned by Undo for an event whose last change
// cannot be undone: it was never decided, or its decision was moved here
// from another event.
var ErrNothingToUndo = errors.New("nothing to undo")

// Undo puts back the decision that the event's last change replaced (or
// no decision), provided the event still has version, the one the page
// offering the undo showed; otherwise it returns ErrConflict. The undo is
// itself a change, so undoing twice redoes; undoing back to no decision
// is a withdrawal, recorded as SetReview records one (with no reviewer). It returns ErrNothingToUndo
// when there is no earlier state, and ErrNotFound for an unknown event.
func (db *DB) Undo(ctx context.Context, eventKey, version string) error {
	err := db.inTx(ctx, func(tx *tx) error {
		_, hash, _, err := eventValues(ctx, tx, eventKey)
		if err != nil {
			return err
		}
		rev, err := revisionOf(ctx, tx, eventKey)
		if err != nil {
			return err
		}
		var prev struct{ status, corr, reason, note, reviewer, at, hash, article, decided string }
		err = tx.QueryRowContext(ctx, `SELECT status, correction, reason, note, reviewer, reviewed_at, evidence_hash,
			article_key, decided_values FROM review_history WHERE event_key = ? AND revision = ?`, eventKey, rev).Scan(
			&prev.status, &prev.corr, &prev.reason, &prev.note, &prev.reviewer, &prev.at, &prev.hash, &prev.article, &prev.decided)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNothingToUndo
		}
		if err != nil {
			return err
		}
		if err := bumpRevision(ctx, tx, eventKey, hash, version); err != nil {
			return err
		}
		if prev.status == "" {
			// Back to no decision: a withdrawal, by no one Undo could name.
			if err := withdraw(ctx, tx, withdrawalRow{eventKey: eventKey, at: db.now().UTC().Format(time.RFC3339)}); err != nil {
				return err
			}
			return syncReviewState(ctx, tx, "event_key = ?", eventKey)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reviews WHERE event_key = ?`, eventKey); err != nil {
			return err
		}
		if err := forgetWithdrawal(ctx, tx, eventKey); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO reviews (event_key, status, correction, reason, note, reviewer, reviewed_at,
				evidence_hash, article_key, decided_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			eventKey, prev.status, prev.corr, prev.reason, prev.note, prev.reviewer, prev.at, prev.hash, prev.article, prev.decided)
		if err != nil {
			return err
		}
		return syncReviewState(ctx, tx, "event_key = ?", eventKey)
	})
	if err != nil {
		return fmt.Errorf("undo %s: %w", eventKey, err)
	}
	return nil
}

// ReviewerRule is the rule of evidence a reviewer selected.
const ReviewerRule = "reviewer"

// fillEvidence completes the evidence a reviewer selected from the
// article's text: the words at each span, the sentence around them, rule
// ReviewerRule. A span that does not fit the text, splits a character or
// names no field of the field table is a *ValidationError.
func (c Correction) fillEvidence(ctx context.Context, tx *tx, articleKey string) error {
	if c.Evidence == nil {
		return nil
	}
	var id int64
	var text string
	if err := tx.QueryRowContext(ctx, `SELECT id, text FROM articles WHERE article_key = ?`, articleKey).Scan(&id, &text); err != nil {
		return err
	}
	for i := range *c.Evidence {
		e := &(*c.Evidence)[i]
		name := fmt.Sprintf("%s@%d-%d", e.Field, e.Span.Start, e.Span.End)
		if !slices.ContainsFunc(extract.Fields(), func(f extract.Field) bool { return f.Name == e.Field }) {
			return invalid("evidence", name, "names no field")
		}
		s := e.Span
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End || s.End-s.Start > MaxName ||
			!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			return invalid("evidence", name, fmt.Sprintf("not a span of at most %d bytes of the article's text", MaxName))
		}
		e.Text, e.Rule, e.Sentence = text[s.Start:s.End], ReviewerRule, s
		err := tx.QueryRowContext(ctx, `SELECT start, "end" FROM sentences WHERE article_id = ? AND start <= ? AND "end" >= ?
			ORDER BY start DESC LIMIT 1`, id, s.Start, s.End).Scan(&e.Sentence.Start, &e.Sentence.End)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := checkSpan(text, *e); err != nil {
			return invalid("evidence", name, err.Error())
		}
	}
	return nil
}

// checkPartners refuses corrected partner ids that are neither known nor
// already the event's, so a typo cannot become a partner.
func (c Correction) checkPartners(ev extract.Event, known extract.PartnerIDs) error {
	if c.Partners == nil {
		return nil
	}
	for _, p := range *c.Partners {
		had := slices.ContainsFunc(ev.Partners, func(o extract.Partner) bool { return o.ID == p.ID })
		if !had && !known.Contains(p.ID) {
			return invalid("partners", p.ID, "not a known partner id (an organisation such as UNICEF, or a country code)")
		}
	}
	return nil
}

// eventValues reads the extracted values, evidence hash and article key of
// one event inside tx, without its evidence.
func eventValues(ctx context.Context, tx *tx, key string) (extract.Event, string, string, error) {
	var ev extract.Event
	var origins, counts, quals, partners, hash, articleKey string
	err := tx.QueryRowContext(ctx, `SELECT e.country, e.origins, e.date, e.counts, e.qualifiers, e.partners, e.operation,
		e.aggregate, e.evidence_hash, a.article_key
		FROM events e JOIN articles a ON a.id = e.article_id WHERE e.event_key = ?`, key).Scan(&ev.Country, &origins, &ev.Date,
		&counts, &quals, &partners, &ev.Operation, &ev.Aggregate, &hash, &articleKey)
	if err == sql.ErrNoRows {
		return ev, "", "", ErrNotFound
	}
	if err != nil {
		return ev, "", "", err
	}
	for _, c := range []struct {
		src string
		dst any
	}{{origins, &ev.From}, {counts, &ev.Counts}, {quals, &ev.Qualifiers}, {partners, &ev.Partners}} {
		if err := json.Unmarshal([]byte(c.src), c.dst); err != nil {
			return ev, "", "", fmt.Errorf("decode %q: %w", c.src, err)
		}
	}
	return ev, hash, articleKey, nil
}

// changes returns c without the fields that equal ev's: what a reviewer
// really changed. Nil and empty lists or maps count as equal.
func (c Correction) changes(ev extract.Event) Correction {
	if c.Country != nil && *c.Country == ev.Country {
		c.Country = nil
	}
	if c.From != nil && slices.Equal(*c.From, ev.From) {
		c.From = nil
	}
	if c.Date != nil && *c.Date == ev.Date {
		c.Date = nil
	}
	if c.Counts != nil && maps.Equal(*c.Counts, ev.Counts) {
		c.Counts = nil
	}
	if c.Qualifiers != nil && maps.Equal(*c.Qualifiers, ev.Qualifiers) {
		c.Qualifiers = nil
	}
	if c.Partners != nil && slices.Equal(*c.Partners, ev.Partners) {
		c.Partners = nil
	}
	if c.Operation != nil && *c.Operation == ev.Operation {
		c.Operation = nil
	}
	if c.Aggregate != nil && *c.Aggregate == ev.Aggregate {
		c.Aggregate = nil
	}
	return c
}

// CountrySummary counts one country's events by review status. Stale
// counts decided events (of any status) whose evidence changed since.
type CountrySummary struct {
	Country   string
	Pending   int
	Accepted  int
	Rejected  int
	Corrected int
	Stale     int
	Total     int
}

// Summary is the review progress of a database.
type Summary struct {
	Countries []CountrySummary // by country code; a corrected country counts as corrected
	Total     CountrySummary   // all countries; Country is empty
	// Orphaned counts decisions whose event no longer exists: re-extraction
	// dropped or re-anchored it.
	Orphaned int
}

// Summary counts events by country and review status.
func (db *DB) Summary(ctx context.Context) (Summary, error) {
	var s Summary
	rows, err := db.r.QueryContext(ctx, `SELECT coalesce(`+db.e.jsonText("r.correction", "country")+`, e.country) AS c,
		count(*) - count(r.status), count(CASE r.status WHEN 'accepted' THEN 1 END),
		count(CASE r.status WHEN 'rejected' THEN 1 END), count(CASE r.status WHEN 'corrected' THEN 1 END),
		count(CASE WHEN r.evidence_hash != e.evidence_hash THEN 1 END), count(*)
		FROM events e LEFT JOIN reviews r ON r.event_key = e.event_key
		GROUP BY c ORDER BY c`)
	if err != nil {
		return s, fmt.Errorf("summary: %w", describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var c CountrySummary
		if err := rows.Scan(&c.Country, &c.Pending, &c.Accepted, &c.Rejected, &c.Corrected, &c.Stale, &c.Total); err != nil {
			return s, fmt.Errorf("summary: %w", err)
		}
		s.Countries = append(s.Countries, c)
		s.Total.Pending += c.Pending
		s.Total.Accepted += c.Accepted
		s.Total.Rejected += c.Rejected
		s.Total.Corrected += c.Corrected
		s.Total.Stale += c.Stale
		s.Total.Total += c.Total
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("summary: %w", describe(err))
	}
	err = db.r.QueryRowContext(ctx, `SELECT count(*) FROM reviews WHERE event_key NOT IN (SELECT event_key FROM events)`).Scan(&s.Orphaned)
	if err != nil {
		return s, fmt.Errorf("summary: %w", describe(err))
	}
	return s, nil
}

// Progress is how far review has come in a set of events.
type Progress struct {
	Decided int // decided and not stale
	Total   int
}

// Left is how many events still need a decision: pending or stale.
func (p Progress) Left() int { return p.Total - p.Decided }

// Progress counts the events f selects, whatever their review status, and
// how many of them have a decision that is not stale. f.Status, Order and
// Limit are ignored: the progress of "Kazakhstan since 2020" counts the
// events decided so far against all of them.
func (db *DB) Progress(ctx context.Context, f Filter) (Progress, error) {
	f.Status, f.ExcludeStale = "", false
	where, args := f.where()
	var p Progress
	err := db.r.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN e.review_state = `+stateDecided+` THEN 1 END)`+
		f.from(nil)+where, args...).Scan(&p.Total, &p.Decided)
	if err != nil {
		return p, fmt.Errorf("progress: %w", describe(err))
	}
	return p, nil
}
