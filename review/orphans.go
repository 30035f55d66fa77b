package review

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// orphansPage lists decisions whose event is gone, to re-attach or discard.
type orphansPage struct {
	page
	Orphans []orphanRow
	Error   string
}

type orphanRow struct {
	Key              string
	Status, Reviewer string
	ReviewedAt       string
	Reason, Note     string
	Values           string // the values decided on, "" when not recorded
	ArticleHref      string
	Candidates       []candidate
}

// candidate is an event an orphan could be re-attached to.
type candidate struct{ Key, Label string }

func (s *server) orphans(w http.ResponseWriter, r *http.Request) {
	s.showOrphans(w, r, http.StatusOK, "")
}

func (s *server) showOrphans(w http.ResponseWriter, r *http.Request, code int, msg string) {
	list, err := s.db.Orphans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := orphansPage{page: s.page("Orphaned decisions", "orphans", queueQuery{}), Error: msg}
	for _, o := range list {
		row := orphanRow{Key: o.Key, Status: o.Review.Status, Reviewer: o.Review.Reviewer, ReviewedAt: o.Review.ReviewedAt,
			Reason: o.Review.Reason, Note: o.Review.Note}
		if o.Review.Decided != nil {
			row.Values = valuesText(o.Review.Decided.Event())
		}
		if o.ArticleKey != "" {
			row.ArticleHref = "/articles/" + url.PathEscape(o.ArticleKey)
		}
		for _, c := range o.Candidates {
			row.Candidates = append(row.Candidates, candidate{Key: c.Key, Label: c.Key + ": " + valuesText(c.Event)})
		}
		p.Orphans = append(p.Orphans, row)
	}
	s.renderCode(w, r, "orphans.html", p, code)
}

// reattachOrphan moves an orphaned decision to the event chosen in the form.
func (s *server) reattachOrphan(w http.ResponseWriter, r *http.Request) {
	event := strings.TrimSpace(r.PostFormValue("other"))
	if event == "" {
		event = r.PostFormValue("event")
	}
	if event == "" {
		s.showOrphans(w, r, http.StatusUnprocessableEntity, "Not re-attached: choose an event or type its id.")
		return
	}
	s.orphanAction(w, r, s.db.Reattach(r.Context(), r.PathValue("id"), event))
}

func (s *server) discardOrphan(w http.ResponseWriter, r *http.Request) {
	s.orphanAction(w, r, s.db.DiscardOrphan(r.Context(), r.PathValue("id")))
}

// orphanAction answers a re-attach or discard: back to the list, with the
// reason when it was refused.
func (s *server) orphanAction(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case err == nil:
		http.Redirect(w, r, "/orphans", http.StatusSeeOther)
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		s.showOrphans(w, r, http.StatusConflict, "Not done: "+err.Error())
	default:
		s.fail(w, r, err)
	}
}

// valuesText prints an event's main values on one line.
func valuesText(ev extract.Event) string {
	parts := []string{ev.Country}
	for _, f := range []string{"from", "date", "partners", "operation"} {
		if v := extract.FieldText(ev, f); v != "" {
			parts = append(parts, f+" "+v)
		}
	}
	if c := countsText(ev); c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}
