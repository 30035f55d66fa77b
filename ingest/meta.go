package ingest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is the metadata a page states about itself.
type pageMeta struct {
	Title     string
	Site      string
	Language  string
	Canonical string

	Published       string // YYYY-MM-DD in the page's own time zone
	PublishedSource string
	Modified        string
}

// publishedMeta lists the <meta> names and properties that carry a
// publication date, most trusted first. Keys are lower case.
var publishedMeta = []string{
	"article:published_time",
	"og:article:published_time",
	"og:published_time",
	"datepublished",
	"article.published",
	"published_time",
	"publish-date",
	"publish_date",
	"publishdate",
	"pubdate",
	"parsely-pub-date",
	"sailthru.date",
	"dc.date.issued",
	"dcterms.issued",
	"dc.date.created",
	"dcterms.created",
	"dc.date",
	"dcterms.date",
	"date",
	"originalpublicationdate",
	"article:published",
}

// modifiedMeta lists the <meta> names that carry a modification date.
var modifiedMeta = []string{
	"article:modified_time",
	"og:article:modified_time",
	"og:updated_time",
	"datemodified",
	"last-modified",
	"dc.date.modified",
	"dcterms.modified",
}

// metaScan is what one walk over the document collects.
type metaScan struct {
	lang      string
	title     string // <title>
	h1        []string
	meta      map[string]string // first content for each lower-case name/property/itemprop
	canonical string
	ldJSON    []string
	times     []timeTag
}

// timeTag is a <time datetime> element and where it sits.
type timeTag struct {
	datetime  string
	published bool // marked as the publication time (pubdate, itemprop, class)
	modified  bool
	inArticle bool // inside <article> or <main>
	furniture bool // inside <nav>, <aside>, <footer>
}

// readMeta reads title, site, language, canonical URL and dates from a
// parsed page. pageURL (may be "") resolves relative links and is the last
// source of a date before the page text.
func readMeta(doc *html.Node, pageURL string) pageMeta {
	s := metaScan{meta: map[string]string{}}
	s.walk(doc, false, false, false)
	ld := readLD(s.ldJSON)

	var m pageMeta
	m.Site = firstNonEmpty(s.meta["og:site_name"], ld.site, s.meta["application-name"])
	m.Language = normalizeLang(firstNonEmpty(s.lang, s.meta["content-language"], s.meta["og:locale"], ld.lang))
	m.Canonical = absoluteURL(pageURL, firstNonEmpty(s.canonical, s.meta["og:url"]))
	m.Title = chooseTitle(ld.headline, s, m.Site)

	switch {
	case pageDateOK(ld.published):
		m.Published, m.PublishedSource = pageDate(ld.published), "json-ld"
	default:
		if name, d := firstMetaDate(s.meta, publishedMeta); d != "" {
			m.Published, m.PublishedSource = d, "meta:"+name
		} else if d := s.timeDate(); d != "" {
			m.Published, m.PublishedSource = d, "time"
		} else if d := urlDate(m.Canonical, pageURL); d != "" {
			m.Published, m.PublishedSource = d, "url"
		} else if d := textDate(doc, firstNonEmpty(pageURL, m.Canonical)); d != "" {
			m.Published, m.PublishedSource = d, "htmldate"
		}
	}
	m.Modified = pageDate(ld.modified)
	if m.Modified == "" {
		_, m.Modified = firstMetaDate(s.meta, modifiedMeta)
	}
	if m.Modified == "" {
		for _, t := range s.times {
			if t.modified {
				if m.Modified = pageDate(t.datetime); m.Modified != "" {
					break
				}
			}
		}
	}
	return m
}

func (s *metaScan) walk(n *html.Node, inHead, inArticle, furniture bool) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Html:
			if s.lang == "" {
				s.lang = attr(n, "lang")
			}
		case atom.Head:
			inHead = true
		case atom.Title:
			if s.title == "" && inHead {
				s.title = collapseSpace(textOf(n))
			}
		case atom.Meta:
			content := attr(n, "content")
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
					if _, ok := s.meta[key]; !ok {
						s.meta[key] = strings.TrimSpace(content)
					}
				}
			}
			if ip := strings.ToLower(attr(n, "itemprop")); ip == "datepublished" || ip == "datemodified" {
				if dt := attr(n, "datetime"); dt != "" && content == "" {
					if _, ok := s.meta[ip]; !ok {
						s.meta[ip] = dt
					}
				}
			}
		case atom.Link:
			if s.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				s.canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				s.ldJSON = append(s.ldJSON, textOf(n))
			}
			return
		case atom.Style, atom.Noscript, atom.Template:
			return
		case atom.Article, atom.Main:
			inArticle = true
		case atom.Nav, atom.Aside, atom.Footer:
			furniture = true
		case atom.H1:
			if len(s.h1) < 4 {
				s.h1 = append(s.h1, collapseSpace(textOf(n)))
			}
		case atom.Time:
			if dt := firstNonEmpty(attr(n, "datetime"), attr(n, "content")); dt != "" {
				marks := strings.ToLower(attr(n, "itemprop") + " " + attr(n, "class") + " " + attr(n, "id"))
				if p := n.Parent; p != nil && p.Type == html.ElementNode {
					marks += " " + strings.ToLower(attr(p, "class")+" "+attr(p, "itemprop"))
				}
				t := timeTag{datetime: dt, inArticle: inArticle, furniture: furniture}
				t.modified = strings.Contains(marks, "modified") || strings.Contains(marks, "updated")
				t.published = !t.modified && (hasAttr(n, "pubdate") ||
					strings.Contains(marks, "datepublished") || strings.Contains(marks, "publish") ||
					strings.Contains(marks, "posted"))
				s.times = append(s.times, t)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c, inHead, inArticle, furniture)
	}
}

// timeDate picks the publication date among the page's <time> elements: one
// marked as the publication time, else the first in the article outside
// navigation and asides, else the first outside them anywhere.
func (s *metaScan) timeDate() string {
	pick := func(ok func(timeTag) bool) string {
		for _, t := range s.times {
			if ok(t) {
				if d := pageDate(t.datetime); d != "" {
					return d
				}
			}
		}
		return ""
	}
	return firstNonEmpty(
		pick(func(t timeTag) bool { return t.published && !t.furniture }),
		pick(func(t timeTag) bool { return t.inArticle && !t.furniture && !t.modified }),
		pick(func(t timeTag) bool { return !t.furniture && !t.modified }),
	)
}

func firstMetaDate(meta map[string]string, names []string) (name, date string) {
	for _, k := range names {
		if d := pageDate(meta[k]); d != "" {
			return k, d
		}
	}
	return "", ""
}

// ldInfo is what newsfacts uses from a page's JSON-LD.
type ldInfo struct {
	headline, published, modified, site, lang string
}

// readLD reads the article object of a page's JSON-LD blocks: the first
// object whose @type names an article, else the first with datePublished.
func readLD(blocks []string) ldInfo {
	var article, dated map[string]any
	for _, b := range blocks {
		v, ok := parseLD(b)
		if !ok {
			continue
		}
		visitLD(v, 0, func(o map[string]any) {
			if article == nil && isArticleType(o["@type"]) {
				article = o
			}
			if dated == nil && ldString(o["datePublished"]) != "" {
				dated = o
			}
		})
	}
	o := article
	if o == nil {
		o = dated
	}
	if o == nil {
		return ldInfo{}
	}
	info := ldInfo{
		headline:  ldString(o["headline"]),
		published: ldString(o["datePublished"]),
		modified:  ldString(o["dateModified"]),
		site:      ldName(o["publisher"]),
		lang:      ldString(o["inLanguage"]),
	}
	if info.published == "" && dated != nil {
		// An article object without a date: take it from the dated object.
		info.published = ldString(dated["datePublished"])
		info.modified = firstNonEmpty(info.modified, ldString(dated["dateModified"]))
	}
	return info
}

var trailingComma = regexp.MustCompile(`,\s*([}\]])`)

// parseLD decodes one JSON-LD block, forgiving the usual faults of
// hand-written blocks: HTML comment or CDATA wrappers, raw line breaks in
// strings and trailing commas.
func parseLD(s string) (any, bool) {
	s = strings.TrimSpace(s)
	for _, w := range []string{"<!--", "//<![CDATA[", "<![CDATA["} {
		s = strings.TrimPrefix(s, w)
	}
	for _, w := range []string{"-->", "//]]>", "]]>"} {
		s = strings.TrimSuffix(strings.TrimSpace(s), w)
	}
	var v any
	if json.Unmarshal([]byte(s), &v) == nil {
		return v, true
	}
	s = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
	s = trailingComma.ReplaceAllString(s, "$1")
	return v, json.Unmarshal([]byte(s), &v) == nil
}

// visitLD calls fn for every object in v, outer objects first.
func visitLD(v any, depth int, fn func(map[string]any)) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, k := range []string{"@graph", "mainEntity", "itemListElement"} {
			if c, ok := x[k]; ok {
				visitLD(c, depth+1, fn)
			}
		}
	case []any:
		for _, c := range x {
			visitLD(c, depth+1, fn)
		}
	}
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.Contains(x, "Article") || x == "BlogPosting" || x == "Report" || x == "LiveBlogPosting"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		return firstNonEmpty(ldString(x["@value"]), ldString(x["name"]))
	}
	return ""
}

func ldName(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return ldString(x["name"])
	case []any:
		if len(x) > 0 {
			return ldName(x[0])
		}
	}
	return ""
}

// titleSeparators split a <title> into the headline and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", ": "}

// chooseTitle picks the headline: the JSON-LD headline, else og:title and
// its kin, else the page's one <h1> when <title> contains it, else the
// longest part of <title> that is not the site's name (unless it is a few
// words beside a longer <h1>), else the <h1>. A
// candidate equal to the site name is never taken, and a site name
// appended to a title is cut off.
func chooseTitle(ldHeadline string, s metaScan, site string) string {
	for _, c := range []string{ldHeadline, s.meta["og:title"], s.meta["twitter:title"], s.meta["headline"], s.meta["title"]} {
		if t := stripSite(collapseSpace(html.UnescapeString(c)), site); t != "" && !strings.EqualFold(t, site) {
			return t
		}
	}
	var h1 string
	if len(s.h1) == 1 {
		h1 = s.h1[0]
	}
	title := s.title
	if h1 != "" && title != "" && strings.Contains(strings.ToLower(title), strings.ToLower(h1)) {
		return h1
	}
	if title != "" {
		best := title
		for _, sep := range titleSeparators {
			if !strings.Contains(title, sep) {
				continue
			}
			best = ""
			for _, part := range strings.Split(title, sep) {
				part = strings.TrimSpace(part)
				if !strings.EqualFold(part, site) && len(part) > len(best) {
					best = part
				}
			}
			break
		}
		// A short <title> beside a longer <h1> is the site's name, not the
		// headline.
		short := h1 != "" && len(strings.Fields(best)) < 4 && len(strings.Fields(h1)) > len(strings.Fields(best))
		if best != "" && !strings.EqualFold(best, site) && !short {
			return best
		}
	}
	return h1
}

// stripSite cuts a trailing or leading " | Site" off a title.
func stripSite(t, site string) string {
	if site == "" {
		return t
	}
	for _, sep := range titleSeparators {
		if rest, ok := strings.CutSuffix(t, sep+site); ok && rest != "" {
			return strings.TrimSpace(rest)
		}
		if rest, ok := strings.CutPrefix(t, site+sep); ok && rest != "" {
			return strings.TrimSpace(rest)
		}
	}
	return t
}

var (
	isoDate = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s_])`)
	// urlDatePath matches /2023/02/16/ and /2023-02-16 in a URL path.
	urlDatePath = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$|\.)`)
	// dateLayouts are the written date forms pageDate accepts besides ISO 8601.
	dateLayouts = []string{
		time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC,
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"20060102", "20060102150405",
		"January 2, 2006", "Jan 2, 2006", "2 January 2006", "2 Jan 2006",
		"January 2, 2006 15:04", "January 2, 2006 3:04 PM", "Jan. 2, 2006",
	}
)

// pageDate turns a date as a page writes it into YYYY-MM-DD, keeping the
// page's own calendar date: "2023-02-16T23:30:00-05:00" is 2023-02-16, not
// the next day in UTC. It returns "" when s is no plausible date.
func pageDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil && plausibleYear(t.Year()) {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

func pageDateOK(s string) bool { return pageDate(s) != "" }

// ymd validates a year, month and day and formats them as YYYY-MM-DD.
func ymd(y, m, d string) string {
	if len(m) == 1 {
		m = "0" + m
	}
	if len(d) == 1 {
		d = "0" + d
	}
	t, err := time.Parse("2006-01-02", y+"-"+m+"-"+d)
	if err != nil || !plausibleYear(t.Year()) {
		return ""
	}
	return t.Format("2006-01-02")
}

func plausibleYear(y int) bool { return y >= 1990 && y <= 2100 }

// urlDate finds a /YYYY/MM/DD/ date in the first URL that has one.
func urlDate(urls ...string) string {
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil || raw == "" {
			continue
		}
		if m := urlDatePath.FindStringSubmatch(u.Path); m != nil {
			if d := ymd(m[1], m[2], m[3]); d != "" {
				return d
			}
		}
	}
	return ""
}

// textDate asks go-htmldate for the original publication date of a page
// whose markup states none; it searches the text and is given the URL.
func textDate(doc *html.Node, pageURL string) string {
	res, err := htmldate.FromDocument(doc, htmldate.Options{
		URL:                 pageURL,
		UseOriginalDate:     true,
		SkipExtensiveSearch: true,
	})
	if err != nil || res.DateTime.IsZero() {
		return ""
	}
	return res.DateTime.Format("2006-01-02")
}

// normalizeLang reduces a language tag ("en-US", "en_GB") to its lower-case
// primary subtag.
func normalizeLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "-_ ,;"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(s)
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

// absoluteURL resolves ref against base and returns it when it is an
// http(s) URL, else "".
func absoluteURL(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(base); err == nil && base != "" {
		r = b.ResolveReference(r)
	}
	if (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return ""
	}
	return r.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// textOf returns the concatenated text of n's descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
