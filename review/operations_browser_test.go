package review

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReview_browserOperation opens an operation from the summary's
// timeline in a real headless Chromium, checks its sources side by side
// and merges another operation into it with the page's form.
func TestReview_browserOperation(t *testing.T) {
	f := newOpFixture(t)
	bctx, exceptions := startBrowser(t, 1280, 900)
	srv := browserServer(t, f)

	op, later := f.opOf(t, "kz-flight"), f.opOf(t, "kz-later")
	sources := func() []string {
		t.Helper()
		got, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('section.source'), s => s.dataset.event)`))
		require.NoError(t, err)
		return got
	}

	// The timeline's mark for the Kazakh flight leads to its page.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/summary"),
		chromedp.WaitReady(chromedp.CSS(`#timeline-KZ svg`)),
		chromedp.Click(chromedp.CSS(`#timeline-KZ a[href="/operations/`+op+`"] circle`)),
		chromedp.WaitReady(chromedp.CSS(`form[action="/operations/`+op+`/merge"]`)),
	))
	assert.Equal(t, []string{f.keys["kz-flight"], f.keys["kz-copy"]}, sources())
	marks, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('section.source mark'), m => m.textContent)`))
	require.NoError(t, err)
	assert.Contains(t, marks, "37 citizens")
	assert.Contains(t, marks, "38 people")
	conflict, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`table.consensus tr.conflict th`)))
	require.NoError(t, err)
	assert.Equal(t, "counts.total", conflict)

	// Merge the later flight into it.
	require.NoError(t, chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.CSS(`form.merge input[name=other]`), later),
		chromedp.Click(chromedp.CSS(`form.merge button`)),
		chromedp.WaitReady(chromedp.CSS(`section.source[data-event="`+f.keys["kz-later"]+`"]`)),
	))
	assert.Len(t, sources(), 3)
	assert.Equal(t, f.opOf(t, "kz-flight"), f.opOf(t, "kz-later"), "the merge is stored")
	assert.Empty(t, exceptions(), "no script errors")
}
