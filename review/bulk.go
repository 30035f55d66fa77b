package review

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/store"
)

// bulkPage asks to confirm accepting a filter's pending events.
type bulkPage struct {
	page
	Count    int
	Digest   string
	Describe string // the filter in words
	Rows     []queueRow
	More     int
	Error    string
}

// bulkShown is how many of the events a confirmation page lists.
const bulkShown = 20

func (s *server) bulk(w http.ResponseWriter, r *http.Request) {
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showBulk(w, r, q, http.StatusOK, "")
}

func (s *server) showBulk(w http.ResponseWriter, r *http.Request, q queueQuery, code int, msg string) {
	f := q.filter()
	b, err := s.db.PendingBatch(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := bulkPage{page: s.page("Accept pending events", "queue", q), Count: b.Count, Digest: b.Digest,
		Describe: q.describe(), Error: msg}
	f.Status, f.Limit = store.StatusPending, bulkShown
	facts, err := s.db.Facts(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, fact := range facts {
		ev := fact.Current()
		p.Rows = append(p.Rows, queueRow{Key: fact.Key, Href: factHref(fact.Key, p.Query),
			Confidence: fmt.Sprintf("%.2f", fact.Event.Confidence), Country: ev.Country, Date: orDash(ev.Date),
			Counts: orDash(countsText(ev)), Title: visible(fact.Article.Title)})
	}
	p.More = b.Count - len(p.Rows)
	s.renderCode(w, r, "bulk.html", p, code)
}

// acceptBulk accepts the events the confirmation page showed, unless they
// changed since.
func (s *server) acceptBulk(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		plainError(w, "invalid form", http.StatusBadRequest)
		return
	}
	qv, _ := url.ParseQuery(r.PostFormValue("q"))
	q, err := parseQueueQuery(qv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.db.AcceptBatch(r.Context(), q.filter(), r.PostFormValue("digest"), s.opts.Reviewer)
	switch {
	case errors.Is(err, store.ErrConflict):
		s.showBulk(w, r, q, http.StatusConflict, "Nothing was accepted: the pending events of this filter changed "+
			"after the page showed them. Here they are now; confirm again.")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	v, _ := url.ParseQuery(q.encode())
	v.Set("accepted", strconv.Itoa(n))
	http.Redirect(w, r, "/?"+v.Encode(), http.StatusSeeOther)
}

// describe says in words which events the filter selects.
func (q queueQuery) describe() string {
	var parts []string
	if q.Country != "" {
		parts = append(parts, "country "+q.Country)
	}
	if q.Since != "" {
		parts = append(parts, "since "+q.Since)
	}
	if q.Min != "" {
		parts = append(parts, "confidence at least "+q.Min)
	}
	if q.Search != "" {
		parts = append(parts, "matching “"+q.Search+"”")
	}
	return strings.Join(parts, ", ")
}
