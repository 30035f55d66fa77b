package main

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// queueLimit bounds the rows the queue page lists; navigation still walks
// the whole queue.
const queueLimit = 500

// page is what the layout shows on every page.
type page struct {
	Title     string
	Reviewer  string
	DBPath    string
	Nav       string // queue, summary or "" for the current menu entry
	Query     string // the queue filter as a query string, carried between pages
	QueueHref string // the queue with that filter
}

func (s *reviewServer) page(title, nav string, q queueQuery) page {
	query := q.encode()
	return page{Title: title, Reviewer: s.opts.Reviewer, DBPath: s.db.Path(), Nav: nav, Query: query,
		QueueHref: withQuery("/", query)}
}

// queueQuery is the queue filter as it travels in URLs: ?country=KZ&status=pending&since=2020.
type queueQuery struct {
	Country string
	Status  string // "" (to review: pending or stale), all, or one status
	Since   string
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
	for _, kv := range [][2]string{{"country", q.Country}, {"status", q.Status}, {"since", q.Since}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return v.Encode()
}

func (q queueQuery) filter() store.Filter {
	f := store.Filter{Country: q.Country, Since: q.Since, Status: q.Status, Order: store.OrderQueue}
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
	Rows     []queueRow
	Total    int // events the filter selects; Rows may hold fewer
	Start    string
}

type queueRow struct {
	Key, Href  string
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

func (s *reviewServer) queue(w http.ResponseWriter, r *http.Request) {
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	facts, err := s.db.Facts(r.Context(), q.filter())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := queuePage{page: s.page("Review queue", "queue", q), Filter: q, Statuses: queueStatuses, Total: len(facts)}
	for i, f := range facts {
		if i == queueLimit {
			break
		}
		ev := f.Current()
		p.Rows = append(p.Rows, queueRow{
			Key: f.Key, Href: factHref(f.Key, p.Query), Status: f.Status(), Stale: f.Review != nil && f.Review.Stale,
			Confidence: fmt.Sprintf("%.2f", f.Event.Confidence), Country: ev.Country, Date: dash(ev.Date),
			Counts: dash(formatCounts(ev.Counts, ev.Qualifiers)), Title: f.Article.Title, Site: f.Article.Site,
			Published: f.Article.Published,
		})
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
	Review     *store.Review
	Confidence string
	Fields     []fieldRow
	Article    articleInfo
	Segments   []segment
	Edit       editForm
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
	Evidence  []evidenceLink
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
	return articleInfo{Key: a.Key, Href: "/articles/" + url.PathEscape(a.Key), SourceID: a.SourceID,
		Title: a.Title, Site: a.Site, Published: a.Published, PublishedSource: src, URL: a.URL, Link: safeLink(a.URL)}
}

// safeLink returns u when it is an absolute http or https URL, else "".
func safeLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func (s *reviewServer) fact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	key := r.PathValue("id")
	q, err := parseQueueQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
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
	queue, err := s.db.Facts(ctx, q.filter())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := factPage{
		page:       s.page("Event "+f.Key, "", q),
		Key:        f.Key,
		Status:     f.Status(),
		Review:     f.Review,
		Confidence: fmt.Sprintf("%.2f", f.Event.Confidence),
		Fields:     fieldRows(f),
		Article:    articleInfoOf(f.Article, art.Article.PublishedSource),
		Segments:   segments(art.Article.Text, markSpans(f.Event.Evidence, "ev-")),
		Edit:       editFormOf(f),
		QueueLen:   len(queue),
	}
	i := slices.IndexFunc(queue, func(o store.Fact) bool { return o.Key == f.Key })
	switch {
	case i < 0 && len(queue) > 0:
		p.NextKey = queue[0].Key
	case i >= 0:
		p.Position = i + 1
		if i > 0 {
			p.Prev = factHref(queue[i-1].Key, p.Query)
		}
		if i+1 < len(queue) {
			p.NextKey = queue[i+1].Key
		}
	}
	if p.NextKey != "" {
		p.Next = factHref(p.NextKey, p.Query)
	}
	s.render(w, r, "fact.html", p)
}

// fieldRows lists an event's fields in reading order, each with the
// evidence for it. Evidence for other fields (the trigger, say) gets a row
// of its own.
func fieldRows(f store.Fact) []fieldRow {
	cur, ext := f.Current(), f.Event
	corrected := f.Review != nil && !f.Review.Correction.Empty()
	used := make([]bool, len(ext.Evidence))
	row := func(label, field, value, extracted string) fieldRow {
		fr := fieldRow{Label: label, Value: value}
		if corrected && extracted != value {
			fr.Changed, fr.Extracted = true, extracted
		}
		for i, e := range ext.Evidence {
			if e.Field == field {
				used[i] = true
				fr.Evidence = append(fr.Evidence, evidenceLink{Href: "#ev-" + strconv.Itoa(i), Text: e.Text, Rule: e.Rule})
			}
		}
		return fr
	}
	rows := []fieldRow{
		row("country", "country", cur.Country, ext.Country),
		row("from", "from", strings.Join(cur.From, ", "), strings.Join(ext.From, ", ")),
		row("date", "date", cur.Date, ext.Date),
	}
	groups := slices.Sorted(maps.Keys(cur.Counts))
	for _, g := range slices.Sorted(maps.Keys(ext.Counts)) {
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	slices.SortFunc(groups, func(a, b string) int { return groupOrder(a) - groupOrder(b) })
	for _, g := range groups {
		rows = append(rows, row("counts."+g, "counts."+g, countText(cur, g), countText(ext, g)))
	}
	rows = append(rows,
		row("partners", "partners", partnerText(cur.Partners), partnerText(ext.Partners)),
		row("operation", "operation", cur.Operation, ext.Operation),
		row("aggregate", "aggregate", strconv.FormatBool(cur.Aggregate), strconv.FormatBool(ext.Aggregate)),
	)
	for i, e := range ext.Evidence {
		if !used[i] {
			rows = append(rows, row("evidence: "+e.Field, e.Field, "", ""))
		}
	}
	return rows
}

// countGroups are the count groups the UI offers, in display order.
var countGroups = []string{"total", "women", "men", "children", "adults", "orphans"}

var qualifierOptions = []option{
	{"", "exactly"}, {"about", "about"}, {"more_than", "more than"}, {"at_least", "at least"},
	{"less_than", "less than"}, {"up_to", "up to"},
}

func groupOrder(g string) int {
	if i := slices.Index(countGroups, g); i >= 0 {
		return i
	}
	return len(countGroups)
}

// countText renders one count as a reader says it: "more than 600".
func countText(ev extract.Event, group string) string {
	n, ok := ev.Counts[group]
	if !ok {
		return ""
	}
	s := strconv.Itoa(n)
	if q := ev.Qualifiers[group]; q != "" {
		s = strings.ReplaceAll(q, "_", " ") + " " + s
	}
	if slices.Contains(ev.Derived, group) {
		s += " (derived)"
	}
	return s
}

func partnerText(ps []extract.Partner) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.ID
		if p.Name != "" && p.Name != p.ID {
			parts[i] += " (" + p.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
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

func (s *reviewServer) article(w http.ResponseWriter, r *http.Request) {
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
		ev := f.Current()
		prefix := "a" + strconv.Itoa(i+1) + "-"
		ae := articleEvent{N: i + 1, Key: f.Key, Href: factHref(f.Key, p.Query), Status: f.Status(),
			Stale: f.Review != nil && f.Review.Stale, Confidence: fmt.Sprintf("%.2f", f.Event.Confidence),
			Country: ev.Country, Date: dash(ev.Date), Counts: dash(formatCounts(ev.Counts, ev.Qualifiers))}
		if len(f.Event.Evidence) > 0 {
			ae.Anchor = "#" + prefix + "0"
		}
		p.Events = append(p.Events, ae)
		for _, m := range markSpans(f.Event.Evidence, prefix) {
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

func (s *reviewServer) summary(w http.ResponseWriter, r *http.Request) {
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
