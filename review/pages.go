package review

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// page is what the layout shows on every page.
type page struct {
	Title     string
	Reviewer  string
	DBPath    string
	Nav       string // queue, summary or "" for the current menu entry
	Query     string // the queue filter as a query string, carried between pages
	QueueHref string // the queue with that filter
	Progress  *store.Progress
	Done      *doneNote
}

// doneNote confirms the decision just made, with a way to undo it.
type doneNote struct {
	Key, Href string
	Status    string // as stored now
	Version   string // what the undo form carries
}

func (s *server) page(title, nav string, q queueQuery) page {
	query := q.encode()
	return page{Title: title, Reviewer: s.opts.Reviewer, DBPath: s.db.Path(), Nav: nav, Query: query,
		QueueHref: withQuery("/", query)}
}

// progress adds the review progress of the filter's events, and the note
// on the decision just made (?done=KEY), to p.
func (s *server) progress(r *http.Request, p *page, q queueQuery) error {
	pr, err := s.db.Progress(r.Context(), q.filter())
	if err != nil {
		return err
	}
	p.Progress = &pr
	if key := r.URL.Query().Get("done"); key != "" {
		f, err := s.db.Fact(r.Context(), key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		p.Done = &doneNote{Key: f.Key, Href: factHref(f.Key, p.Query), Status: f.Status(), Version: f.Version}
	}
	return nil
}

// queueQuery is the queue filter as it travels in URLs:
// ?country=KZ&status=pending&since=2020&search=aktau&sort=confidence.
type queueQuery struct {
	Country string
	Status  string // "" (to review: pending or stale), all, or one status
	Since   string
	Search  string
	Sort    string // "" (the queue order) or one of queueSorts
	Min     string // lowest confidence, "0.95"; "" for any
}

// queueSorts are the sort menu's choices.
var queueSorts = []option{
	{"", "stale, then pending, least confident first"},
	{store.OrderConfidence, "most confident first"},
	{store.OrderDate, "latest event date first"},
	{store.OrderCountry, "by country"},
	{store.OrderSource, "by article"},
}

// queueStatuses are the status filter's choices, in menu order.
var queueStatuses = []option{
	{"", "to review (pending or stale)"},
	{store.StatusPending, "pending"},
	{store.StatusStale, "stale decisions"},
	{store.StatusAccepted, "accepted"},
	{store.StatusCorrected, "corrected"},
	{store.StatusRejected, "rejected"},
	{"all", "all"},
}

type option struct{ Value, Label string }

// parseQueueQuery reads and checks the queue filter.
func parseQueueQuery(v url.Values) (queueQuery, error) {
	q := queueQuery{
		Country: strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		Status:  strings.TrimSpace(v.Get("status")),
		Since:   strings.TrimSpace(v.Get("since")),
		Search:  strings.TrimSpace(v.Get("search")),
		Sort:    strings.TrimSpace(v.Get("sort")),
	}
	q.Min = strings.TrimSpace(v.Get("min"))
	if q.Min != "" {
		if m, err := strconv.ParseFloat(q.Min, 64); err != nil || m < 0 || m > 1 {
			return q, formError{"min", q.Min, "want a confidence from 0 to 1, such as 0.95"}
		}
	}
	if len(q.Search) > store.MaxName {
		return q, formError{"search", q.Search[:40] + "…", fmt.Sprintf("longer than %d bytes", store.MaxName)}
	}
	if q.Sort == store.OrderQueue || !slices.ContainsFunc(queueSorts, func(o option) bool { return o.Value == q.Sort }) {
		return q, formError{"sort", q.Sort, "want confidence, date, country or empty"}
	}
	if q.Country != "" && !store.IsCountryCode(q.Country) {
		return q, formError{"country", q.Country, "not an ISO 3166 alpha-2 country code"}
	}
	if !slices.ContainsFunc(queueStatuses, func(o option) bool { return o.Value == q.Status }) {
		return q, formError{"status", q.Status, "want pending, stale, accepted, corrected, rejected or all"}
	}
	if q.Since != "" && (strings.HasPrefix(q.Since, "X") || !store.IsEventDate(q.Since)) {
		return q, formError{"since", q.Since, "want YYYY, YYYY-MM or YYYY-MM-DD"}
	}
	return q, nil
}

func (q queueQuery) encode() string {
	v := url.Values{}
	for _, kv := range [][2]string{{"country", q.Country}, {"status", q.Status}, {"since", q.Since},
		{"search", q.Search}, {"sort", q.Sort}, {"min", q.Min}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v.Encode()
}

func (q queueQuery) filter() store.Filter {
	f := store.Filter{Country: q.Country, Since: q.Since, Status: q.Status, Search: q.Search, Order: store.OrderQueue}
	if q.Sort != "" {
		f.Order = q.Sort
	}
	if q.Min != "" {
		f.MinConfidence, _ = strconv.ParseFloat(q.Min, 64) // checked by parseQueueQuery
	}
	switch q.Status {
	case "":
		f.Status = store.StatusPending + "," + store.StatusStale
	case "all":
		f.Status = ""
	}
	return f
}

// withQuery appends the encoded queue filter to a path.
func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

func factHref(key, query string) string {
	return withQuery("/facts/"+url.PathEscape(key), query)
}

// queuePage lists the events to review.
type queuePage struct {
	page
	Filter   queueQuery
	Statuses []option
	Sorts    []option
	Rows     []queueRow
	Total    int // events the filter selects; Rows hold one page of them
	Page     int
	First    int // 1-based place of the first row
	Last     int
	PrevPage string
	NextPage string
	Start    string
	BulkHref string // the confirmation page for accepting the filter's pending events
	Accepted int    // events a bulk accept just accepted
}

type queueRow struct {
	Key, Href  string
	InReview   string // who else has the event open
	Status     string
	Stale      bool
	Confidence string
	Country    string
	Date       string
	Counts     string
	Title      string
	Site       string
	Published  string
}

func (s *server) queue(w http.ResponseWriter, r *http.Request) {
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			s.fail(w, r, formError{"page", v, "want a page number from 1"})
			return
		}
	}
	f := q.filter()
	total, err := s.db.Count(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit, f.Offset = s.opts.PageSize, (n-1)*s.opts.PageSize
	facts, err := s.db.Facts(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := queuePage{page: s.page("Review queue", "queue", q), Filter: q, Statuses: queueStatuses, Sorts: queueSorts,
		Total: total, First: f.Offset + 1, Page: n}
	if err := s.progress(r, &p.page, q); err != nil {
		s.fail(w, r, err)
		return
	}
	pageHref := func(n int) string {
		v, _ := url.ParseQuery(p.Query)
		v.Set("page", strconv.Itoa(n))
		return "/?" + v.Encode()
	}
	if n > 1 {
		p.PrevPage = pageHref(n - 1)
	}
	if f.Offset+len(facts) < total {
		p.NextPage = pageHref(n + 1)
	}
	for _, f := range facts {
		ev := f.Current()
		p.Rows = append(p.Rows, queueRow{
			Key: f.Key, Href: factHref(f.Key, p.Query), Status: f.Status(), Stale: f.Review != nil && f.Review.Stale,
			Confidence: fmt.Sprintf("%.2f", f.Event.Confidence), Country: ev.Country, Date: orDash(ev.Date),
			Counts: orDash(countsText(ev)), Title: visible(f.Article.Title), Site: visible(f.Article.Site),
			Published: f.Article.Published,
		})
	}
	keys := make([]string, len(p.Rows))
	for i, row := range p.Rows {
		keys[i] = row.Key
	}
	inReview := s.claims(r, keys...)
	for i, row := range p.Rows {
		p.Rows[i].InReview = inReview[row.Key].Reviewer
	}
	p.Last = f.Offset + len(p.Rows)
	p.BulkHref = withQuery("/bulk", p.Query)
	if v := r.URL.Query().Get("accepted"); v != "" {
		p.Accepted, _ = strconv.Atoi(v)
	}
	if len(p.Rows) > 0 {
		p.Start = p.Rows[0].Href
	}
	s.render(w, r, "queue.html", p)
}

// factPage shows one event beside its article, with the forms to decide.
type factPage struct {
	page
	Key        string
	Status     string
	Operation  string // the operation the event belongs to, "" for none
	OpHref     string
	Review     *store.Review
	Confidence string
	Fields     []fieldRow
	Article    articleInfo
	Segments   []segment
	Edit       editForm
	EditOpen   bool   // the correction form opens at once: it holds refused values
	Version    string // what the page shows; every decision form carries it
	Error      string // why the last decision was not saved
	Check      formChecks
	Others     []articleEvent // the article's other events
	InReview   string         // who else has the event open
	InReviewAt string
	Prev, Next string // hrefs, "" at either end of the queue
	NextKey    string // where a decision moves on to
	Position   int    // 1-based place in the queue, 0 when the event is not in it
	QueueLen   int
}

// fieldRow is one field of an event: its value, what was extracted when a
// reviewer changed it, and links to the evidence in the text.
type fieldRow struct {
	Label     string
	Value     string
	Changed   bool   // a reviewer corrected it
	Extracted string // the extracted value, when Changed
	// Before is the value extracted when a now stale decision was made,
	// set when it differs from today's: what the decision was about.
	Before     string
	WasChanged bool
	Class      string // the field's colour, as its evidence in the text
	Evidence   []evidenceLink
}

type evidenceLink struct {
	Href string // #ev-N
	Text string
	Rule string
}

// articleInfo is what the pages show about an article. Everything in it
// is untrusted; Link is set only for http and https URLs.
type articleInfo struct {
	Key, Href       string
	SourceID        string
	Title           string
	Site            string
	Published       string
	PublishedSource string
	URL             string
	Link            string
}

func articleInfoOf(a store.ArticleRef, src string) articleInfo {
	return articleInfo{Key: a.Key, Href: "/articles/" + url.PathEscape(a.Key), SourceID: visible(a.SourceID),
		Title: visible(a.Title), Site: visible(a.Site), Published: a.Published, PublishedSource: src, URL: visible(a.URL),
		Link: safeLink(a.URL)}
}

// safeLink returns u when it is an absolute http or https URL, else "".
func safeLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func (s *server) fact(w http.ResponseWriter, r *http.Request) {
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showFact(w, r, r.PathValue("id"), q, http.StatusOK, factNotice{})
	// After the page, which shows who else had the event open.
	s.claim(r, r.PathValue("id"))
}

// claimWait bounds how long opening an event waits to mark it as in
// review: the mark is a courtesy, and must not hold the page up while an
// ingest writes.
const claimWait = 300 * time.Millisecond

// claim marks the event as in review by this server's reviewer, if it has
// a name; a failure is only logged.
func (s *server) claim(r *http.Request, key string) {
	if s.opts.Reviewer == "" {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), claimWait)
	defer cancel()
	if err := s.db.Claim(ctx, key, s.opts.Reviewer); err != nil {
		s.opts.Log.Warn("could not mark an event as in review", "event", key, "err", err)
	}
}

// claims returns who else has these events open, by event id; nil on
// failure, which is only logged.
func (s *server) claims(r *http.Request, keys ...string) map[string]store.Claim {
	c, err := s.db.Claims(r.Context(), keys, s.opts.Reviewer)
	if err != nil {
		s.opts.Log.Warn("could not read who is reviewing", "err", err)
	}
	return c
}

// factNotice is what a refused decision adds to the event page.
type factNotice struct {
	Error    string     // shown above the forms
	Conflict bool       // the event changed since the page the decision came from
	Form     url.Values // the refused post, whose typed values the forms keep
}

// showFact renders the event page with code and notice.
func (s *server) showFact(w http.ResponseWriter, r *http.Request, key string, q queueQuery, code int, n factNotice) {
	ctx := r.Context()
	f, err := s.db.Fact(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	art, err := s.db.Article(ctx, f.Article.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	siblings, err := s.db.Facts(ctx, store.Filter{Article: f.Article.Key})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	nb, err := s.db.Neighbours(ctx, q.filter(), f.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	edit := editFormOf(f)
	if n.Form != nil {
		edit = edit.typed(n.Form)
		if n.Conflict {
			// The values changed under the reviewer: show the new ones,
			// keeping only the note and reason they wrote.
			fresh := editFormOf(f)
			fresh.Note, fresh.Reason = edit.Note, edit.Reason
			edit = fresh
		}
	}
	p := factPage{
		page:       s.page("Event "+f.Key, "", q),
		Key:        f.Key,
		Operation:  f.Operation,
		Version:    f.Version,
		Status:     f.Status(),
		Review:     f.Review,
		Confidence: fmt.Sprintf("%.2f", f.Event.Confidence),
		Fields:     fieldRows(f),
		Article:    articleInfoOf(f.Article, art.Article.PublishedSource),
		Segments:   segments(art.Article.Text, markSpans(f.Current().Evidence, "ev-")),
		Edit:       edit,
		EditOpen:   edit.Dirty,
		Error:      n.Error,
		Check:      s.checks(f),
		Position:   nb.Position,
		QueueLen:   nb.Total,
		NextKey:    nb.Next,
	}
	if err := s.progress(r, &p.page, q); err != nil {
		s.fail(w, r, err)
		return
	}
	if c, ok := s.claims(r, f.Key)[f.Key]; ok {
		p.InReview, p.InReviewAt = c.Reviewer, c.ClaimedAt.Local().Format("15:04")
	}
	for i, o := range siblings {
		if o.Key != f.Key {
			p.Others = append(p.Others, articleEventOf(i, o, p.Query))
		}
	}
	if f.Operation != "" {
		p.OpHref = operationHref(f.Operation)
	}
	if nb.Prev != "" {
		p.Prev = factHref(nb.Prev, p.Query)
	}
	if p.Done != nil && p.Done.Key != f.Key {
		// k goes back to the event just decided, wherever the queue put it.
		p.Prev = p.Done.Href
	}
	if p.NextKey != "" {
		p.Next = factHref(p.NextKey, p.Query)
	}
	s.renderCode(w, r, "fact.html", p, code)
}

// fieldRows lists an event's fields in reading order, each with the
// evidence for it. Evidence for other fields (the trigger, say) gets a row
// of its own.
func fieldRows(f store.Fact) []fieldRow {
	cur, ext := f.Current(), f.Event
	corrected := f.Review != nil && !f.Review.Correction.Empty()
	var decided *extract.Event
	if f.Review != nil && f.Review.Stale && f.Review.Decided != nil {
		ev := f.Review.Decided.Event()
		decided = &ev
	}
	// The evidence includes what a reviewer selected for a correction.
	evidence := cur.Evidence
	used := make([]bool, len(evidence))
	row := func(field string, text func(extract.Event) string) fieldRow {
		fr := fieldRow{Label: field, Value: visible(text(cur)), Class: colourOf(field)}
		if extracted := visible(text(ext)); corrected && extracted != fr.Value {
			fr.Changed, fr.Extracted = true, extracted
		}
		if decided != nil {
			if before := text(*decided); before != text(ext) {
				fr.WasChanged, fr.Before = true, visible(before)
			}
		}
		for i, e := range evidence {
			if e.Field == field {
				used[i] = true
				fr.Evidence = append(fr.Evidence, evidenceLink{Href: "#ev-" + strconv.Itoa(i), Text: visible(e.Text), Rule: e.Rule})
			}
		}
		return fr
	}
	var rows []fieldRow
	for _, fd := range extract.Fields() {
		// Only the count groups some version of the event has get a row.
		if g, ok := strings.CutPrefix(fd.Name, "counts."); ok && !hasCount(g, cur, ext, decided) {
			continue
		}
		rows = append(rows, row(fd.Name, fd.Text))
	}
	for i, e := range evidence {
		if !used[i] {
			fr := row(e.Field, func(extract.Event) string { return "" })
			fr.Label = "evidence: " + e.Field
			rows = append(rows, fr)
		}
	}
	return rows
}

// hasCount reports whether any of the events counts group.
func hasCount(group string, cur, ext extract.Event, decided *extract.Event) bool {
	_, a := cur.Counts[group]
	_, b := ext.Counts[group]
	c := false
	if decided != nil {
		_, c = decided.Counts[group]
	}
	return a || b || c
}

// qualifierOptions returns the qualifier menu's choices, exact first.
func qualifierOptions() []option {
	opts := []option{{"", "exactly"}}
	for _, q := range extract.Qualifiers {
		opts = append(opts, option{q, strings.ReplaceAll(q, "_", " ")})
	}
	return opts
}

func groupOrder(g string) int {
	if i := slices.Index(extract.CountGroups, g); i >= 0 {
		return i
	}
	return len(extract.CountGroups)
}

// countsText renders all counts in group order: "total 37, women 11".
func countsText(ev extract.Event) string {
	groups := slices.SortedFunc(maps.Keys(ev.Counts), func(a, b string) int { return groupOrder(a) - groupOrder(b) })
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = g + " " + extract.CountText(ev, g)
	}
	return strings.Join(parts, ", ")
}

// orDash shows an empty value as a dash.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// articlePage lists every event of one article beside its text.
type articlePage struct {
	page
	Article  articleInfo
	Events   []articleEvent
	Segments []segment
}

type articleEvent struct {
	N          int
	Key, Href  string
	Anchor     string // #a1-0: the event's first evidence in the text
	Status     string
	Stale      bool
	Confidence string
	Country    string
	Date       string
	Counts     string
}

// articleEventOf lists the i-th event of an article.
func articleEventOf(i int, f store.Fact, query string) articleEvent {
	ev := f.Current()
	return articleEvent{N: i + 1, Key: f.Key, Href: factHref(f.Key, query), Status: f.Status(),
		Stale: f.Review != nil && f.Review.Stale, Confidence: fmt.Sprintf("%.2f", f.Event.Confidence),
		Country: ev.Country, Date: orDash(ev.Date), Counts: orDash(countsText(ev))}
}

func (s *server) article(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	key := r.PathValue("id")
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	art, err := s.db.Article(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	facts, err := s.db.Facts(ctx, store.Filter{Article: key})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := art.Article
	p := articlePage{
		page: s.page(a.Title, "", q),
		Article: articleInfoOf(store.ArticleRef{Key: art.Key, SourceID: a.SourceID, URL: a.URL, Title: a.Title,
			Published: a.Published, Site: a.Site}, a.PublishedSource),
	}
	var spans []markSpan
	for i, f := range facts {
		prefix := "a" + strconv.Itoa(i+1) + "-"
		ae := articleEventOf(i, f, p.Query)
		if len(f.Event.Evidence) > 0 {
			ae.Anchor = "#" + prefix + "0"
		}
		p.Events = append(p.Events, ae)
		for _, m := range markSpans(f.Current().Evidence, prefix) {
			m.Label = fmt.Sprintf("event %d: %s", i+1, m.Label)
			spans = append(spans, m)
		}
	}
	p.Segments = segments(a.Text, spans)
	s.render(w, r, "article.html", p)
}

// summaryPage counts decisions per country, and draws each country's
// operations on a timeline.
type summaryPage struct {
	page
	Summary   store.Summary
	Timelines []timeline
	// SVG geometry: the axis at Mid, year ticks from TickTop to
	// TickBottom, labels at LabelY.
	Width, Height, Mid, TickTop, TickBottom, LabelY int
}

func (s *server) summary(w http.ResponseWriter, r *http.Request) {
	sum, err := s.db.Summary(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ops, err := s.db.Operations(r.Context(), store.OperationFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "summary.html", summaryPage{page: s.page("Summary", "summary", queueQuery{}), Summary: sum,
		Timelines: timelines(ops), Width: timelineWidth, Height: timelineHeight,
		Mid: timelineHeight / 2, TickTop: timelineHeight/2 - 4, TickBottom: timelineHeight/2 + 4, LabelY: timelineHeight - 2})
}
