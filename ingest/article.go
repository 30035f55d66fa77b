package ingest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Article is one news article as read from its input. Text is the main text
// that extraction sees and that the store keeps; every offset downstream is a
// byte offset into it.
type Article struct {
	// SourceID identifies the article across runs: the record's id for JSON
	// input, else the file name without extension (a relative path when that
	// is ambiguous), or the URL.
	SourceID string
	// Input names where the article came from, for messages: a path,
	// "path:line" for JSONL, or a URL.
	Input  string
	Format string // txt, html, json, jsonl, url, warc

	// URL is where the page was read from (after redirects, for fetched
	// pages); Canonical is the URL the page names as its own
	// (<link rel=canonical> or og:url), or "".
	URL       string
	Canonical string
	Title     string
	Site      string
	Language  string

	// Published is the publication date as YYYY-MM-DD, or "" when unknown.
	// PublishedSource says where it came from (e.g. "date_publish",
	// "flag", "meta:article:published_time", "url"), so a reviewer can judge
	// it. For HTML the sources, tried in this order, are "json-ld",
	// "meta:<name>" (e.g. "meta:article:published_time"), "time" (a
	// <time datetime> element), "url" (a /YYYY/MM/DD/ path) and "htmldate"
	// (the page text). The date is the page's own calendar date, never
	// shifted to UTC, and never guessed from the crawl or file time.
	Published       string
	PublishedSource string
	// Modified is the last-modified date the page states, YYYY-MM-DD, or "".
	Modified string

	Text string

	// Paragraphs locate each paragraph of Text in the raw page, when the
	// article came from HTML; nil otherwise.
	Paragraphs []Paragraph
	// Raw is the page as fetched or read (HTML only), kept so an article can
	// be re-extracted without fetching again. Nil for text and JSON input.
	Raw []byte
	// Fetched holds response details for articles fetched over HTTP.
	Fetched *Fetch
}

// Paragraph ties a byte range of Article.Text to the element of the raw page
// it came from.
type Paragraph struct {
	Start, End int    // byte offsets into Article.Text
	Path       string // CSS-like element path in the raw page
}

// Fetch records an HTTP response an article was read from.
type Fetch struct {
	URL          string // final URL, after redirects
	Status       int
	Header       map[string]string // first value of each response header
	FetchedAt    string            // RFC 3339; for WARC records, the WARC-Date
	ETag         string
	LastModified string
}

// CleanText returns s as NFC-normalised valid UTF-8 with Unix line endings
// and no NUL bytes: the form every stored text takes. Invalid bytes become
// U+FFFD rather than failing the article.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.ReplaceAll(s, "\x00", "")
	return norm.NFC.String(s)
}
