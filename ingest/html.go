package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLOptions describe where a page came from, which helps both main-text
// and metadata extraction.
type HTMLOptions struct {
	URL         string // the page's URL, if known
	ContentType string // the HTTP Content-Type header, if any (for charset)
	// MaxBytes, MaxElements and MaxTextBytes bound one page: its size, its
	// number of elements and its visible text (outside scripts and styles).
	// A page over any of them is refused with ErrTooLarge before it is
	// parsed. 0 means DefaultMaxHTMLBytes, DefaultMaxElements and
	// DefaultMaxPageText.
	MaxBytes     int
	MaxElements  int
	MaxTextBytes int
}

// Page bounds. Main-text extraction takes time that grows with the square of
// a page's text (1 MiB of paragraphs: 1.6 s, 4 MiB: over 20 s, on an idle core) and memory of
// about 100 times the page for the element tree, so a page that could be
// no news article is refused before either is spent. A large news page
// holds a few hundred kilobytes of text and some thousands of elements; its
// scripts and styles may run to megabytes, which only the byte cap counts.
const (
	DefaultMaxHTMLBytes = 8 << 20
	DefaultMaxElements  = 200_000
	DefaultMaxPageText  = 1 << 20
)

// checkSize refuses a page over o's bounds. It tokenizes the page without
// building a tree, which takes milliseconds a megabyte.
func (o HTMLOptions) checkSize(page []byte) error {
	maxBytes, maxElems, maxText := o.MaxBytes, o.MaxElements, o.MaxTextBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxHTMLBytes
	}
	if maxElems <= 0 {
		maxElems = DefaultMaxElements
	}
	if maxText <= 0 {
		maxText = DefaultMaxPageText
	}
	if len(page) > maxBytes {
		return fmt.Errorf("%w: the page is %d bytes, over the %d-byte limit for one page", ErrTooLarge, len(page), maxBytes)
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	elems, text := 0, 0
	skip := false // inside a script or style, whose text is not page text
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			elems++
			if elems > maxElems {
				return fmt.Errorf("%w: the page has over %d elements", ErrTooLarge, maxElems)
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			skip = a == atom.Script || a == atom.Style
		case html.EndTagToken:
			skip = false
		case html.TextToken:
			if !skip {
				text += len(bytes.TrimSpace(z.Raw()))
				if text > maxText {
					return fmt.Errorf("%w: the page has over %d bytes of text", ErrTooLarge, maxText)
				}
			}
		}
	}
}

// ParseHTML extracts the main text and metadata of one HTML page. It fills
// Text (the article's paragraphs, without navigation, captions, share bars,
// related links or footers), Paragraphs, Title, URL, Canonical, Site,
// Language, Published with PublishedSource, Modified and Raw; the caller
// sets SourceID, Input and Format. The page is decoded to UTF-8 from the
// charset its BOM, o.ContentType or <meta> declares; invalid bytes become
// U+FFFD. It returns ErrBinary for data that is not HTML, ErrNoText for
// a page without article text, and ErrTooLarge for a page over o's bounds.
func ParseHTML(raw []byte, o HTMLOptions) (Article, error) {
	if looksBinary(raw) && !bytes.Contains(bytes.ToLower(raw[:min(len(raw), 4096)]), []byte("<html")) {
		return Article{}, ErrBinary
	}
	page := decodePage(raw, o.ContentType)
	if err := o.checkSize(page); err != nil {
		return Article{}, err
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Article{}, fmt.Errorf("parse HTML: %w", err)
	}
	res, err := mainText(doc, o.URL)
	if err != nil {
		return Article{}, err
	}
	text := CleanText(paragraphText(res.ContentNode))
	if text == "" {
		return Article{}, ErrNoText
	}
	m := readMeta(doc, o.URL)
	a := Article{
		URL:             o.URL,
		Canonical:       m.Canonical,
		Title:           CleanText(m.Title),
		Site:            CleanText(m.Site),
		Language:        m.Language,
		Published:       m.Published,
		PublishedSource: m.PublishedSource,
		Modified:        m.Modified,
		Text:            text,
		Paragraphs:      locateParagraphs(doc, text),
		Raw:             raw,
	}
	md := res.Metadata
	if a.URL == "" {
		a.URL = m.Canonical
	}
	if a.Title == "" {
		a.Title = strings.TrimSpace(CleanText(md.Title))
	}
	if a.Site == "" {
		a.Site = strings.TrimPrefix(hostOf(a.URL), "www.")
	}
	if a.Language == "" {
		a.Language = md.Language
	}
	return a, nil
}

// mainText runs go-trafilatura on a parsed page. Its own date search is
// off: readMeta finds the date, and says where it found it.
func mainText(doc *html.Node, pageURL string) (*trafilatura.ExtractResult, error) {
	opts := trafilatura.Options{
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
		Focus:           trafilatura.FavorRecall,
	}
	if u, err := url.Parse(pageURL); err == nil && pageURL != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		// With these options go-trafilatura fails only when it finds no
		// main text (too short, duplicated, or a tree too long), and says
		// so in its own terms ("text and comments are not long enough:
		// 0 0"); users get the plain reason instead.
		return nil, fmt.Errorf("%w: the page has no main text that reads as an article", ErrNoText)
	}
	return res, nil
}

// paragraphText renders extracted content as plain text, one paragraph a
// line: each block element (and each <br>) ends a line, and white space
// within a line is collapsed.
func paragraphText(body *html.Node) string {
	var lines []string
	var cur strings.Builder
	flush := func() {
		if line := collapseSpace(cur.String()); line != "" {
			lines = append(lines, line)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			cur.WriteString(n.Data)
			return
		case n.Type != html.ElementNode && n.Type != html.DocumentNode:
			return
		case n.DataAtom == atom.Br:
			flush()
			return
		}
		block := n.Type == html.ElementNode && !inlineElement(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	if body != nil {
		walk(body)
	}
	flush()
	return strings.Join(lines, "\n")
}

// hostOf returns the host name of a URL, or "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
