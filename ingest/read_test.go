package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collect reads inputs and returns the articles and errors, in order.
func collect(t *testing.T, inputs []string, opts Options) ([]Article, []error) {
	t.Helper()
	var arts []Article
	var errs []error
	for a, err := range Read(context.Background(), inputs, opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		arts = append(arts, a)
	}
	return arts, errs
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestRead_formats(t *testing.T) {
	tests := []struct {
		name, file, body string
		want             Article
	}{
		{
			name: "plain text takes its first line as title",
			file: "kabul-return.txt",
			body: "Ten women flown home\n\nTen women were flown home on Monday.\r\n",
			want: Article{SourceID: "kabul-return", Format: "txt", Title: "Ten women flown home",
				Text: "Ten women flown home\n\nTen women were flown home on Monday."},
		},
		{
			name: "news-please object",
			file: "one.json",
			body: `{"id": "x-1", "url": "https://example.org/a", "title": " A title ", "date_publish": "2021-03-04 10:00:00",
				"source_domain": "example.org", "language": "en", "maintext": "Body text."}`,
			want: Article{SourceID: "x-1", Format: "json", URL: "https://example.org/a", Title: "A title",
				Site: "example.org", Language: "en", Published: "2021-03-04", PublishedSource: "date_publish", Text: "Body text."},
		},
		{
			name: "record without id uses its url and derives the site",
			file: "noid.jsonl",
			body: `{"url": "https://news.example.com/b", "maintext": "Some text.", "date_publish": null}` + "\n",
			want: Article{SourceID: "https://news.example.com/b", Format: "jsonl", URL: "https://news.example.com/b",
				Site: "news.example.com", Text: "Some text."},
		},
		{
			name: "decomposed accents are stored NFC",
			file: "nfc.txt",
			body: "Bosnia\u0301 and Herzegovina",
			want: Article{SourceID: "nfc", Format: "txt", Title: "Bosniá and Herzegovina", Text: "Bosniá and Herzegovina"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tc.file, tc.body)
			arts, errs := collect(t, []string{p}, Options{})
			require.Empty(t, errs)
			require.Len(t, arts, 1)
			got := arts[0]
			assert.NotEmpty(t, got.Input)
			got.Input = ""
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRead_publishedFlag(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", "Text without a date.")
	writeFile(t, dir, "b.jsonl", `{"id": "b", "maintext": "Dated.", "date_publish": "2020-02-02"}`+"\n")
	arts, errs := collect(t, []string{dir}, Options{Published: "2024-01-31"})
	require.Empty(t, errs)
	require.Len(t, arts, 2)
	assert.Equal(t, "2024-01-31", arts[0].Published)
	assert.Equal(t, "flag", arts[0].PublishedSource)
	assert.Equal(t, "2020-02-02", arts[1].Published, "the input's own date wins over the flag")
	assert.Equal(t, "date_publish", arts[1].PublishedSource)
}

func TestRead_badInputsNameTheInputAndGoOn(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "01-empty.txt", "")
	writeFile(t, dir, "02-binary.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
	writeFile(t, dir, "03-lines.jsonl", `{"id": "ok-1", "maintext": "First."}`+"\n"+
		`{"id": "broken", "maintext": "tru`+"\n"+
		`{"id": "no-text", "title": "T"}`+"\n"+
		`{"id": "ok-2", "maintext": "Second."}`+"\n")
	writeFile(t, dir, "04-photo.jpg", "not read")
	writeFile(t, dir, "05-good.txt", "A good article.")
	writeFile(t, dir, "06-array.json", `[{"id": "arr-1", "maintext": "One."}, {"id": "arr-2", "maintext": "Two."}]`)
	writeFile(t, dir, "07-gold.jsonl", `{"id": "g", "events": []}`+"\n")

	arts, errs := collect(t, []string{dir, filepath.Join(dir, "missing.txt")}, Options{})
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.SourceID)
	}
	assert.Equal(t, []string{"ok-1", "ok-2", "05-good", "arr-1", "arr-2"}, ids)

	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	}
	assert.Equal(t, []string{
		"01-empty.txt: no article text",
		"02-binary.txt: binary data, not text",
		"03-lines.jsonl:2:34: invalid JSON: unexpected end of JSON input",
		`03-lines.jsonl:3: missing "maintext"`,
		"04-photo.jpg: not a supported article format",
		"07-gold.jsonl: not news-please articles (first record has no maintext, title or url)",
		"missing.txt: stat: no such file or directory",
	}, msgs)
	assert.ErrorIs(t, errs[0], ErrNoText)
	assert.ErrorIs(t, errs[1], ErrBinary)
	assert.ErrorIs(t, errs[4], ErrUnsupported)
	assert.ErrorIs(t, errs[5], ErrNotArticle)
	var pe *ParseError
	require.ErrorAs(t, errs[2], &pe)
	assert.Equal(t, 2, pe.Line)
}

func TestRead_unreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "secret.txt", "Hidden.")
	require.NoError(t, os.Chmod(p, 0))
	writeFile(t, dir, "visible.txt", "Shown.")
	arts, errs := collect(t, []string{dir}, Options{})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "secret.txt")
	assert.ErrorIs(t, errs[0], os.ErrPermission)
	require.Len(t, arts, 1)
}

func TestRead_encodings(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"UTF-16 little endian with BOM", []byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 0xE9, 0}, "Hi é"},
		{"UTF-16 big endian with BOM", []byte{0xFE, 0xFF, 0, 'H', 0, 'i'}, "Hi"},
		{"UTF-8 with BOM", []byte("\xEF\xBB\xBFHello"), "Hello"},
		{"invalid UTF-8 is repaired", []byte("caf\xe9 au lait"), "caf\uFFFD au lait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "x.txt", string(tc.body))
			arts, errs := collect(t, []string{p}, Options{})
			require.Empty(t, errs)
			require.Len(t, arts, 1)
			assert.Equal(t, tc.want, arts[0].Text)
		})
	}
}

func TestRead_sizeCap(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "big.txt", strings.Repeat("word ", 100))
	writeFile(t, dir, "lines.jsonl", `{"id": "long", "maintext": "`+strings.Repeat("x", 200)+`"}`+"\n"+
		`{"id": "short", "maintext": "ok"}`+"\n")
	arts, errs := collect(t, []string{dir}, Options{MaxBytes: 100})
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], ErrTooLarge)
	assert.Contains(t, errs[0].Error(), "big.txt")
	assert.ErrorIs(t, errs[1], ErrTooLarge)
	assert.Contains(t, errs[1].Error(), "lines.jsonl:1")
	require.Len(t, arts, 1)
	assert.Equal(t, "short", arts[0].SourceID)
}

func TestRead_sameBaseNameGetsDistinctIDs(t *testing.T) {
	tests := []struct {
		name   string
		files  []string // written under the test folder
		inputs []string // relative to it; "." is the folder itself
		want   []string // "$/" stands for the test folder
	}{
		{"one file keeps its name", []string{"d1/story.txt"}, []string{"d1/story.txt"}, []string{"story"}},
		{"sub-folders of one input", []string{"2020/report.txt", "2021/report.txt"}, []string{"."}, []string{"report", "2021/report"}},
		{"two folders given", []string{"d1/story.txt", "d2/story.txt"}, []string{"d1", "d2"}, []string{"story", "$/d2/story"}},
		{"two files given", []string{"d1/story.txt", "d2/story.txt"}, []string{"d1/story.txt", "d2/story.txt"}, []string{"story", "$/d2/story"}},
		{"same name, other extension", []string{"d/story.html", "d/story.txt"}, []string{"d"}, []string{"story", "story.txt"}},
		{"same file twice", []string{"d/story.txt"}, []string{"d/story.txt", "d/story.txt"}, []string{"story", "story"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				body := "Story from " + f + "."
				if strings.HasSuffix(f, ".html") {
					body = "<html><body><article><p>" + body + "</p></article></body></html>"
				}
				writeFile(t, dir, f, body)
			}
			var inputs []string
			for _, in := range tc.inputs {
				inputs = append(inputs, filepath.Join(dir, in))
			}
			arts, errs := collect(t, inputs, Options{})
			require.Empty(t, errs)
			var ids []string
			for _, a := range arts {
				ids = append(ids, strings.Replace(a.SourceID, filepath.ToSlash(dir), "$", 1))
			}
			assert.Equal(t, tc.want, ids)
		})
	}
}

func TestRead_stdin(t *testing.T) {
	page := "<!doctype html><html><head><title>Ten women flown home</title></head><body><article><p>Ten women were flown home on Monday, officials said.</p></article></body></html>"
	tests := []struct {
		name, in, sourceID string
		wantIDs            []string // "stdin-*" for a content-derived id
		wantFormat         string
	}{
		{"plain text", "Some article text.", "", []string{"stdin-*"}, "txt"},
		{"plain text, id given", "Some article text.", "my-text", []string{"my-text"}, "txt"},
		{"html page", page, "", []string{"stdin-*"}, "html"},
		{"jsonl keeps record ids", `{"id": "piped", "maintext": "Piped text."}` + "\n" + `{"id": "piped-2", "maintext": "More text."}` + "\n", "ignored",
			[]string{"piped", "piped-2"}, "jsonl"},
		{"json array keeps record ids", `[{"id": "arr-1", "maintext": "Piped text."}]`, "", []string{"arr-1"}, "json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arts, errs := collect(t, []string{"-"}, Options{Stdin: strings.NewReader(tc.in), StdinSourceID: tc.sourceID})
			require.Empty(t, errs)
			require.Len(t, arts, len(tc.wantIDs))
			for i, a := range arts {
				if tc.wantIDs[i] == "stdin-*" {
					assert.Regexp(t, `^stdin-[0-9a-f]{12}$`, a.SourceID)
				} else {
					assert.Equal(t, tc.wantIDs[i], a.SourceID)
				}
				assert.Equal(t, tc.wantFormat, a.Format)
			}
			if tc.wantFormat == "html" {
				assert.Equal(t, "Ten women flown home", arts[0].Title)
				assert.NotContains(t, arts[0].Text, "<")
			}
		})
	}
	t.Run("the id follows the content", func(t *testing.T) {
		id := func(text string) string {
			arts, errs := collect(t, []string{"-"}, Options{Stdin: strings.NewReader(text)})
			require.Empty(t, errs)
			require.Len(t, arts, 1)
			return arts[0].SourceID
		}
		assert.Equal(t, id("First story."), id("First story."))
		assert.NotEqual(t, id("First story."), id("Second story."))
	})
	t.Run("jsonl is streamed past the size cap", func(t *testing.T) {
		var sb strings.Builder
		for i := range 50 {
			fmt.Fprintf(&sb, `{"id": "s-%d", "maintext": "Ten women were flown home on Monday, officials said."}`+"\n", i)
		}
		require.Greater(t, sb.Len(), 1024)
		arts, errs := collect(t, []string{"-"}, Options{Stdin: strings.NewReader(sb.String()), MaxBytes: 1024})
		require.Empty(t, errs)
		assert.Len(t, arts, 50)
	})
}

func TestRead_stopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		writeFile(t, dir, n, "Text.")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for _, err := range Read(ctx, []string{dir}, Options{}) {
		require.NoError(t, err)
		n++
		cancel()
	}
	assert.Equal(t, 1, n)
}

func TestParseError(t *testing.T) {
	inner := errors.New("boom")
	tests := []struct {
		err  *ParseError
		want string
	}{
		{&ParseError{Path: "a.json", Line: 12, Col: 5, Err: inner}, "a.json:12:5: boom"},
		{&ParseError{Path: "a.jsonl", Line: 3, Err: inner}, "a.jsonl:3: boom"},
		{&ParseError{Path: "https://example.org/x", Err: inner}, "https://example.org/x: boom"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Error())
			assert.ErrorIs(t, tc.err, inner)
		})
	}
}

func TestRead_articleTextCap(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a-long.txt", strings.Repeat("Words of a very long text. ", 10))
	writeFile(t, dir, "b-short.txt", "A short article.")
	arts, errs := collect(t, []string{dir}, Options{MaxTextBytes: 100})
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrTooLarge)
	assert.Contains(t, errs[0].Error(), "a-long.txt: input over the size limit: the article text is 269 bytes, over the 100-byte limit")
	require.Len(t, arts, 1)
	assert.Equal(t, "b-short", arts[0].SourceID)
}
