package review

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// editForm is the correction form, filled with the event's current values.
type editForm struct {
	Country    string
	From       string // comma-separated codes
	Date       string
	Counts     []countInput
	Qualifiers []option
	Partners   string // comma-separated ids
	Operation  string
	Aggregate  bool
	Note       string
	Reason     string
	// Evidence is the words selected in the article for corrected values.
	Evidence []pickedEvidence
	Fields   []string // what a selection can be evidence for
	// Dirty is set when the form holds values the reviewer typed that were
	// refused: the page script then treats them as unsaved.
	Dirty bool
}

// pickedEvidence is one selection as the form carries it: "field:start-end"
// in byte offsets, with its words to show.
type pickedEvidence struct {
	Value, Field, Text string
}

type countInput struct {
	Group     string
	Value     string
	Qualifier string
}

func editFormOf(f store.Fact) editForm {
	ev := f.Current()
	e := editForm{Country: ev.Country, From: strings.Join(ev.From, ", "), Date: ev.Date, Qualifiers: qualifierOptions(),
		Operation: ev.Operation, Aggregate: ev.Aggregate}
	ids := make([]string, len(ev.Partners))
	for i, p := range ev.Partners {
		ids[i] = p.ID
	}
	e.Partners = strings.Join(ids, ", ")
	for _, g := range extract.CountGroups {
		in := countInput{Group: g, Qualifier: ev.Qualifiers[g]}
		if n, ok := ev.Counts[g]; ok {
			in.Value = strconv.Itoa(n)
		}
		e.Counts = append(e.Counts, in)
	}
	if f.Review != nil {
		e.Note, e.Reason = f.Review.Note, f.Review.Reason
		if ev := f.Review.Correction.Evidence; ev != nil {
			for _, x := range *ev {
				e.Evidence = append(e.Evidence, pickedEvidence{Value: fmt.Sprintf("%s:%d-%d", x.Field, x.Span.Start, x.Span.End),
					Field: x.Field, Text: visible(x.Text)})
			}
		}
	}
	for _, fd := range extract.Fields() {
		e.Fields = append(e.Fields, fd.Name)
	}
	return e
}

// parseCorrection reads the correction form into a correction of every
// field; the store keeps only the fields that differ from the extraction.
// Partner names are kept for ids the event already has.
func parseCorrection(form url.Values, cur extract.Event) (store.Correction, error) {
	var c store.Correction
	country := strings.ToUpper(strings.TrimSpace(form.Get("country")))
	c.Country = &country
	from := codes(form.Get("from"))
	c.From = &from
	date := strings.TrimSpace(form.Get("date"))
	c.Date = &date
	counts, quals := map[string]int{}, map[string]string{}
	for _, g := range extract.CountGroups {
		v := strings.TrimSpace(form.Get("count." + g))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return c, formError{"counts." + g, v, "not a whole number"}
		}
		counts[g] = n
		if q := form.Get("qual." + g); q != "" {
			quals[g] = q
		}
	}
	c.Counts, c.Qualifiers = &counts, &quals
	partners := []extract.Partner{}
	for _, id := range partnerIDs(form.Get("partners")) {
		p := extract.Partner{ID: id, Name: id}
		if i := slices.IndexFunc(cur.Partners, func(o extract.Partner) bool { return o.ID == id }); i >= 0 {
			p = cur.Partners[i]
		}
		partners = append(partners, p)
	}
	c.Partners = &partners
	op := strings.TrimSpace(form.Get("operation"))
	c.Operation = &op
	agg := form.Get("aggregate") != ""
	c.Aggregate = &agg
	if picked := form["evidence"]; len(picked) > 0 {
		evidence := []extract.Evidence{}
		for _, v := range picked {
			e, err := parseEvidence(v)
			if err != nil {
				return c, err
			}
			evidence = append(evidence, e)
		}
		c.Evidence = &evidence
	}
	return c, nil
}

// parseEvidence reads "field:start-end", a selection in the article; the
// store checks the span against the text and fills in the words.
func parseEvidence(v string) (extract.Evidence, error) {
	field, span, ok := strings.Cut(v, ":")
	start, end, ok2 := strings.Cut(span, "-")
	a, err1 := strconv.Atoi(start)
	b, err2 := strconv.Atoi(end)
	if !ok || !ok2 || err1 != nil || err2 != nil {
		return extract.Evidence{}, formError{"evidence", v, "want field:start-end"}
	}
	return extract.Evidence{Field: field, Span: extract.Span{Start: a, End: b}}, nil
}

// splitList splits "a, b c" into its non-empty items.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

// partnerIDs splits a partner list at commas, semicolons and line breaks
// only: ids such as "Save the Children" hold spaces.
func partnerIDs(s string) []string {
	var out []string
	for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// typed returns e with the values of a refused form post, so the reviewer
// sees what they typed next to the error rather than losing it. Only the
// fields the post carries are replaced.
func (e editForm) typed(form url.Values) editForm {
	set := func(dst *string, name string) {
		if v, ok := form[name]; ok && len(v) > 0 {
			*dst = v[0]
		}
	}
	set(&e.Note, "note")
	set(&e.Reason, "reason")
	if _, ok := form["country"]; !ok {
		return e
	}
	e.Evidence = nil
	for _, v := range form["evidence"] {
		field, _, _ := strings.Cut(v, ":")
		e.Evidence = append(e.Evidence, pickedEvidence{Value: v, Field: field, Text: v})
	}
	e.Dirty = true
	set(&e.Country, "country")
	set(&e.From, "from")
	set(&e.Date, "date")
	set(&e.Partners, "partners")
	set(&e.Operation, "operation")
	e.Aggregate = form.Get("aggregate") != ""
	counts := make([]countInput, len(e.Counts))
	for i, c := range e.Counts {
		c.Value, c.Qualifier = form.Get("count."+c.Group), form.Get("qual."+c.Group)
		counts[i] = c
	}
	e.Counts = counts
	return e
}

func codes(s string) []string {
	out := []string{}
	for _, c := range splitList(s) {
		out = append(out, strings.ToUpper(c))
	}
	return out
}

func (s *server) accept(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		// Accepting keeps an earlier correction: it accepts what the page shows.
		d := store.Decision{Status: store.StatusAccepted, Note: noteOf(r, f)}
		if f.Review != nil {
			d.Correction = f.Review.Correction
		}
		return d, nil
	})
}

func (s *server) reject(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		return store.Decision{Status: store.StatusRejected, Reason: strings.TrimSpace(r.PostFormValue("reason")),
			Note: noteOf(r, f)}, nil
	})
}

func (s *server) correct(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		c, err := parseCorrection(r.PostForm, f.Current())
		return store.Decision{Status: store.StatusCorrected, Correction: c, Note: noteOf(r, f)}, err
	})
}

func (s *server) reset(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		return store.Decision{Status: store.StatusPending}, nil
	})
}

// noteOf returns the note a form posts, or the earlier decision's note when
// the form carries none: a decision never erases a note by leaving it out.
func noteOf(r *http.Request, f store.Fact) string {
	if _, ok := r.PostForm["note"]; !ok && f.Review != nil {
		return f.Review.Note
	}
	return r.PostFormValue("note")
}

// conflictMessage is shown when a decision was refused because the event
// changed after the page showed it.
const conflictMessage = "Nothing was saved: this event changed after the page showed it (it was extracted again, " +
	"or someone else decided it). Here it is as it is now; check it and decide again."

// decide stores the decision build makes for the event in the URL, then
// moves on: to the form's next event, else back to the queue. Withdrawing
// a decision stays on the event. The form must carry the version the page
// showed; a decision on a changed event, or with values the store refuses,
// shows the event page again with the message and the values typed.
func (s *server) decide(w http.ResponseWriter, r *http.Request, build func(store.Fact) (store.Decision, error)) {
	if err := r.ParseForm(); err != nil {
		plainError(w, "invalid form", http.StatusBadRequest)
		return
	}
	key := r.PathValue("id")
	f, err := s.db.Fact(r.Context(), key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The filter is re-read and re-encoded, so only known, checked
	// values reach the redirect.
	qv, _ := url.ParseQuery(r.PostFormValue("q"))
	q, err := parseQueueQuery(qv)
	if err != nil {
		q = queueQuery{}
	}
	d, err := build(f)
	if err == nil {
		d.Reviewer = s.opts.Reviewer
		d.KnownPartners = s.opts.Partners
		d.Version = r.PostFormValue("version")
		if d.Version == "" {
			err = formError{"version", "", "missing: reload the page"}
		} else {
			err = s.db.SetReview(r.Context(), key, d)
		}
	}
	var ve *store.ValidationError
	var fe formError
	switch {
	case errors.Is(err, store.ErrConflict):
		s.showFact(w, r, key, q, http.StatusConflict, factNotice{Error: conflictMessage, Conflict: true, Form: r.PostForm})
		return
	case errors.As(err, &ve):
		s.showFact(w, r, key, q, http.StatusUnprocessableEntity, factNotice{Error: "Not saved: " + ve.Error(), Form: r.PostForm})
		return
	case errors.As(err, &fe):
		s.showFact(w, r, key, q, http.StatusUnprocessableEntity, factNotice{Error: "Not saved: " + fe.Error(), Form: r.PostForm})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	// The next page confirms the decision and offers to undo it.
	done := url.Values{}
	if enc := q.encode(); enc != "" {
		done, _ = url.ParseQuery(enc)
	}
	done.Set("done", key)
	to := withQuery("/", done.Encode())
	switch next := r.PostFormValue("next"); {
	case d.Status == store.StatusPending:
		to = factHref(key, q.encode())
	case next != "":
		to = factHref(next, done.Encode())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// undo puts back what the event's last decision replaced, provided the
// event is still as the confirmation showed it, and shows the event.
func (s *server) undo(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		plainError(w, "invalid form", http.StatusBadRequest)
		return
	}
	key := r.PathValue("id")
	qv, _ := url.ParseQuery(r.PostFormValue("q"))
	q, err := parseQueueQuery(qv)
	if err != nil {
		q = queueQuery{}
	}
	err = s.db.Undo(r.Context(), key, r.PostFormValue("version"))
	switch {
	case errors.Is(err, store.ErrConflict):
		s.showFact(w, r, key, q, http.StatusConflict, factNotice{Error: "Not undone: the event changed after the " +
			"confirmation showed it (someone else decided it, or it was extracted again). Here it is as it is now."})
	case errors.Is(err, store.ErrNothingToUndo):
		s.showFact(w, r, key, q, http.StatusConflict, factNotice{Error: "Nothing to undo on this event."})
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, factHref(key, q.encode()), http.StatusSeeOther)
	}
}

// formChecks are the page's own checks of what the store validates, as
// HTML pattern and maxlength attributes, so a mistake shows at the field
// before anything is posted. The store still checks everything.
type formChecks struct {
	Date     string // pattern: YYYY[-MM[-DD]] in the allowed years, or XXXX-MM[-DD]
	Years    string // "1990 to 2027", for the hint
	Codes    string // pattern: country codes separated by commas or spaces
	Partners string // pattern: known partner ids separated by commas; "" for none
	NoteMax  int
	NameMax  int
}

func (s *server) checks(f store.Fact) formChecks {
	lo, hi := store.MinYear, store.MaxYear(time.Now())
	years := make([]string, 0, hi-lo+1)
	for y := lo; y <= hi; y++ {
		years = append(years, strconv.Itoa(y))
	}
	const md = `-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?`
	return formChecks{
		Date:     `(` + strings.Join(years, "|") + `)(` + md + `)?|XXXX` + md,
		Years:    fmt.Sprintf("%d to %d", lo, hi),
		Codes:    `\s*([A-Za-z]{2}([\s,;]+[A-Za-z]{2})*)?[\s,;]*`,
		Partners: s.partnerPattern(f),
		NoteMax:  store.MaxNote,
		NameMax:  store.MaxName,
	}
}

// partnerPattern is the partner field's pattern: the known ids and f's own,
// separated by commas. Without known ids it is empty: the page puts no
// pattern on the field and leaves the check to the store, whose message
// names the id it refuses.
func (s *server) partnerPattern(f store.Fact) string {
	ids := s.opts.Partners.List()
	if len(ids) == 0 {
		return ""
	}
	for _, p := range f.Current().Partners {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	alts := make([]string, len(ids))
	for i, id := range ids {
		alts[i] = regexp.QuoteMeta(id)
	}
	// National societies are named after a country: "Kazakhstan Red Crescent".
	id := `(` + strings.Join(alts, "|") + `|[A-Z][A-Za-z' ]+ Red (Cross|Crescent))`
	return `\s*(` + id + `(\s*[,;]\s*` + id + `)*)?[\s,;]*`
}
