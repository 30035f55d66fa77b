package main

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

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
}

type countInput struct {
	Group     string
	Value     string
	Qualifier string
}

func editFormOf(f store.Fact) editForm {
	ev := f.Current()
	e := editForm{Country: ev.Country, From: strings.Join(ev.From, ", "), Date: ev.Date, Qualifiers: qualifierOptions,
		Operation: ev.Operation, Aggregate: ev.Aggregate}
	ids := make([]string, len(ev.Partners))
	for i, p := range ev.Partners {
		ids[i] = p.ID
	}
	e.Partners = strings.Join(ids, ", ")
	for _, g := range countGroups {
		in := countInput{Group: g, Qualifier: ev.Qualifiers[g]}
		if n, ok := ev.Counts[g]; ok {
			in.Value = strconv.Itoa(n)
		}
		e.Counts = append(e.Counts, in)
	}
	if f.Review != nil {
		e.Note, e.Reason = f.Review.Note, f.Review.Reason
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
	for _, g := range countGroups {
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
	for _, id := range splitList(form.Get("partners")) {
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
	return c, nil
}

// splitList splits "a, b c" into its non-empty items.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

func codes(s string) []string {
	out := []string{}
	for _, c := range splitList(s) {
		out = append(out, strings.ToUpper(c))
	}
	return out
}

func (s *reviewServer) accept(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		// Accepting keeps an earlier correction: it accepts what the page shows.
		d := store.Decision{Status: store.StatusAccepted, Note: r.PostFormValue("note")}
		if f.Review != nil {
			d.Correction = f.Review.Correction
		}
		return d, nil
	})
}

func (s *reviewServer) reject(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(store.Fact) (store.Decision, error) {
		return store.Decision{Status: store.StatusRejected, Reason: strings.TrimSpace(r.PostFormValue("reason")),
			Note: r.PostFormValue("note")}, nil
	})
}

func (s *reviewServer) correct(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		c, err := parseCorrection(r.PostForm, f.Current())
		return store.Decision{Status: store.StatusCorrected, Correction: c, Note: r.PostFormValue("note")}, err
	})
}

func (s *reviewServer) reset(w http.ResponseWriter, r *http.Request) {
	s.decide(w, r, func(f store.Fact) (store.Decision, error) {
		return store.Decision{Status: store.StatusPending}, nil
	})
}

// decide stores the decision build makes for the event in the URL, then
// moves on: to the form's next event, else back to the queue. Withdrawing
// a decision stays on the event.
func (s *reviewServer) decide(w http.ResponseWriter, r *http.Request, build func(store.Fact) (store.Decision, error)) {
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
	d, err := build(f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Reviewer = s.opts.Reviewer
	if err := s.db.SetReview(r.Context(), key, d); err != nil {
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
	to := withQuery("/", q.encode())
	switch next := r.PostFormValue("next"); {
	case d.Status == store.StatusPending:
		to = factHref(key, q.encode())
	case next != "":
		to = factHref(next, q.encode())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
