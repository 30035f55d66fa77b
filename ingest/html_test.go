package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// fixtureDir holds the hand-written pages the ingest tests read.
const fixtureDir = "../testdata/ingest"

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	require.NoError(t, err)
	return data
}

const chestHeadline = "Harwick council votes to return oak chest to Lindqvist museum"

func TestParseHTML_Metadata(t *testing.T) {
	tests := []struct {
		name, file, url string
		title           string
		published       string
		source          string
		modified        string
		site, lang      string
		canonical       string
	}{
		{
			name: "json-ld date in the page's own zone", file: "jsonld.html",
			title: chestHeadline, published: "2023-02-16", source: "json-ld", modified: "2023-02-17",
			site: "The Harwick Courier", lang: "en",
		},
		{
			name: "article:published_time meta tag", file: "meta.html", url: "https://courier.example/news/oak-chest?ref=home",
			title: chestHeadline, published: "2022-11-03", source: "meta:article:published_time", modified: "2022-11-04",
			site: "Harwick Courier", lang: "en", canonical: "https://courier.example/news/oak-chest",
		},
		{
			name: "time element marked pubdate", file: "time.html",
			title: chestHeadline, published: "2021-06-05", source: "time", site: "",
		},
		{
			name: "date in the URL path", file: "urldate.html", url: "https://courier.example/2020/03/09/oak-chest",
			title: chestHeadline, published: "2020-03-09", source: "url", site: "courier.example",
		},
		{
			name: "date only in the text", file: "textdate.html", url: "https://courier.example/oak-chest",
			title: chestHeadline, published: "2019-03-04", source: "htmldate", site: "courier.example",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseHTML(readFixture(t, tc.file), HTMLOptions{URL: tc.url})
			require.NoError(t, err)
			assert.Equal(t, tc.title, a.Title)
			assert.Equal(t, tc.published, a.Published)
			assert.Equal(t, tc.source, a.PublishedSource)
			assert.Equal(t, tc.modified, a.Modified)
			assert.Equal(t, tc.site, a.Site)
			if tc.lang != "" {
				assert.Equal(t, tc.lang, a.Language)
			}
			assert.Equal(t, tc.canonical, a.Canonical)
			assert.Contains(t, a.Text, "carved oak chest")
			assert.Equal(t, readFixture(t, tc.file), a.Raw)
		})
	}
}

func TestParseHTML_Furniture(t *testing.T) {
	a, err := ParseHTML(readFixture(t, "furniture.html"), HTMLOptions{URL: "https://courier.example/news/oak-chest"})
	require.NoError(t, err)
	for _, want := range []string{
		"voted on Tuesday evening to return a carved oak chest",
		"Sending it home is the least we can do.",
		"alongside letters that describe how villagers hid it",
	} {
		assert.Contains(t, a.Text, want)
	}
	for _, unwanted := range []string{
		"cookies", "World news desk", "Weather forecast page", "Share on Facebook", "Email this story",
		"Photo caption", "Related stories", "Museum roof appeal", "All rights reserved", "Privacy policy statement",
	} {
		assert.NotContains(t, a.Text, unwanted)
	}
	assert.Equal(t, chestHeadline, a.Title)
	assert.Equal(t, "2023-05-02", a.Published)
}

func TestParseHTML_Encoding(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		want                    []string
	}{
		{"windows-1252 declared in meta", "legacy-1252-meta.html", "",
			[]string{"café on Bergstraße", "“We are glad to be back,” said the owner, Renée Laurent — who", "nine o’clock", "crème brûlée"}},
		{"ISO-8859-1 declared in the HTTP header", "legacy-latin1-header.html", "text/html; charset=ISO-8859-1",
			[]string{"café on Bergstraße", "Renée Laurent", "crème brûlée"}},
		{"invalid UTF-8 repaired", "invalid-utf8.html", "text/html; charset=utf-8",
			[]string{"reopened \uFFFD on Monday", "crème brûlée"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseHTML(readFixture(t, tc.file), HTMLOptions{ContentType: tc.contentType})
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, a.Text, w)
			}
			assert.Equal(t, "Café on Bergstraße reopens after fire", a.Title)
			assert.Equal(t, "2020-09-14", a.Published)
			assert.Equal(t, "meta:date", a.PublishedSource)
		})
	}
}

func TestParseHTML_Paragraphs(t *testing.T) {
	a, err := ParseHTML(readFixture(t, "furniture.html"), HTMLOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, a.Paragraphs)
	assert.Equal(t, len(strings.Split(a.Text, "\n")), len(a.Paragraphs))
	var quote *Paragraph
	for i, p := range a.Paragraphs {
		require.True(t, p.Start < p.End && p.End <= len(a.Text), "paragraph %d out of range", i)
		assert.NotEmpty(t, p.Path, "paragraph %d %q not located", i, a.Text[p.Start:p.End])
		if strings.HasPrefix(a.Text[p.Start:p.End], `"We always knew`) {
			quote = &a.Paragraphs[i]
		}
	}
	require.NotNil(t, quote)
	assert.Equal(t, "html > body > article > p:nth-of-type(3)", quote.Path)
}

func TestPageDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2023-02-16T23:30:00-05:00", "2023-02-16"},
		{"2023-02-16", "2023-02-16"},
		{"2023/2/6 10:00", "2023-02-06"},
		{"Thu, 16 Feb 2023 23:30:00 -0500", "2023-02-16"},
		{"February 16, 2023", "2023-02-16"},
		{"20230216", "2023-02-16"},
		{"2023-02-30", ""},
		{"yesterday", ""},
		{"1066-10-14", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, pageDate(tc.in))
		})
	}
}

func TestChooseTitle(t *testing.T) {
	tests := []struct {
		name  string
		scan  metaScan
		site  string
		title string
	}{
		{"og:title with the site appended", metaScan{meta: map[string]string{"og:title": "Floods close bridge - Valley Post"}}, "Valley Post", "Floods close bridge"},
		{"og:title that is the site name", metaScan{meta: map[string]string{"og:title": "Valley Post"}, title: "Floods close bridge | Valley Post"}, "Valley Post", "Floods close bridge"},
		{"h1 found in the title", metaScan{meta: map[string]string{}, title: "Valley Post: Floods close bridge", h1: []string{"Floods close bridge"}}, "", "Floods close bridge"},
		{"longest part of the title", metaScan{meta: map[string]string{}, title: "News | Floods close the old river bridge"}, "", "Floods close the old river bridge"},
		{"several h1s and no title", metaScan{meta: map[string]string{}, h1: []string{"Menu", "Floods"}}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.title, chooseTitle("", tc.scan, tc.site))
		})
	}
}

// TestParseHTML_bounds: pages over the size, element or text bounds are
// refused before parsing; script text does not count as page text.
func TestParseHTML_bounds(t *testing.T) {
	para := "<p>Ten women and 26 children were flown home from camps in north-eastern Syria on Monday.</p>\n"
	small := HTMLOptions{MaxBytes: 64 << 10, MaxElements: 500, MaxTextBytes: 8 << 10}
	tests := []struct {
		name, page string
		opts       HTMLOptions
		refused    string // "" when the page is read
	}{
		{"within bounds", "<html><body><article>" + strings.Repeat(para, 20) + "</article></body></html>", small, ""},
		{"too many bytes", "<html><body><article>" + para + "<!--" + strings.Repeat("x", 70<<10) + "--></article></body></html>", small, "over the 65536-byte limit"},
		{"too many elements", "<html><body><article>" + para + strings.Repeat("<span></span>", 600) + "</article></body></html>", small, "over 500 elements"},
		{"too much text", "<html><body><article>" + strings.Repeat(para, 100) + "</article></body></html>", small, "over 8192 bytes of text"},
		{"script text is not page text", "<html><head><script>" + strings.Repeat("var x = 1;\n", 1000) + "</script></head><body><article>" +
			strings.Repeat(para, 20) + "</article></body></html>", small, ""},
		{"default bounds refuse 9 MiB", "<html><body>" + strings.Repeat("<i></i>", 9<<20/7) + "</body></html>", HTMLOptions{}, "over the 8388608-byte limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseHTML([]byte(tc.page), tc.opts)
			if tc.refused == "" {
				require.NoError(t, err)
				assert.Contains(t, a.Text, "Ten women")
				return
			}
			require.ErrorIs(t, err, ErrTooLarge)
			assert.Contains(t, err.Error(), tc.refused)
		})
	}
}

// TestElementPaths_manySiblings: paths of many sibling paragraphs are
// numbered once per parent, so a long page stays linear; and they match
// what counting siblings gives.
func TestElementPaths_manySiblings(t *testing.T) {
	doc, err := html.Parse(strings.NewReader("<html><body><div><p>a</p><span>x</span><p>b</p><p>c</p></div><div><p>d</p></div></body></html>"))
	require.NoError(t, err)
	var ps []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "p" {
			ps = append(ps, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	paths := elementPaths{}
	var got []string
	for _, p := range ps {
		got = append(got, paths.path(p))
	}
	assert.Equal(t, []string{
		"html > body > div:nth-of-type(1) > p:nth-of-type(1)",
		"html > body > div:nth-of-type(1) > p:nth-of-type(2)",
		"html > body > div:nth-of-type(1) > p:nth-of-type(3)",
		"html > body > div:nth-of-type(2) > p",
	}, got)
}
