package review

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write the review page screenshot to docs/review.png")

// chromium returns the browser to drive: $NEWSFACTS_CHROMIUM, else the
// first Chromium or Chrome on PATH, else "".
func chromium() string {
	if p := os.Getenv("NEWSFACTS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestReview_browser reviews three events in a real headless Chromium with
// the keyboard and the edit form, then checks the database, the export, and
// that a hostile article runs nothing. It is skipped when no Chromium is
// installed (apt-get install chromium), unless NEWSFACTS_REQUIRE_BROWSER is
// set.
func TestReview_browser(t *testing.T) {
	f := newFixture(t)
	srv := browserServer(t, f)
	bctx, exceptions := startBrowser(t, 1360, 860)

	kz, uz, xk := f.keys["kz-flight"], f.keys["uz-mercy"], f.keys["xk-hostile"]
	// onEvent waits for the page of one event, once its shortcuts work:
	// only that page has this form, and review.js marks <html> when ready.
	onEvent := func(key string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitReady(chromedp.CSS(`html[data-keys] form[action="/facts/` + key + `/correct"]`))
	}

	// The queue lists the pending events, lowest confidence first.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(`html[data-keys] table.queue`)),
	))
	queue, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('tr[data-event]'), r => r.dataset.event)`))
	require.NoError(t, err)
	assert.Equal(t, []string{kz, uz, xk}, queue)

	// j opens the first event; a field's evidence link scrolls to its span.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("j"),
		onEvent(kz),
		chromedp.Click(chromedp.CSS(`td.evi a[href="#ev-1"]`)),
	))
	target, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(document.querySelector(':target') || {}).textContent`))
	require.NoError(t, err)
	assert.Equal(t, "37 citizens", target)
	require.NoError(t, chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)))
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)

	// e, a typed correction, Escape and a would accept without the
	// correction: the page warns instead and stays, until the correction is
	// saved or discarded.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(chromedp.ID("count-total")),
		chromedp.SetValue(chromedp.ID("count-total"), ""),
		chromedp.SendKeys(chromedp.ID("count-total"), "40"),
		chromedp.KeyEvent(kb.Escape),
		chromedp.KeyEvent("a"),
		chromedp.WaitVisible(chromedp.ID("unsaved")),
	))
	still, err := chromedp.Run(bctx, chromedp.Evaluate[string](`location.pathname`))
	require.NoError(t, err)
	assert.Equal(t, "/facts/"+kz, still)
	fact, err := f.db.Fact(t.Context(), kz)
	require.NoError(t, err)
	assert.Nil(t, fact.Review, "nothing was decided with the correction unsaved")
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Click(chromedp.ID("discard")),
		chromedp.WaitNotVisible(chromedp.ID("unsaved")),
	))

	// a accepts it and moves on; e opens the edit form, where a count is
	// corrected; the reason field, Escape and r reject the last one.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("a"),
		onEvent(uz),
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(chromedp.ID("count-total")),
		chromedp.SetValue(chromedp.ID("count-total"), "100"),
		// The words "98 women" in the text become the correction's evidence.
		chromedp.Evaluate[chromedp.Void](`(() => {
			const m = [...document.querySelectorAll('#text mark')].find(e => e.textContent === '98 women and children');
			const r = document.createRange();
			r.setStart(m.firstChild, 0);
			r.setEnd(m.firstChild, 8);
			getSelection().removeAllRanges();
			getSelection().addRange(r);
		})()`),
		chromedp.SetValue(chromedp.ID("pick-field"), "counts.total"),
		chromedp.Click(chromedp.ID("pick")),
		chromedp.WaitVisible(chromedp.CSS(`#picked .pick`)),
		chromedp.Click(chromedp.CSS(`button.correct`)),
		onEvent(xk),
	))
	checkHostileArticle(t, bctx)
	require.NoError(t, chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.CSS(`input[name=reason]`), "a test page"),
		chromedp.KeyEvent(kb.Escape),
		chromedp.KeyEvent("r"),
		chromedp.WaitReady(chromedp.CSS(`p.empty`)),
	))

	got := map[string]store.Fact{}
	for id, key := range f.keys {
		fact, err := f.db.Fact(t.Context(), key)
		require.NoError(t, err)
		require.NotNil(t, fact.Review, id)
		assert.Equal(t, "browser", fact.Review.Reviewer)
		got[id] = fact
	}
	assert.Equal(t, store.StatusAccepted, got["kz-flight"].Status())
	assert.Equal(t, store.StatusCorrected, got["uz-mercy"].Status())
	assert.Equal(t, &map[string]int{"total": 100}, got["uz-mercy"].Review.Correction.Counts)
	require.NotNil(t, got["uz-mercy"].Review.Correction.Evidence, "the selected words are the correction's evidence")
	picked := *got["uz-mercy"].Review.Correction.Evidence
	require.Len(t, picked, 1)
	assert.Equal(t, "counts.total", picked[0].Field)
	assert.Equal(t, "98 women", picked[0].Text)
	assert.Equal(t, store.ReviewerRule, picked[0].Rule)
	assert.Equal(t, store.StatusRejected, got["xk-hostile"].Status())
	assert.Equal(t, "a test page", got["xk-hostile"].Review.Reason)

	events := exportAccepted(t, f.db)
	require.Len(t, events, 2)
	for _, e := range events {
		if e.EventID == uz {
			assert.Equal(t, 100, e.Counts["total"])
			require.NotNil(t, e.Extracted)
			assert.Equal(t, 98, e.Extracted.Counts["total"])
		}
	}

	assert.Empty(t, exceptions(), "no script errors")
	saveScreenshot(t, shot, "review.png")
}

// browserServer serves f's review UI on a local port for the browser.
func browserServer(t *testing.T, f *fixture) *httptest.Server {
	t.Helper()
	s, err := newServer(f.db, Options{Reviewer: "browser", Addr: "127.0.0.1:0", Partners: knownPartners(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(s.handler())
	t.Cleanup(srv.Close)
	return srv
}

// startBrowser starts a headless Chromium with a window of this size, or
// skips the test when there is none (apt-get install chromium) unless
// NEWSFACTS_REQUIRE_BROWSER is set. It returns the browser's context and a
// function listing the uncaught script errors seen so far.
func startBrowser(t *testing.T, width, height int) (context.Context, func() []string) {
	t.Helper()
	bin := chromium()
	if bin == "" {
		if os.Getenv("NEWSFACTS_REQUIRE_BROWSER") != "" {
			t.Fatal("no chromium found, and NEWSFACTS_REQUIRE_BROWSER is set")
		}
		t.Skip("no chromium on PATH (apt-get install chromium, or set NEWSFACTS_CHROMIUM)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Env("TMPDIR="+t.TempDir()), // where Chromium leaves its singleton socket
		chromedp.WindowSize(width, height),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)

	// Start the browser, then collect uncaught script errors in the page.
	require.NoError(t, chromedp.Do(bctx))
	var mu sync.Mutex
	var exceptions []string
	thrown := chromedp.Events(bctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range thrown {
			if err != nil {
				return
			}
			mu.Lock()
			exceptions = append(exceptions, ev.ExceptionDetails.Text)
			mu.Unlock()
		}
	}()
	return bctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(exceptions)
	}
}

// TestReview_browserNarrow reviews at 400 px wide: no page is wider than
// the window, ? shows the keys, u undoes, and a decision on an event that
// was re-extracted while its page was open is refused with the new values
// shown. The event page's screenshot goes to docs/review-400.png with
// -update-screenshot.
func TestReview_browserNarrow(t *testing.T) {
	f := newFixture(t)
	srv := browserServer(t, f)
	bctx, exceptions := startBrowser(t, 600, 800)
	// A window cannot be narrower than 500 px: emulate a 400 px screen.
	require.NoError(t, chromedp.Do(bctx, chromedp.EmulateViewport(400, 800)))
	kz := f.keys["kz-flight"]
	art, err := f.db.Fact(t.Context(), kz)
	require.NoError(t, err)

	for _, path := range []string{"/", "/facts/" + kz, "/articles/" + art.Article.Key, "/summary", "/orphans", "/bulk"} {
		require.NoError(t, chromedp.Do(bctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS(`html[data-keys]`))))
		width, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		require.NoError(t, err)
		assert.LessOrEqual(t, width, 400, "%s is %d px wide in a 400 px window", path, width)
	}

	// ? shows the keys, Esc hides them.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/facts/"+kz),
		chromedp.WaitReady(chromedp.CSS(`html[data-keys]`)),
		chromedp.KeyEvent("?"),
		chromedp.WaitVisible(chromedp.ID("keys-help")),
		chromedp.KeyEvent(kb.Escape),
		chromedp.WaitNotVisible(chromedp.ID("keys-help")),
	))
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)

	// a accepts and confirms; u undoes it.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("a"),
		chromedp.WaitVisible(chromedp.CSS(`html[data-keys] form.done`)), // the script is ready for u
	))
	fact, err := f.db.Fact(t.Context(), kz)
	require.NoError(t, err)
	assert.Equal(t, store.StatusAccepted, fact.Status())
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("u"),
		chromedp.WaitReady(chromedp.CSS(`html[data-keys] form[action="/facts/`+kz+`/correct"]`)),
	))
	fact, err = f.db.Fact(t.Context(), kz)
	require.NoError(t, err)
	assert.Nil(t, fact.Review, "undone")

	// The article is extracted again while the page is open: a is refused
	// and the page shows the new date.
	redated := kzItem(t, "2023-02-01")
	redated.Article.Title = "Kazakhstan brings 37 home (updated)"
	_, err = f.db.Save(t.Context(), redated)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(bctx,
		chromedp.KeyEvent("a"),
		chromedp.WaitVisible(chromedp.ID("form-error")),
	))
	msg, err := chromedp.Run(bctx, chromedp.Text(chromedp.ID("form-error")))
	require.NoError(t, err)
	assert.Contains(t, msg, "Nothing was saved")
	date, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('input[name=date]').value`))
	require.NoError(t, err)
	assert.Equal(t, "2023-02-01", date)
	fact, err = f.db.Fact(t.Context(), kz)
	require.NoError(t, err)
	assert.Nil(t, fact.Review, "nothing stored on values the reviewer did not see")

	assert.Empty(t, exceptions(), "no script errors")
	saveScreenshot(t, shot, "review-400.png")
}

// checkHostileArticle checks, on the page of the hostile article's event,
// that its markup shows as text and that none of it ran.
func checkHostileArticle(t *testing.T, ctx context.Context) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Sleep(200*time.Millisecond))) // time for an injected handler to fire
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof window.__pwned`))
	require.NoError(t, err)
	assert.Equal(t, "undefined", pwned, "no injected script ran")
	injected, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('img, #text script, .article h2 *').length`))
	require.NoError(t, err)
	assert.Zero(t, injected, "no element came from the article")
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.article h2`)))
	require.NoError(t, err)
	assert.Equal(t, xssTitle, title)
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("text")))
	require.NoError(t, err)
	assert.Contains(t, text, `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">`)
	assert.Contains(t, text, `<img src=x onerror=alert(1)>`)
}

// saveScreenshot writes a review page to name in $NEWSFACTS_ARTIFACTS (or
// the test's temporary folder), and to docs/name with -update-screenshot.
func saveScreenshot(t *testing.T, png []byte, name string) {
	t.Helper()
	dir := os.Getenv("NEWSFACTS_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
	if *updateScreenshot {
		docs := filepath.Join("..", "docs")
		require.NoError(t, os.MkdirAll(docs, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(docs, name), png, 0o644))
	}
	assert.True(t, strings.HasPrefix(string(png), "\x89PNG"), "a PNG")
}
