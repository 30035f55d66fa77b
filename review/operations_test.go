package review

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// Further articles for the operation pages, written for these tests: a
// copy of the Kazakh flight (under a hostile title, with a count one off)
// and a later Kazakh flight.
const (
	kzCopyText  = "Kazakhstan said 38 people returned from Syria on Tuesday. The group came home by plane."
	kzLaterText = "Kazakhstan repatriated 12 citizens from Syria in June."
	// kzLaterName hides a right-to-left override, which the pages name
	// rather than let it reorder the text around it.
	kzLaterName = "Zhusan\u202e2"
)

// newOpFixture is newFixture plus the two Kazakh articles, linked.
func newOpFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	items := []store.Item{
		testItem(t, ingest.Article{SourceID: "kz-copy", Title: xssTitle, Site: "copy.example",
			URL: "https://copy.example/kz", Published: "2023-02-04", Text: kzCopyText},
			extract.Event{Country: "KZ", From: []string{"SY"}, Date: "2023-01-31", Counts: map[string]int{"total": 38},
				Qualifiers: map[string]string{}, Confidence: 0.6},
			[][2]string{{"country", "Kazakhstan"}, {"counts.total", "38 people"}, {"date", "on Tuesday"}}),
		testItem(t, ingest.Article{SourceID: "kz-later", Title: "Kazakhstan brings 12 home", Site: "later.example",
			URL: "https://later.example/kz", Published: "2023-07-01", Text: kzLaterText},
			extract.Event{Country: "KZ", From: []string{"SY"}, Date: "2023-06", Counts: map[string]int{"total": 12},
				Qualifiers: map[string]string{}, Operation: kzLaterName, Confidence: 0.6},
			[][2]string{{"country", "Kazakhstan"}, {"counts.total", "12 citizens"}, {"date", "in June"}}),
	}
	_, err := f.db.Save(ctx, items...)
	require.NoError(t, err)
	_, err = f.db.Relink(ctx, false)
	require.NoError(t, err)
	facts, err := f.db.Facts(ctx, store.Filter{})
	require.NoError(t, err)
	for _, fact := range facts {
		f.keys[fact.Article.SourceID] = fact.Key
	}
	return f
}

// opOf returns the operation of a fixture article's event.
func (f *fixture) opOf(t testing.TB, id string) string {
	t.Helper()
	fact, err := f.db.Fact(context.Background(), f.keys[id])
	require.NoError(t, err)
	require.NotEmpty(t, fact.Operation, id)
	return fact.Operation
}

func TestReview_operationPage(t *testing.T) {
	f := newOpFixture(t)
	h := f.handler(t)
	op := f.opOf(t, "kz-flight")
	require.Equal(t, op, f.opOf(t, "kz-copy"))

	w := request(t, h, "GET", "/operations/"+op, nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	body := w.Body.String()
	assert.Equal(t, []string{"kz-flight", "kz-copy"}, f.rows(body), "sources side by side, founder first")
	assert.Contains(t, body, ">37 citizens</mark>")
	assert.Contains(t, body, ">38 people</mark>")
	assert.Contains(t, body, `<tr class="conflict"><th scope="row">counts.total</th>`, "the conflict is marked")
	assert.NotContains(t, body, "<script>alert", "the hostile title is escaped")
	assert.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt; Kosovo")

	assert.Contains(t, body, `action="/operations/`+op+`/pick"`, "a conflicting field can be picked")
	assert.Contains(t, body, `<option value="38">38</option>`)

	later := request(t, h, "GET", "/operations/"+f.opOf(t, "kz-later"), nil)
	require.Equal(t, 200, later.Code, later.Body.String())
	assert.Contains(t, later.Body.String(), "Zhusan⟨RLO⟩2", "the control character is named")
	assert.NotContains(t, later.Body.String(), "\u202e")

	assert.Equal(t, 404, request(t, h, "GET", "/operations/onosuch", nil).Code)
}

// A refused detach or merge names what is missing: the event or the other
// operation, not the operation whose page the form is on.
func TestReview_operationNotFoundNamesTheInput(t *testing.T) {
	f := newOpFixture(t)
	h := f.handler(t)
	op := f.opOf(t, "kz-flight")
	for _, tc := range []struct {
		action string
		form   url.Values
		want   string
	}{
		{"detach", url.Values{"event": {f.keys["uz-mercy"]}}, "not found: event " + f.keys["uz-mercy"] + " in operation " + op},
		{"merge", url.Values{"other": {"onosuch"}}, "not found: operation onosuch"},
	} {
		w := request(t, h, "POST", "/operations/"+op+"/"+tc.action, tc.form)
		assert.Equal(t, 404, w.Code, tc.action)
		assert.Equal(t, tc.want, strings.TrimSpace(w.Body.String()), tc.action)
	}
	assert.Equal(t, op, f.opOf(t, "kz-flight"), "nothing changed")
}

func TestReview_eventPageLinksItsOperation(t *testing.T) {
	f := newOpFixture(t)
	h := f.handler(t)
	op := f.opOf(t, "kz-copy")
	w := request(t, h, "GET", "/facts/"+f.keys["kz-copy"], nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `<a href="/operations/`+op+`" class="operation">`)
}

func TestReview_operationDecisions(t *testing.T) {
	ctx := context.Background()
	f := newOpFixture(t)
	h := f.handler(t)
	op := f.opOf(t, "kz-flight")

	t.Run("pick", func(t *testing.T) {
		w := request(t, h, "POST", "/operations/"+op+"/pick", url.Values{"field": {"counts.total"}, "value": {"38"}})
		require.Equal(t, 303, w.Code, w.Body.String())
		got, err := f.db.Operation(ctx, op)
		require.NoError(t, err)
		assert.Equal(t, "38", got.Consensus.Counts[0].Value)
		assert.Equal(t, 400, request(t, h, "POST", "/operations/"+op+"/pick", url.Values{"field": {"counts.total"}, "value": {"99"}}).Code)
	})
	t.Run("detach", func(t *testing.T) {
		w := request(t, h, "POST", "/operations/"+op+"/detach", url.Values{"event": {f.keys["kz-copy"]}})
		require.Equal(t, 303, w.Code, w.Body.String())
		assert.Equal(t, "/operations/"+op, w.Header().Get("Location"))
		assert.NotEqual(t, op, f.opOf(t, "kz-copy"))
	})
	t.Run("merge", func(t *testing.T) {
		later := f.opOf(t, "kz-later")
		require.NotEqual(t, op, later)
		w := request(t, h, "POST", "/operations/"+op+"/merge", url.Values{"other": {later}})
		require.Equal(t, 303, w.Code, w.Body.String())
		assert.Equal(t, f.opOf(t, "kz-flight"), f.opOf(t, "kz-later"))
		assert.Equal(t, "/operations/"+f.opOf(t, "kz-flight"), w.Header().Get("Location"))
		assert.Equal(t, 400, request(t, h, "POST", "/operations/"+f.opOf(t, "kz-flight")+"/merge",
			url.Values{"other": {f.opOf(t, "kz-flight")}}).Code, "an operation with itself")
	})
	t.Run("cross-origin", func(t *testing.T) {
		cur := f.opOf(t, "kz-flight")
		before, err := f.db.Operation(ctx, cur)
		require.NoError(t, err)
		for _, tc := range []struct {
			action string
			form   url.Values
		}{
			{"detach", url.Values{"event": {f.keys["kz-flight"]}}},
			{"merge", url.Values{"other": {f.opOf(t, "kz-copy")}}},
			{"pick", url.Values{"field": {"counts.total"}, "value": {"12"}}},
		} {
			w := request(t, h, "POST", "/operations/"+cur+"/"+tc.action, tc.form,
				"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
			assert.Equal(t, 403, w.Code, tc.action)
		}
		after, err := f.db.Operation(ctx, cur)
		require.NoError(t, err)
		assert.Equal(t, before, after, "nothing changed")
	})
}

func TestReview_timeline(t *testing.T) {
	f := newOpFixture(t)
	h := f.handler(t)
	w := request(t, h, "GET", "/summary", nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	body := w.Body.String()
	assert.Contains(t, body, `<svg xmlns="http://www.w3.org/2000/svg"`)
	for _, id := range []string{"kz-flight", "kz-later", "uz-mercy"} {
		assert.Contains(t, body, `<a href="/operations/`+f.opOf(t, id)+`"><circle`, id)
	}
	assert.Contains(t, body, "XK</a> · 1 undated operation not shown")
	assert.Contains(t, body, "<title>KZ 2023-01-31: 37 people, 2 source(s)</title>")

	w = request(t, h, "GET", "/timeline.csv", nil)
	require.Equal(t, 200, w.Code)
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"country", "month", "operation_id", "date", "people", "sources"}, rows[0])
	assert.Contains(t, rows, []string{"KZ", "2023-01", f.opOf(t, "kz-flight"), "2023-01-31", "37", "2"})
	assert.Contains(t, rows, []string{"UZ", "2019-03", f.opOf(t, "uz-mercy"), "2019-03", "98", "1"})
	assert.Len(t, rows, 4)
}
