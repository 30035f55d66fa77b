package review

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// Test articles, written for these tests.
const (
	kzText = "Kazakhstan brought back 37 citizens from Syria on Tuesday. Eleven women and 26 children landed in Aktau, " +
		"the foreign ministry said. The operation, called Zhusan, was supported by the United States.\n\n" +
		"Officials said more flights would follow."
	uzText = "Uzbekistan repatriated 98 women and children from camps in north-east Syria in March 2019. " +
		"The operation was named Mehr."
	xkText = "Kosovo returned 110 of its citizens from Syria, officials said. " +
		"A hostile page once held <script>alert(1)</script> and <img src=x onerror=alert(1)> and " +
		"<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\"> in its text."
	xssTitle = `<script>alert(1)</script> Kosovo <img src=x onerror=alert(1)>`
)

// fixture is a review database with three articles of one event each.
type fixture struct {
	db   *store.DB
	path string
	keys map[string]string // source id -> event key
}

// newFixture saves the test articles with hand-made events whose evidence
// spans are right: kz (confidence 0.4), uz (0.7) and xk (0.9, hostile text).
func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureAt(t, filepath.Join(t.TempDir(), "review.db"))
}

// newFixtureAt is newFixture in the database path names: a SQLite file or
// a postgres:// URL.
func newFixtureAt(t testing.TB, path string) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	items := []store.Item{
		kzItem(t, "2023-01-31"),
		testItem(t, ingest.Article{SourceID: "uz-mercy", Title: "Uzbekistan: Mehr", Site: "example.net",
			URL: "https://example.net/uz", Published: "2019-05-30", Text: uzText},
			extract.Event{Country: "UZ", From: []string{"SY"}, Date: "2019-03", Counts: map[string]int{"total": 98},
				Qualifiers: map[string]string{}, Operation: "Mehr", Confidence: 0.7},
			[][2]string{{"country", "Uzbekistan"}, {"counts.total", "98 women and children"}, {"date", "in March 2019"},
				{"operation", "Mehr"}}),
		testItem(t, ingest.Article{SourceID: "xk-hostile", Title: xssTitle, Site: "<b>site</b>",
			URL: "javascript:alert(1)", Published: "2024-01-02", Text: xkText},
			extract.Event{Country: "XK", From: []string{"SY"}, Counts: map[string]int{"total": 110},
				Qualifiers: map[string]string{}, Confidence: 0.9},
			[][2]string{{"country", "Kosovo"}, {"counts.total", "110 of its citizens"}, {"event", "<script>alert(1)</script>"}}),
	}
	_, err = db.Save(ctx, items...)
	require.NoError(t, err)
	f := &fixture{db: db, path: path, keys: map[string]string{}}
	facts, err := db.Facts(ctx, store.Filter{})
	require.NoError(t, err)
	for _, fact := range facts {
		f.keys[fact.Article.SourceID] = fact.Key
	}
	require.Len(t, f.keys, 3)
	return f
}

// kzItem is the kz-flight article with its event dated date.
func kzItem(t testing.TB, date string) store.Item {
	t.Helper()
	return testItem(t, ingest.Article{SourceID: "kz-flight", Title: "Kazakhstan brings 37 home", Site: "example.org",
		URL: "https://example.org/kz-flight", Published: "2023-02-03", PublishedSource: "date_publish", Text: kzText},
		extract.Event{Country: "KZ", From: []string{"SY"}, Date: date,
			Counts: map[string]int{"total": 37, "women": 11, "children": 26}, Qualifiers: map[string]string{},
			Partners: []extract.Partner{{ID: "US", Name: "the United States"}}, Operation: "Zhusan", Confidence: 0.4},
		[][2]string{{"country", "Kazakhstan"}, {"counts.total", "37 citizens"}, {"from", "Syria"}, {"date", "on Tuesday"},
			{"counts.women", "Eleven women"}, {"counts.children", "26 children"}, {"operation", "Zhusan"},
			{"partners", "the United States"}})
}

// testItem builds an Item whose evidence is the first occurrence of each
// phrase, inside its sentence (sentences end at ". " or "\n").
func testItem(t testing.TB, a ingest.Article, ev extract.Event, phrases [][2]string) store.Item {
	t.Helper()
	var sentences []extract.Span
	start := 0
	for i := 0; i < len(a.Text); i++ {
		end := -1
		switch {
		case a.Text[i] == '.' && (i+1 == len(a.Text) || a.Text[i+1] == ' ' || a.Text[i+1] == '\n'):
			end = i + 1
		case a.Text[i] == '\n':
			end = i
		}
		if end < 0 {
			continue
		}
		if end > start {
			sentences = append(sentences, extract.Span{Start: start, End: end})
		}
		start = end
		for start < len(a.Text) && (a.Text[start] == ' ' || a.Text[start] == '\n') {
			start++
		}
		i = start - 1
	}
	for _, p := range phrases {
		i := strings.Index(a.Text, p[1])
		require.GreaterOrEqual(t, i, 0, "%q not in the text", p[1])
		sp := extract.Span{Start: i, End: i + len(p[1])}
		var sen extract.Span
		for _, s := range sentences {
			if s.Start <= sp.Start && sp.End <= s.End {
				sen = s
			}
		}
		require.NotZero(t, sen.End, "%q is in no sentence", p[1])
		ev.Evidence = append(ev.Evidence, extract.Evidence{Field: p[0], Text: p[1], Span: sp, Sentence: sen, Rule: "test"})
	}
	ev.Derived = []string{}
	return store.Item{Article: a, Result: &extract.Result{
		Document: extract.Document{Text: a.Text, Sentences: sentences},
		Events:   []extract.Event{ev},
	}}
}

// version returns the version an event page shows for key now.
func (f *fixture) version(t testing.TB, key string) string {
	t.Helper()
	fact, err := f.db.Fact(context.Background(), key)
	require.NoError(t, err)
	return fact.Version
}

// handler is the review UI on f's database, given the gazetteers' partner
// ids as the CLI gives them.
func (f *fixture) handler(t testing.TB) http.Handler {
	t.Helper()
	s, err := newServer(f.db, Options{Reviewer: "tester", Addr: "127.0.0.1:8080", Partners: knownPartners(t)})
	require.NoError(t, err)
	return s.handler()
}

// knownPartners returns the partner ids of the embedded gazetteers.
func knownPartners(tb testing.TB) extract.PartnerIDs {
	tb.Helper()
	x, err := extract.New(extract.Options{RulesOnly: true})
	require.NoError(tb, err)
	return x.PartnerIDs()
}

// request sends one request to h the way a same-origin browser page would.
func request(t testing.TB, h http.Handler, method, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:8080"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Origin", "http://127.0.0.1:8080")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var eventRow = regexp.MustCompile(`data-event="([^"]+)"`)

// rows returns the source ids of the events a page lists, in order.
func (f *fixture) rows(body string) []string {
	byKey := map[string]string{}
	for id, k := range f.keys {
		byKey[k] = id
	}
	var out []string
	for _, m := range eventRow.FindAllStringSubmatch(body, -1) {
		out = append(out, byKey[m[1]])
	}
	return out
}

func TestReview_queue(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	require.NoError(t, f.db.SetReview(context.Background(), f.keys["uz-mercy"], store.Decision{Status: store.StatusAccepted}))
	tests := []struct {
		name  string
		query string
		code  int
		want  []string
	}{
		{"to review, lowest confidence first", "", 200, []string{"kz-flight", "xk-hostile"}},
		{"all: pending before decided", "?status=all", 200, []string{"kz-flight", "xk-hostile", "uz-mercy"}},
		{"accepted", "?status=accepted", 200, []string{"uz-mercy"}},
		{"rejected", "?status=rejected", 200, nil},
		{"country", "?status=all&country=xk", 200, []string{"xk-hostile"}},
		{"since", "?status=all&since=2020", 200, []string{"kz-flight", "xk-hostile"}},
		{"bad country", "?country=ZZ", 400, nil},
		{"bad status", "?status=maybe", 400, nil},
		{"bad since", "?since=yesterday", 400, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := request(t, h, "GET", "/"+tc.query, nil)
			require.Equal(t, tc.code, w.Code, w.Body.String())
			assert.Equal(t, tc.want, f.rows(w.Body.String()))
		})
	}
}

func TestReview_decisions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		action     string
		form       url.Values
		wantStatus string
		check      func(t *testing.T, fact store.Fact)
	}{
		{"accept", "accept", url.Values{"note": {"looks right"}}, store.StatusAccepted, func(t *testing.T, fact store.Fact) {
			assert.Equal(t, "looks right", fact.Review.Note)
		}},
		{"reject with a reason", "reject", url.Values{"reason": {"a planned flight, not a repatriation"}}, store.StatusRejected,
			func(t *testing.T, fact store.Fact) {
				assert.Equal(t, "a planned flight, not a repatriation", fact.Review.Reason)
			}},
		{"correct a count", "correct", url.Values{"country": {"kz"}, "from": {"SY"}, "date": {"2023-01-31"},
			"count.total": {"38"}, "qual.total": {"about"}, "count.women": {"11"}, "count.children": {"26"},
			"partners": {"US, UNICEF"}, "operation": {"Zhusan"}}, store.StatusCorrected,
			func(t *testing.T, fact store.Fact) {
				c := fact.Review.Correction
				assert.Equal(t, &map[string]int{"total": 38, "women": 11, "children": 26}, c.Counts)
				assert.Equal(t, &map[string]string{"total": "about"}, c.Qualifiers)
				assert.Equal(t, &[]extract.Partner{{ID: "US", Name: "the United States"}, {ID: "UNICEF", Name: "UNICEF"}}, c.Partners)
				assert.Nil(t, c.Country, "unchanged fields are not corrections")
				assert.Nil(t, c.Date)
			}},
		{"correct nothing", "correct", url.Values{"country": {"KZ"}, "from": {"SY"}, "date": {"2023-01-31"},
			"count.total": {"37"}, "count.women": {"11"}, "count.children": {"26"}, "partners": {"US"},
			"operation": {"Zhusan"}}, store.StatusAccepted, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			h := f.handler(t)
			key := f.keys["kz-flight"]
			tc.form.Set("next", f.keys["uz-mercy"])
			tc.form.Set("version", f.version(t, key))
			tc.form.Set("q", "status=all&country=&evil=1")
			w := request(t, h, "POST", "/facts/"+key+"/"+tc.action, tc.form)
			require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
			assert.Equal(t, "/facts/"+f.keys["uz-mercy"]+"?done="+key+"&status=all", w.Header().Get("Location"))
			fact, err := f.db.Fact(ctx, key)
			require.NoError(t, err)
			require.NotNil(t, fact.Review)
			assert.Equal(t, tc.wantStatus, fact.Review.Status)
			assert.Equal(t, "tester", fact.Review.Reviewer)
			if tc.check != nil {
				tc.check(t, fact)
			}
		})
	}

	t.Run("back to pending", func(t *testing.T) {
		f := newFixture(t)
		h := f.handler(t)
		key := f.keys["uz-mercy"]
		require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusRejected}))
		w := request(t, h, "POST", "/facts/"+key+"/reset", url.Values{"version": {f.version(t, key)}})
		require.Equal(t, http.StatusSeeOther, w.Code)
		assert.Equal(t, "/facts/"+key, w.Header().Get("Location"))
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Nil(t, fact.Review)
	})
	t.Run("accept keeps a correction", func(t *testing.T) {
		f := newFixture(t)
		h := f.handler(t)
		key := f.keys["uz-mercy"]
		op := "Mehr-2"
		require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusCorrected,
			Correction: store.Correction{Operation: &op}}))
		w := request(t, h, "POST", "/facts/"+key+"/accept", url.Values{"version": {f.version(t, key)}})
		require.Equal(t, http.StatusSeeOther, w.Code)
		assert.Equal(t, "/?done="+key, w.Header().Get("Location"), "no next event: back to the queue")
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, store.StatusCorrected, fact.Status())
		assert.Equal(t, "Mehr-2", fact.Current().Operation)
	})
}

// TestReview_partnerIDs checks the partner field with and without known
// partner ids: with them the form carries a pattern of them and the store
// takes them; without, the form restricts nothing and the store still
// refuses an id it was not given.
func TestReview_partnerIDs(t *testing.T) {
	pattern := regexp.MustCompile(`<input name="partners"[^>]* pattern="([^"]*)"`)
	for _, tc := range []struct {
		name     string
		opts     Options
		pattern  bool
		accepted bool // a correction adding UNICEF is stored
	}{
		{"known ids", Options{Partners: knownPartners(t)}, true, true},
		{"no ids", Options{}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			tc.opts.Addr = "127.0.0.1:8080"
			s, err := newServer(f.db, tc.opts)
			require.NoError(t, err)
			h := s.handler()
			key := f.keys["kz-flight"]

			w := request(t, h, "GET", "/facts/"+key, nil)
			require.Equal(t, http.StatusOK, w.Code)
			require.Contains(t, w.Body.String(), `<input name="partners"`)
			m := pattern.FindStringSubmatch(w.Body.String())
			if !tc.pattern {
				assert.Nil(t, m, "no pattern attribute, not an empty one that refuses any value")
			} else if assert.NotNil(t, m) {
				assert.Contains(t, m[1], "UNICEF")
				assert.Contains(t, m[1], "Red (Cross|Crescent)")
			}

			form := url.Values{"country": {"KZ"}, "from": {"SY"}, "date": {"2023-01-31"}, "count.total": {"37"},
				"partners": {"US, UNICEF"}, "version": {f.version(t, key)}}
			w = request(t, h, "POST", "/facts/"+key+"/correct", form)
			fact, err := f.db.Fact(context.Background(), key)
			require.NoError(t, err)
			if tc.accepted {
				require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
				assert.Equal(t, store.StatusCorrected, fact.Status())
				return
			}
			require.Equal(t, http.StatusUnprocessableEntity, w.Code)
			assert.Contains(t, w.Body.String(), `partners &#34;UNICEF&#34;: not a known partner id`)
			assert.Nil(t, fact.Review, "nothing stored")
		})
	}
}

func TestReview_validation(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	valid := func(kv ...string) url.Values {
		v := url.Values{"country": {"KZ"}, "from": {"SY"}, "date": {"2023-01-31"}, "count.total": {"37"},
			"note": {"my note"}, "version": {f.version(t, key)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name  string
		form  url.Values
		want  string
		typed string // the typed value the form shows again
	}{
		{"bad ISO code", valid("country", "ZZ"), `country &#34;ZZ&#34;: not an ISO 3166 alpha-2 country code`, `value="ZZ"`},
		{"bad origin", valid("from", "SY, Syria"), `from &#34;SYRIA&#34;`, `value="SY, Syria"`},
		{"bad date", valid("date", "2023-02-30"), `date &#34;2023-02-30&#34;`, `value="2023-02-30"`},
		{"year before 1990", valid("date", "1989-05"), `the year must be 1990 to`, `value="1989-05"`},
		{"negative count", valid("count.women", "-3"), `counts.women &#34;-3&#34;: a count cannot be negative`, `value="-3"`},
		{"not a number", valid("count.men", "a dozen"), `counts.men &#34;a dozen&#34;: not a whole number`, `value="a dozen"`},
		{"bad qualifier", valid("qual.total", "roughly"), `qualifiers.total &#34;roughly&#34;`, `value="37"`},
		{"partner not in the gazetteer", valid("partners", "US, UNICEFF"), `partners &#34;UNICEFF&#34;: not a known partner id`, `value="US, UNICEFF"`},
		{"markup in a value", valid("country", "<script>"), `country &#34;&lt;SCRIPT&gt;&#34;`, `value="&lt;script&gt;"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := request(t, h, "POST", "/facts/"+key+"/correct", tc.form)
			require.Equal(t, http.StatusUnprocessableEntity, w.Code)
			assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
			body := w.Body.String()
			assert.Contains(t, body, `<p class="form-error" role="alert" id="form-error">Not saved: `)
			assert.Contains(t, body, tc.want)
			assert.Contains(t, body, tc.typed, "the typed value is kept")
			assert.Contains(t, body, `my note</textarea>`, "the note is kept")
			assert.Contains(t, body, `<details id="edit" data-key="e" open>`, "the form is open")
			assert.Contains(t, body, `data-dirty="1"`, "the page treats the typed values as unsaved")
			assert.NotContains(t, body, "<script>")
			fact, err := f.db.Fact(context.Background(), key)
			require.NoError(t, err)
			assert.Nil(t, fact.Review, "nothing stored")
		})
	}
	t.Run("note too long", func(t *testing.T) {
		long := strings.Repeat("n", store.MaxNote+1)
		w := request(t, h, "POST", "/facts/"+key+"/reject", url.Values{"note": {long}, "reason": {"dup"}, "version": {f.version(t, key)}})
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), "longer than 4000 bytes")
		assert.Contains(t, w.Body.String(), long+"</textarea>")
		assert.Contains(t, w.Body.String(), `value="dup"`)
	})
	t.Run("no version", func(t *testing.T) {
		form := valid()
		form.Del("version")
		w := request(t, h, "POST", "/facts/"+key+"/accept", form)
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Contains(t, w.Body.String(), "reload the page")
	})
	t.Run("unknown event", func(t *testing.T) {
		w := request(t, h, "POST", "/facts/e-missing/accept", url.Values{})
		assert.Equal(t, http.StatusNotFound, w.Code)
		w = request(t, h, "GET", "/facts/e-missing", nil)
		assert.Equal(t, http.StatusNotFound, w.Code)
	})
}

func TestReview_refusesCrossOrigin(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	tests := []struct {
		name   string
		header []string
		code   int
	}{
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"same-site fetch", []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"foreign origin, no fetch metadata", []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}, http.StatusForbidden},
		{"rebound host name", []string{"Host", "evil.example:8080"}, http.StatusMisdirectedRequest},
		{"same origin", nil, http.StatusSeeOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/facts/"+key+"/reject",
				strings.NewReader(url.Values{"reason": {"csrf"}, "version": {f.version(t, key)}}.Encode()))
			r.Host = "127.0.0.1:8080"
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			for i := 0; i+1 < len(tc.header); i += 2 {
				if tc.header[i] == "Host" {
					r.Host = tc.header[i+1]
				} else if tc.header[i+1] == "" {
					r.Header.Del(tc.header[i])
				} else {
					r.Header.Set(tc.header[i], tc.header[i+1])
				}
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			assert.Equal(t, tc.code, w.Code, w.Body.String())
			assert.Equal(t, contentSecurityPolicy, w.Header().Get("Content-Security-Policy"))
			fact, err := f.db.Fact(context.Background(), key)
			require.NoError(t, err)
			if tc.code == http.StatusSeeOther {
				assert.Equal(t, store.StatusRejected, fact.Status())
			} else {
				assert.Nil(t, fact.Review, "a refused request changes nothing")
			}
		})
	}
}

func TestReview_securityHeaders(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, path := range []string{"/", "/facts/" + f.keys["kz-flight"], "/articles/" + store.ArticleKey("kz-flight"),
		"/summary", "/static/style.css", "/static/review.js", "/facts/e-missing", "/nowhere", "/?country=ZZ"} {
		t.Run(path, func(t *testing.T) {
			w := request(t, h, "GET", path, nil)
			assert.Equal(t, contentSecurityPolicy, w.Header().Get("Content-Security-Policy"))
			assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
			assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"))
			assert.NotContains(t, w.Body.String(), "<script>", "no inline script")
			assert.NotContains(t, w.Body.String(), " style=", "no inline style")
		})
	}
}

func TestReview_escapesArticles(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, path := range []string{"/", "/facts/" + f.keys["xk-hostile"], "/articles/" + store.ArticleKey("xk-hostile")} {
		t.Run(path, func(t *testing.T) {
			w := request(t, h, "GET", path, nil)
			require.Equal(t, http.StatusOK, w.Code)
			body := w.Body.String()
			assert.NotContains(t, body, "<script>alert(1)")
			assert.NotContains(t, body, "<img")
			assert.NotContains(t, body, `href="javascript:`)
			assert.Equal(t, 1, strings.Count(body, "<script"), "only the page's own script tag")
			assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
			if path != "/" {
				assert.Contains(t, body, "&lt;img src=x onerror=alert(1)&gt;")
				assert.Contains(t, body, "&lt;script&gt;window.__pwned=1&lt;/script&gt;")
				assert.Contains(t, body, `<dd class="url">javascript:alert(1)</dd>`, "an unsafe URL shows as text only")
			}
		})
	}
}

func TestReview_factPage(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	w := request(t, h, "GET", "/facts/"+f.keys["kz-flight"]+"?status=all", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{
		`<a href="https://example.org/kz-flight" rel="noopener noreferrer" target="_blank">`,
		`<mark id="ev-1" class="f-counts" title="counts.total" data-at="24" data-end="35">37 citizens</mark>`,
		`<a href="#ev-1" class="f-counts" title="rule test">“37 citizens”</a>`,
		`<span class="sent" data-at="`,
		`1 of 3 in this list`,
		`rel="next" data-key="j n"`,
		`name="next" value="` + f.keys["uz-mercy"] + `"`,
		`name="q" value="status=all"`,
		`<input id="count-total" name="count.total" value="37"`,
		`(from date_publish)`,
	} {
		assert.Contains(t, body, want)
	}
}

func TestReview_showsStaleDecisions(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	ctx := context.Background()
	key := f.keys["uz-mercy"]
	require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusAccepted}))
	// Re-extraction finds other evidence for the same event.
	it := testItem(t, ingest.Article{SourceID: "uz-mercy", Title: "Uzbekistan: Mehr", Published: "2019-05-30", Text: uzText},
		extract.Event{Country: "UZ", From: []string{"SY"}, Date: "2019-03", Counts: map[string]int{"total": 98},
			Qualifiers: map[string]string{}, Operation: "Mehr", Confidence: 0.95},
		[][2]string{{"country", "Uzbekistan"}, {"counts.total", "98 women and children"}, {"from", "Syria"}})
	_, err := f.db.Save(ctx, it)
	require.NoError(t, err)

	w := request(t, h, "GET", "/", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"uz-mercy", "kz-flight", "xk-hostile"}, f.rows(w.Body.String()), "stale first")
	assert.Contains(t, w.Body.String(), `<span class="badge-stale">stale</span>`)
	w = request(t, h, "GET", "/facts/"+key, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "<b>Stale decision.</b>")
}

func TestReview_articleAndSummary(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	ctx := context.Background()
	require.NoError(t, f.db.SetReview(ctx, f.keys["kz-flight"], store.Decision{Status: store.StatusAccepted}))
	require.NoError(t, f.db.SetReview(ctx, f.keys["uz-mercy"], store.Decision{Status: store.StatusRejected}))

	w := request(t, h, "GET", "/articles/"+store.ArticleKey("kz-flight"), nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"kz-flight"}, f.rows(w.Body.String()))
	assert.Contains(t, w.Body.String(), `title="event 1: counts.women" data-at="59" data-end="71">Eleven women</mark>`)

	w = request(t, h, "GET", "/summary", nil)
	require.Equal(t, http.StatusOK, w.Code)
	text := regexp.MustCompile(`<[^>]+>|\s+`).ReplaceAllString(w.Body.String(), " ")
	text = regexp.MustCompile(` +`).ReplaceAllString(text, " ")
	// Country, pending, accepted, corrected, rejected, stale, total.
	assert.Contains(t, text, "KZ 0 1 0 0 0 1")
	assert.Contains(t, text, "UZ 0 0 0 1 0 1")
	assert.Contains(t, text, "XK 1 0 0 0 0 1")
	assert.Contains(t, text, "All 1 1 0 1 0 3")
}

// exportAccepted exports the accepted and corrected events as the JSONL
// feed and decodes it.
func exportAccepted(t testing.TB, db *store.DB) []store.ExportedEvent {
	t.Helper()
	var buf bytes.Buffer
	_, err := db.ExportEvents(context.Background(), &buf, store.FormatJSONL, store.Filter{Status: "accepted,corrected"})
	require.NoError(t, err)
	var out []store.ExportedEvent
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var e store.ExportedEvent
		require.NoError(t, dec.Decode(&e))
		out = append(out, e)
	}
	return out
}
