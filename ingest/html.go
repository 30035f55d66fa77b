package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

// HTMLOptions describe where a page came from, which helps both main-text
// and metadata extraction.
type HTMLOptions struct {
	URL         string // the page's URL, if known
	ContentType string // the HTTP Content-Type header, if any (for charset)
}

// ParseHTML extracts the main text and metadata of one HTML page. It fills
// Text, Title, URL, Site, Language, Published (with PublishedSource) and Raw;
// the caller sets SourceID, Input and Format.
func ParseHTML(raw []byte, o HTMLOptions) (Article, error) {
	if looksBinary(raw) && !bytes.Contains(bytes.ToLower(raw[:min(len(raw), 4096)]), []byte("<html")) {
		return Article{}, ErrBinary
	}
	opts := trafilatura.Options{EnableFallback: true, ExcludeComments: true, Deduplicate: true}
	if o.URL != "" {
		if u, err := url.Parse(o.URL); err == nil {
			opts.OriginalURL = u
		}
	}
	res, err := trafilatura.Extract(bytes.NewReader(raw), opts)
	if err != nil {
		return Article{}, fmt.Errorf("extract main text: %w", err)
	}
	text := strings.TrimSpace(CleanText(res.ContentText))
	if text == "" {
		return Article{}, ErrNoText
	}
	md := res.Metadata
	a := Article{
		Text:     text,
		Title:    strings.TrimSpace(CleanText(md.Title)),
		URL:      o.URL,
		Site:     md.Sitename,
		Language: md.Language,
		Raw:      raw,
	}
	if a.URL == "" {
		a.URL = md.URL
	}
	if a.Site == "" {
		a.Site = md.Hostname
	}
	if !md.Date.IsZero() {
		a.Published, a.PublishedSource = md.Date.Format("2006-01-02"), "htmldate"
	}
	return a, nil
}

// hostOf returns the host name of a URL, or "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
