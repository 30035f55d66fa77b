package review

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/newsfacts/newsfacts/store"
)

// attr returns the value of n's attribute name, and whether n has it.
func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// formValues returns what a browser posts for form: its named inputs
// (checkboxes only when checked) and text areas.
func formValues(form *html.Node) url.Values {
	values := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch {
			case !named:
			case n.Data == "input":
				typ, _ := attr(n, "type")
				_, checked := attr(n, "checked")
				if typ != "checkbox" || checked {
					v, _ := attr(n, "value")
					values.Add(name, v)
				}
			case n.Data == "textarea":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				values.Add(name, text)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return values
}

// pageForm finds the button with data-key key on an HTML page and returns
// what a browser would post when it is pressed: the button's formaction
// (else its form's action) and the form's fields.
func pageForm(t testing.TB, body, key string) (string, url.Values) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	var find func(n *html.Node, form *html.Node) (*html.Node, *html.Node)
	find = func(n *html.Node, form *html.Node) (*html.Node, *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			form = n
		}
		if v, _ := attr(n, "data-key"); n.Type == html.ElementNode && n.Data == "button" && v == key {
			return n, form
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if b, f := find(c, form); b != nil {
				return b, f
			}
		}
		return nil, nil
	}
	button, form := find(doc, nil)
	require.NotNil(t, button, "no button with data-key %q", key)
	require.NotNil(t, form, "button %q is in no form", key)
	action, ok := attr(button, "formaction")
	if !ok {
		action, _ = attr(form, "action")
	}
	return action, formValues(form)
}

// pageFormByAction returns the action and fields of the form on the page
// whose submit button posts to action.
func pageFormByAction(t testing.TB, body, action string) (string, url.Values) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if v, _ := attr(n, "action"); n.Type == html.ElementNode && n.Data == "form" && v == action {
			form = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	require.NotNil(t, form, "no form posting to %s", action)
	return action, formValues(form)
}

// press loads an event page and returns what pressing a key's button on it
// would post.
func press(t testing.TB, h http.Handler, key, button string) (string, url.Values) {
	t.Helper()
	w := request(t, h, "GET", "/facts/"+key, nil)
	require.Equal(t, http.StatusOK, w.Code)
	return pageForm(t, w.Body.String(), button)
}

func TestReview_decisionOnChangedEventIsRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	action, form := press(t, h, key, "a")
	require.NotEmpty(t, form.Get("version"), "the form carries the version the page showed")

	// The article is extracted again with another date while the page is open.
	redated := kzItem(t, "2023-02-01")
	redated.Article.Title = "Kazakhstan brings 37 home (updated)"
	_, err := f.db.Save(ctx, redated)
	require.NoError(t, err)

	w := request(t, h, "POST", action, form)
	require.Equal(t, http.StatusConflict, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "Nothing was saved: this event changed after the page showed it")
	assert.Contains(t, body, "2023-02-01", "the page shows the new values")
	fact, err := f.db.Fact(ctx, key)
	require.NoError(t, err)
	assert.Nil(t, fact.Review, "the decision was not stored on values the reviewer never saw")

	// The page it answered with carries the new version.
	_, again := pageForm(t, body, "a")
	w = request(t, h, "POST", action, again)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	fact, err = f.db.Fact(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, store.StatusAccepted, fact.Status())
	assert.Equal(t, "2023-02-01", fact.Event.Date)
}

func TestReview_twoReviewersDecideAtOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["uz-mercy"]
	acceptAction, accept := press(t, h, key, "a")
	rejectAction, reject := press(t, h, key, "r")

	w := request(t, h, "POST", acceptAction, accept)
	require.Equal(t, http.StatusSeeOther, w.Code)
	w = request(t, h, "POST", rejectAction, reject)
	require.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "someone else decided it")
	fact, err := f.db.Fact(ctx, key)
	require.NoError(t, err)
	assert.Equal(t, store.StatusAccepted, fact.Status(), "the first decision stands")
}

func TestReview_rejectKeepsTheNote(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["uz-mercy"]
	require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusAccepted, Note: "checked the ministry's statement"}))

	t.Run("the page's reject form", func(t *testing.T) {
		action, form := press(t, h, key, "r")
		require.Equal(t, "/facts/"+key+"/reject", action)
		form.Set("reason", "a planned flight")
		w := request(t, h, "POST", action, form)
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, store.StatusRejected, fact.Status())
		assert.Equal(t, "a planned flight", fact.Review.Reason)
		assert.Equal(t, "checked the ministry's statement", fact.Review.Note)
	})
	t.Run("a note typed with the rejection", func(t *testing.T) {
		action, form := press(t, h, key, "r")
		form.Set("note", "second look")
		w := request(t, h, "POST", action, form)
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, "second look", fact.Review.Note)
	})
	t.Run("a post without a note field", func(t *testing.T) {
		w := request(t, h, "POST", "/facts/"+key+"/reject", url.Values{"reason": {"dup"}, "version": {f.version(t, key)}})
		require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, "second look", fact.Review.Note)
	})
}

func TestReview_staleDecisionShowsWhatChanged(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusAccepted}))
	redated := kzItem(t, "2023-02-01")
	redated.Article.Title = "Kazakhstan brings 37 home (updated)"
	_, err := f.db.Save(ctx, redated)
	require.NoError(t, err)

	w := request(t, h, "GET", "/facts/"+key, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "Stale decision.")
	assert.Contains(t, body, `<div class="before">when decided: 2023-01-31</div>`)
	assert.Equal(t, 1, strings.Count(body, `class="before"`), "only the changed field")
}

func TestReview_orphans(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	require.NoError(t, f.db.SetReview(ctx, key, store.Decision{Status: store.StatusRejected, Reason: "a duplicate"}))
	// Re-extraction puts the event in another country: nothing to match.
	moved := kzItem(t, "2023-01-31")
	moved.Result.Events[0].Country = "UZ"
	moved.Article.Title = "retitled, so the article is saved again"
	_, err := f.db.Save(ctx, moved)
	require.NoError(t, err)
	facts, err := f.db.Facts(ctx, store.Filter{Article: store.ArticleKey("kz-flight")})
	require.NoError(t, err)
	require.Len(t, facts, 1)
	target := facts[0].Key

	w := request(t, h, "GET", "/summary", nil)
	assert.Contains(t, w.Body.String(), `<a href="/orphans">re-attach or discard them</a>`)
	w = request(t, h, "GET", "/orphans", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `data-orphan="`+key+`"`)
	assert.Contains(t, body, "reason: a duplicate")
	assert.Contains(t, body, "Decided on: KZ · from SY · date 2023-01-31")
	assert.Contains(t, body, `<option value="`+target+`">`)

	w = request(t, h, "POST", "/orphans/"+key+"/reattach", url.Values{"event": {"e-missing"}})
	require.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "Not done:")

	w = request(t, h, "POST", "/orphans/"+key+"/reattach", url.Values{"event": {target}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	fact, err := f.db.Fact(ctx, target)
	require.NoError(t, err)
	require.NotNil(t, fact.Review)
	assert.Equal(t, "a duplicate", fact.Review.Reason)
	assert.True(t, fact.Review.Stale)
	w = request(t, h, "GET", "/orphans", nil)
	assert.Contains(t, w.Body.String(), "No orphaned decisions.")

	// An orphan nobody wants is discarded.
	require.NoError(t, f.db.SetReview(ctx, target, store.Decision{Status: store.StatusPending}))
	_, err = f.db.Save(ctx, kzItem(t, "2023-01-31"))
	require.NoError(t, err)
	orphans, err := f.db.Orphans(ctx)
	require.NoError(t, err)
	assert.Empty(t, orphans, "withdrawn: nothing to orphan")
}

func TestReview_confirmAndUndo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	kz, uz := f.keys["kz-flight"], f.keys["uz-mercy"]

	action, form := press(t, h, kz, "a")
	w := request(t, h, "POST", action, form)
	require.Equal(t, http.StatusSeeOther, w.Code)
	next := w.Header().Get("Location")
	assert.Equal(t, "/facts/"+uz+"?done="+kz, next)

	w = request(t, h, "GET", next, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `Saved: event <a href="/facts/`+kz+`"><code>`+kz+`</code></a> is now <span class="status s-accepted">accepted</span>`)
	assert.Contains(t, body, `<span>1 of 3 decided · 2 left</span>`, "the progress bar")
	assert.Contains(t, body, `<a href="/facts/`+kz+`" rel="prev" data-key="k p">`, "k goes back to the event just decided")

	undo, form := pageForm(t, body, "u")
	assert.Equal(t, "/facts/"+kz+"/undo", undo)
	w = request(t, h, "POST", undo, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/facts/"+kz, w.Header().Get("Location"))
	fact, err := f.db.Fact(ctx, kz)
	require.NoError(t, err)
	assert.Nil(t, fact.Review, "undone: pending again")

	// The same confirmation, posted again, is out of date.
	w = request(t, h, "POST", undo, form)
	require.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "Not undone")
}

func TestReview_queuePagesSearchAndSort(t *testing.T) {
	f := newFixture(t)
	s, err := newServer(f.db, Options{Reviewer: "tester", Addr: "127.0.0.1:8080", PageSize: 2})
	require.NoError(t, err)
	h := s.handler()
	tests := []struct {
		name  string
		query string
		want  []string
		more  []string // what else the page says
	}{
		{"first page", "?status=all", []string{"kz-flight", "uz-mercy"},
			[]string{"3 events, showing 1–2.", `<a href="/?page=2&amp;status=all" rel="next">next page →</a>`}},
		{"second page", "?status=all&page=2", []string{"xk-hostile"},
			[]string{"3 events, showing 3–3.", `<a href="/?page=1&amp;status=all" rel="prev">← previous page</a>`}},
		{"search a title", "?status=all&search=mehr", []string{"uz-mercy"}, nil},
		{"search a site", "?status=all&search=EXAMPLE.ORG", []string{"kz-flight"}, nil},
		{"most confident first", "?status=all&sort=confidence", []string{"xk-hostile", "uz-mercy"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := request(t, h, "GET", "/"+tc.query, nil)
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, tc.want, f.rows(w.Body.String()))
			for _, m := range tc.more {
				assert.Contains(t, w.Body.String(), m)
			}
		})
	}
	for _, bad := range []string{"?page=0", "?page=x", "?sort=queue", "?sort=evil"} {
		t.Run(bad, func(t *testing.T) {
			assert.Equal(t, http.StatusBadRequest, request(t, h, "GET", "/"+bad, nil).Code)
		})
	}
	t.Run("the event page follows the sort", func(t *testing.T) {
		w := request(t, h, "GET", "/facts/"+f.keys["uz-mercy"]+"?status=all&sort=confidence", nil)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Body.String(), `<a href="/facts/`+f.keys["xk-hostile"]+`?sort=confidence&amp;status=all" rel="prev"`)
		assert.Contains(t, w.Body.String(), "2 of 3 in this list")
	})
}

func TestReview_bulkAccept(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)

	w := request(t, h, "GET", "/?min=0.6", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `<a class="bulk" href="/bulk?min=0.6">`)

	w = request(t, h, "GET", "/bulk?min=0.6", nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "<h1>Accept 2 pending events?</h1>")
	assert.Contains(t, body, "(confidence at least 0.6)")
	assert.Equal(t, []string{"uz-mercy", "xk-hostile"}, f.rows(body))
	_, form := pageFormByAction(t, body, "/bulk")

	// Someone decides one of them before the confirmation.
	require.NoError(t, f.db.SetReview(ctx, f.keys["uz-mercy"], store.Decision{Status: store.StatusRejected}))
	w = request(t, h, "POST", "/bulk", form)
	require.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "Nothing was accepted")
	assert.Contains(t, w.Body.String(), "<h1>Accept 1 pending event?</h1>")
	xk, err := f.db.Fact(ctx, f.keys["xk-hostile"])
	require.NoError(t, err)
	assert.Nil(t, xk.Review)

	_, form = pageFormByAction(t, w.Body.String(), "/bulk")
	w = request(t, h, "POST", "/bulk", form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/?accepted=1&min=0.6", w.Header().Get("Location"))
	xk, err = f.db.Fact(ctx, f.keys["xk-hostile"])
	require.NoError(t, err)
	assert.Equal(t, store.StatusAccepted, xk.Status())
	assert.Equal(t, "tester", xk.Review.Reviewer)
	uz, err := f.db.Fact(ctx, f.keys["uz-mercy"])
	require.NoError(t, err)
	assert.Equal(t, store.StatusRejected, uz.Status(), "a decided event is left alone")
	kz, err := f.db.Fact(ctx, f.keys["kz-flight"])
	require.NoError(t, err)
	assert.Nil(t, kz.Review, "below the confidence floor")

	w = request(t, h, "GET", "/?accepted=1&min=0.6", nil)
	assert.Contains(t, w.Body.String(), "Accepted 1 event.")
}

func TestReview_inReviewMarks(t *testing.T) {
	f := newFixture(t)
	server := func(name string) http.Handler {
		s, err := newServer(f.db, Options{Reviewer: name, Addr: "127.0.0.1:8080"})
		require.NoError(t, err)
		return s.handler()
	}
	ana, ben := server("ana"), server("ben")
	kz := f.keys["kz-flight"]

	require.Equal(t, http.StatusOK, request(t, ana, "GET", "/facts/"+kz, nil).Code)

	w := request(t, ben, "GET", "/?status=all", nil)
	assert.True(t, strings.Contains(w.Body.String(), `<span class="in-review">in review by ana</span>`), "ben's queue marks it")
	w = request(t, ben, "GET", "/facts/"+kz, nil)
	assert.True(t, strings.Contains(w.Body.String(), "<b>ana</b> opened this event at"), "ben's event page says so")
	w = request(t, ana, "GET", "/facts/"+kz, nil)
	assert.True(t, strings.Contains(w.Body.String(), "<b>ben</b> opened this event at"), "ben took it over")

	// Opening another event releases the first.
	require.Equal(t, http.StatusOK, request(t, ben, "GET", "/facts/"+f.keys["uz-mercy"], nil).Code)
	require.Equal(t, http.StatusOK, request(t, ana, "GET", "/facts/"+f.keys["xk-hostile"], nil).Code)
	w = request(t, ben, "GET", "/?status=all", nil)
	assert.Equal(t, 1, strings.Count(w.Body.String(), `class="in-review"`), "only ana's current event")
}

func TestReview_correctionEvidence(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	h := f.handler(t)
	key := f.keys["kz-flight"]
	start := strings.Index(kzText, "Eleven women")
	pick := fmt.Sprintf("counts.women:%d-%d", start, start+len("Eleven women"))
	correctForm := func() (string, url.Values) {
		w := request(t, h, "GET", "/facts/"+key, nil)
		require.Equal(t, http.StatusOK, w.Code)
		return pageFormByAction(t, w.Body.String(), "/facts/"+key+"/correct")
	}

	t.Run("refused selections", func(t *testing.T) {
		for _, bad := range []struct{ value, want string }{
			{"counts.women:0-99999", "not a span of at most 200 bytes"},
			{"casualties:0-10", "names no field"},
			{"counts.women:ten", "want field:start-end"},
		} {
			action, form := correctForm()
			form.Add("evidence", bad.value)
			w := request(t, h, "POST", action, form)
			require.Equal(t, http.StatusUnprocessableEntity, w.Code, bad.value)
			assert.True(t, strings.Contains(w.Body.String(), bad.want), "%s: want %q", bad.value, bad.want)
		}
	})

	action, form := correctForm()
	form.Set("count.women", "12")
	form.Add("evidence", pick)
	w := request(t, h, "POST", action, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	fact, err := f.db.Fact(ctx, key)
	require.NoError(t, err)
	require.NotNil(t, fact.Review.Correction.Evidence)
	got := (*fact.Review.Correction.Evidence)[0]
	assert.Equal(t, "Eleven women", got.Text)
	assert.Equal(t, store.ReviewerRule, got.Rule)
	assert.LessOrEqual(t, got.Sentence.Start, got.Span.Start, "inside its sentence")

	w = request(t, h, "GET", "/facts/"+key, nil)
	assert.True(t, strings.Contains(w.Body.String(), `title="rule reviewer">“Eleven women”</a>`), "the page shows it as evidence")
	assert.True(t, strings.Contains(w.Body.String(), `<input type="hidden" name="evidence" value="`+pick+`">`), "the form keeps it")

	var buf bytes.Buffer
	_, err = f.db.ExportEvents(ctx, &buf, store.FormatJSONL, store.Filter{Article: store.ArticleKey("kz-flight")})
	require.NoError(t, err)
	assert.Contains(t, buf.String(), `"text":"Eleven women","start":`+fmt.Sprint(start))
	assert.Contains(t, buf.String(), `"rule":"reviewer"`, "the export keeps the provenance")
}
