package ingest

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// URLList reads a list of URLs, one a line, for the CLI to pass to Read as
// inputs. Blank lines and lines starting with '#' are skipped, as is a
// " #" comment after a URL. A bad line is a failed input, not a failed
// list: it comes back in bad, a *ParseError with its line and column, and
// the good lines are still returned. err is set only when the list cannot
// be read.
func URLList(path string) (urls []string, bad []error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &ParseError{Path: path, Err: unwrapPathError(err)}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if i := strings.Index(text, " #"); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := checkURL(text); err != nil {
			col := 1 + strings.Index(sc.Text(), text)
			bad = append(bad, &ParseError{Path: path, Line: line, Col: col, Err: err})
			continue
		}
		urls = append(urls, text)
	}
	if err := sc.Err(); err != nil {
		return urls, bad, &ParseError{Path: path, Err: err}
	}
	return urls, bad, nil
}

// checkURL accepts absolute http and https URLs.
func checkURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("invalid URL %q: %w", s, unwrapURLError(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("not an http or https URL: %q", s)
	case u.Host == "":
		return fmt.Errorf("URL has no host: %q", s)
	}
	return nil
}

var schemePrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// isURL reports whether an input names a URL (of any scheme: Fetch
// refuses the ones it does not support) rather than a path.
func isURL(in string) bool { return schemePrefix.MatchString(in) }

// readURLs fetches and parses urls, Concurrency of them at a time, and
// yields them in order. A failure is yielded for its URL and the others
// go on.
func readURLs(ctx context.Context, urls []string, opts Options, yield yieldFunc) bool {
	f := opts.Fetcher
	if f == nil {
		f = NewFetcher(FetchOptions{MaxBytes: opts.MaxBytes})
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		a   Article
		err error
	}
	results := make([]chan result, len(urls))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	// slots bounds fetched-but-unyielded pages as well as fetches in flight.
	slots := make(chan struct{}, f.opts.Concurrency)
	go func() {
		for i, u := range urls {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				a, err := fetchArticle(ctx, f, u, opts)
				results[i] <- result{a, err}
			}()
		}
	}()
	for i := range urls {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			return false
		}
		<-slots
		if ctx.Err() != nil {
			return false
		}
		if !yield(r.a, r.err) {
			return false
		}
	}
	return true
}

// fetchArticle fetches one page and parses it. SourceID and Input are the
// URL as given; URL is where the page was found after redirects.
func fetchArticle(ctx context.Context, f *Fetcher, rawURL string, opts Options) (Article, error) {
	raw, fx, err := f.Fetch(ctx, rawURL, opts.Known[rawURL])
	if err != nil {
		return Article{}, err
	}
	a, err := ParseHTML(raw, HTMLOptions{URL: fx.URL, ContentType: fx.Header["Content-Type"]})
	if err != nil {
		return Article{}, &ParseError{Path: rawURL, Err: fmt.Errorf("HTTP %d: %w", fx.Status, err)}
	}
	a.SourceID, a.Input, a.Format, a.Fetched = rawURL, rawURL, "url", fx
	opts.fallbackDate(&a)
	return a, nil
}
