package review

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/link"
	"github.com/newsfacts/newsfacts/store"
)

// operationPage shows an operation: its consensus with the conflicts
// marked, and its sources side by side with their highlighted evidence.
type operationPage struct {
	page
	ID       string
	Country  string
	Date     string
	Fields   []opField
	From     string
	Sources  []opSource
	Articles int
}

// opField is one consensus field and the forms to pick another value.
type opField struct {
	Name      string
	Value     string
	Refs      string // [1][3]: the sources stating the value
	Picked    bool
	Agreeing  []opValue
	Conflicts []opValue
	// Choices are every stated value for the pick form: the value posted
	// exactly as stored, its label shown with control characters named.
	Choices []option
}

type opValue struct{ Value, Refs string }

// opSource is one member event: its article and each evidence row as an
// excerpt of its sentence with the span marked.
type opSource struct {
	N        int
	Key      string
	Href     string
	Status   string
	Article  articleInfo
	Values   []opSourceValue
	Evidence []opEvidence
}

type opSourceValue struct {
	Field, Value string
	Conflict     bool // differs from the consensus
}

type opEvidence struct {
	Field    string
	Segments []segment
}

// refs writes source numbers as [1][2].
func refs(keys []string, num map[string]int) string {
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "[%d]", num[k])
	}
	return b.String()
}

func (s *server) operation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	op, err := s.db.Operation(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := op.Consensus
	p := operationPage{page: s.page("Operation "+op.ID, "", queueQuery{}), ID: op.ID, Country: op.Country,
		Date: orDash(op.Date()), From: orDash(strings.Join(c.From, ", ")), Articles: c.Articles}
	num := map[string]int{}
	for i, m := range op.Members {
		num[m.Key] = i + 1
	}
	consensus := map[string]string{}
	for _, f := range c.Fields() {
		consensus[f.Name] = f.Value
		of := opField{Name: f.Name, Value: visible(f.Value), Refs: refs(f.Sources, num), Picked: f.Picked,
			Choices: []option{{f.Value, visible(f.Value)}}}
		for _, x := range f.Agreeing {
			of.Agreeing = append(of.Agreeing, opValue{visible(x.Value), refs(x.Sources, num)})
		}
		for _, x := range f.Conflicts {
			of.Conflicts = append(of.Conflicts, opValue{visible(x.Value), refs(x.Sources, num)})
			of.Choices = append(of.Choices, option{x.Value, visible(x.Value)})
		}
		p.Fields = append(p.Fields, of)
	}
	for i, m := range op.Members {
		art, err := s.db.Article(ctx, m.Article.Key)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		src := opSource{N: i + 1, Key: m.Key, Href: factHref(m.Key, ""), Status: m.Status(),
			Article: articleInfoOf(m.Article, art.Article.PublishedSource)}
		ev := m.Current()
		add := func(field, value string) {
			if value == "" {
				return
			}
			cv, stated := consensus[field]
			src.Values = append(src.Values, opSourceValue{field, visible(value), stated && cv != value && !agreeingDate(field, value, c)})
		}
		add("date", ev.Date)
		for _, g := range link.CountGroups {
			if _, ok := ev.Counts[g]; ok {
				add("counts."+g, countValueText(ev, g))
			}
		}
		add("operation", ev.Operation)
		add("from", strings.Join(ev.From, ", "))
		// The current evidence: what the extraction found and what a
		// reviewer selected for a correction.
		for _, e := range ev.Evidence {
			src.Evidence = append(src.Evidence, opEvidence{Field: e.Field, Segments: excerpt(art.Article.Text, e)})
		}
		p.Sources = append(p.Sources, src)
	}
	s.render(w, r, "operation.html", p)
}

// countValueText writes a count as the consensus does: "156", "more than
// 100".
func countValueText(ev extract.Event, g string) string {
	v := strconv.Itoa(ev.Counts[g])
	if q := ev.Qualifiers[g]; q != "" {
		return strings.ReplaceAll(q, "_", " ") + " " + v
	}
	return v
}

// agreeingDate reports whether a source's date agrees with the consensus
// without equalling it (a month containing the day).
func agreeingDate(field, value string, c link.Consensus) bool {
	if field != "date" || c.Date == nil {
		return false
	}
	return slices.ContainsFunc(c.Date.Agreeing, func(x link.Candidate) bool { return x.Value == value })
}

// excerpt is an evidence row's sentence with its span marked.
func excerpt(text string, e extract.Evidence) []segment {
	sen := e.Sentence
	if sen.Start < 0 || sen.End > len(text) || sen.Start > e.Span.Start || e.Span.End > sen.End {
		return []segment{{Text: visible(e.Text), Mark: true, Label: e.Field, Class: colourOf(e.Field)}}
	}
	sub := text[sen.Start:sen.End]
	sp := extract.Span{Start: e.Span.Start - sen.Start, End: e.Span.End - sen.Start}
	return segments(sub, []markSpan{{Span: sp, Sentence: extract.Span{Start: 0, End: len(sub)}, Label: e.Field, Field: e.Field}})
}

// opRedirect sends the browser to the operation that now holds event key.
func (s *server) opRedirect(w http.ResponseWriter, r *http.Request, key string) {
	f, err := s.db.Fact(r.Context(), key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	target := "/"
	if f.Operation != "" {
		target = operationHref(f.Operation)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *server) detach(w http.ResponseWriter, r *http.Request) {
	id, key := r.PathValue("id"), r.PostFormValue("event")
	op, err := s.db.Operation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DetachEvent(r.Context(), id, key, s.opts.Reviewer); err != nil {
		s.failMissing(w, r, err, "event "+key+" in operation "+id)
		return
	}
	// Back to what is left of the operation.
	for _, m := range op.Members {
		if m.Key != key {
			s.opRedirect(w, r, m.Key)
			return
		}
	}
	s.opRedirect(w, r, key)
}

func (s *server) merge(w http.ResponseWriter, r *http.Request) {
	id, other := r.PathValue("id"), strings.TrimSpace(r.PostFormValue("other"))
	op, err := s.db.Operation(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.MergeOperations(r.Context(), id, other, s.opts.Reviewer); err != nil {
		s.failMissing(w, r, err, "operation "+other)
		return
	}
	s.opRedirect(w, r, op.Members[0].Key)
}

func (s *server) pick(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.db.PickValue(r.Context(), id, r.PostFormValue("field"), r.PostFormValue("value"), s.opts.Reviewer); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, operationHref(id), http.StatusSeeOther)
}

// operationHref is the operation page of id.
func operationHref(id string) string { return "/operations/" + url.PathEscape(id) }

// failMissing is fail for a decision whose page's operation exists (the
// handler has read it): what is not found is the form's input, named by
// what, not the operation in the path.
func (s *server) failMissing(w http.ResponseWriter, r *http.Request, err error, what string) {
	if errors.Is(err, store.ErrNotFound) {
		plainError(w, "not found: "+what, http.StatusNotFound)
		return
	}
	s.fail(w, r, err)
}
