//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
)

// datedAndUndatedDB stores two articles published in 2024: one whose event
// is dated (Monday, resolved against the publication date) and one whose
// event has no date.
func datedAndUndatedDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "two.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(
		`{"id": "dated-1", "date_publish": "2024-03-15", "title": "Kazakhstan brings families home", "maintext": "Kazakhstan repatriated 10 women and 26 children from camps in north-eastern Syria on Monday, the foreign ministry said."}`+"\n"+
			`{"id": "undated-2", "date_publish": "2024-05-02", "title": "Uzbekistan brings families home", "maintext": "Uzbekistan repatriated 12 women and 30 children from camps in north-eastern Syria, the foreign ministry said."}`+"\n"), 0o644))
	db := filepath.Join(dir, "two.db")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	require.Contains(t, res.stderr, "events found 2")
	return db
}

// tableCountries returns the COUNTRY column of an events table.
func tableCountries(table string) []string {
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(table), "\n")[1:] {
		got = append(got, strings.Fields(line)[1])
	}
	return got
}

func TestEvents_flagValuesAreChecked(t *testing.T) {
	db := datedAndUndatedDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown status", []string{"events", "--status", "done"}, `--status "done": want one of pending, accepted, rejected, corrected, stale`},
		{"export unknown status", []string{"export", "--status", "approved"}, `--status "approved": want one of pending`},
		{"since a word", []string{"events", "--since", "yesterday"}, `--since "yesterday": want a date YYYY, YYYY-MM or YYYY-MM-DD`},
		{"since no such day", []string{"events", "--since", "2024-13-45"}, `--since "2024-13-45"`},
		{"unknown country", []string{"events", "--country", "Atlantis"}, `--country "Atlantis": want an ISO 3166-1 alpha-2 code`},
		{"export unknown country", []string{"export", "--country", "ZZ"}, `--country "ZZ"`},
		{"undated alone", []string{"events", "--undated"}, "--undated needs --since"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := execCLI(t, append(tc.args, "--db", db)...)
			assertOneError(t, res, tc.want)
			assert.Empty(t, res.stdout)
		})
	}
}

func TestEvents_filters(t *testing.T) {
	db := datedAndUndatedDB(t)
	tests := []struct {
		name      string
		args      []string
		countries []string // in the table, in order
		count     string
	}{
		{"country by name", []string{"--country", "Kazakhstan"}, []string{"KZ"}, "1 event"},
		{"country by lower-case name", []string{"--country", "uzbekistan"}, []string{"UZ"}, "1 event"},
		{"country by code", []string{"--country", "kz"}, []string{"KZ"}, "1 event"},
		{"since: dated events only", []string{"--since", "2024"}, []string{"KZ"}, "1 event"},
		{"since with undated", []string{"--since", "2024-04", "--undated"}, []string{"UZ"}, "1 event"},
		{"since with undated, both", []string{"--since", "2024", "--undated"}, []string{"KZ", "UZ"}, "2 events"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := execCLI(t, append([]string{"events", "--db", db}, tc.args...)...)
			require.Equal(t, exitOK, res.code, res.stderr)
			assert.Equal(t, tc.countries, tableCountries(res.stdout))
			assert.Equal(t, tc.count+"\n", res.stderr)
		})
	}
}

func TestCLI_unknownFlagSaidOnce(t *testing.T) {
	for _, cmd := range []string{"ingest", "events", "show", "export", "eval"} {
		t.Run(cmd, func(t *testing.T) {
			res := execCLI(t, cmd, "--frobnicate")
			assert.Equal(t, exitUsage, res.code)
			assert.Equal(t, 1, strings.Count(res.stderr, "flag provided but not defined: -frobnicate"), res.stderr)
		})
	}
}

func TestCLI_helpShowsArgumentsAndFlags(t *testing.T) {
	tests := []struct {
		cmd  string
		want []string
	}{
		{"ingest", []string{"Usage: newsfacts ingest [flags] INPUT...", "- for", "-db", "-published", "-workers", "-urls", "-no-ner", "-quiet"}},
		{"events", []string{"Usage: newsfacts events [flags]", "-country", "-since", "-undated", "-status", "-json"}},
		{"show", []string{"Usage: newsfacts show [flags] EVENT-ID", "-json"}},
		{"export", []string{"Usage: newsfacts export [flags]", "-format", "-table", "-out", "-country", "-since", "-status"}},
		{"eval", []string{"Usage: newsfacts eval --gold FILE", "-articles", "-errors", "-min-f1"}},
	}
	for _, tc := range tests {
		t.Run(tc.cmd, func(t *testing.T) {
			res := execCLI(t, tc.cmd, "-h")
			assert.Equal(t, exitOK, res.code)
			for _, w := range tc.want {
				assert.Contains(t, res.stderr, w)
			}
		})
	}
}

// TestIngest_unchangedRerunSummary: a re-run that finds every article
// unchanged says how many events the database holds and gives no rate.
func TestIngest_unchangedRerunSummary(t *testing.T) {
	db := smallDB(t)
	in := filepath.Join(filepath.Dir(db), "formula.txt")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", "--published", "2024-03-15", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "read 1, new 0, unchanged 1, updated 0, failed 0, skipped 0; events found 0; the database holds 1 event\n")
	assert.NotContains(t, res.stderr, "articles/s")
}

// TestIngest_stdin: texts piped in separate runs are separate articles,
// the same text again is unchanged, --source-id names one, and JSONL
// records keep their ids.
func TestIngest_stdin(t *testing.T) {
	db := filepath.Join(t.TempDir(), "stdin.db")
	pipe := func(in string, extra ...string) string {
		var stdout, stderr strings.Builder
		code := run(t.Context(), append([]string{"ingest", "--db", db, "--no-ner", "--quiet", "-"}, extra...),
			env{stdin: strings.NewReader(in), stdout: &stdout, stderr: &stderr})
		require.Equal(t, exitOK, code, stderr.String())
		return stderr.String()
	}
	assert.Contains(t, pipe("First story\n\n"+eventSentence), "new 1")
	assert.Contains(t, pipe("Second story\n\n"+eventSentence), "new 1")
	assert.Contains(t, pipe("Second story\n\n"+eventSentence), "unchanged 1")
	assert.Contains(t, pipe("Third story\n\n"+eventSentence, "--source-id", "third"), "new 1")
	assert.Contains(t, pipe(`{"id": "rec-1", "maintext": "A record."}`+"\n"+`{"id": "rec-2", "maintext": "Another."}`+"\n"), "new 2")
	assert.Contains(t, pipe("<html><head><title>A page</title></head><body><article><p>"+eventSentence+"</p></article></body></html>"), "new 1")
	got := storedArticles(t, db)
	assert.Len(t, got, 6)
	assert.Contains(t, got, "third")
	assert.Contains(t, got, "rec-1")
	for id, a := range got {
		assert.NotContains(t, a.Text, "<html", "article %s: HTML on stdin is read as a page", id)
	}
}

func TestEvents_table(t *testing.T) {
	db := datedAndUndatedDB(t)
	res := execCLI(t, "events", "--db", db)
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	assert.Equal(t, []string{"EVENT", "COUNTRY", "FROM", "DATE", "COUNTS", "AGG", "CONF", "PARTNERS", "STATUS", "ARTICLE"}, strings.Fields(lines[0]))
	require.Len(t, lines, 3)
	row := strings.Fields(lines[1])
	assert.Equal(t, "dated-1", row[len(row)-1], "by article source id")
	assert.Equal(t, "-", row[len(row)-5], "not an aggregate")
	conf, err := strconv.ParseFloat(row[len(row)-4], 64)
	require.NoError(t, err, "confidence column")
	assert.True(t, conf > 0 && conf <= 1, "confidence %v", conf)

	tests := []struct {
		name      string
		args      []string
		countries []string
	}{
		{"limit", []string{"--limit", "1"}, []string{"KZ"}},
		{"sort by date, undated last", []string{"--sort", "date"}, []string{"KZ", "UZ"}},
		{"sort by country", []string{"--sort", "country"}, []string{"KZ", "UZ"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := execCLI(t, append([]string{"events", "--db", db}, tc.args...)...)
			require.Equal(t, exitOK, res.code, res.stderr)
			assert.Equal(t, tc.countries, tableCountries(res.stdout))
		})
	}
	res = execCLI(t, "events", "--db", db, "--sort", "size")
	assertOneError(t, res, `--sort "size": want article, date, country or confidence`)
}

func TestArticleLabel(t *testing.T) {
	long := strings.Repeat("a1b2", 16)
	tests := []struct {
		name string
		ref  store.ArticleRef
		want string
	}{
		{"short source id", store.ArticleRef{SourceID: "kz-2023-02", Title: "A title"}, "kz-2023-02"},
		{"hex-like short id kept", store.ArticleRef{SourceID: "a", Title: "A title"}, "a"},
		{"hash id gives the title", store.ArticleRef{SourceID: long, Title: "Kazakhstan brings 36 home"}, "Kazakhstan brings 36 home"},
		{"long URL gives the title", store.ArticleRef{SourceID: "https://news.example.org/2024/03/15/a-very-long-path-name-for-a-story", Title: "Short title"}, "Short title"},
		{"long title is cut", store.ArticleRef{SourceID: long, Title: strings.Repeat("word ", 20)}, strings.TrimSpace(strings.Repeat("word ", 10)[:47]) + "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, articleLabel(tc.ref))
		})
	}
}

// TestIngest_rerunKeepsFlagDate: re-running without --published keeps the
// date the first run gave, and the event dates resolved against it.
func TestIngest_rerunKeepsFlagDate(t *testing.T) {
	db := smallDB(t) // ingested with --published 2024-03-15
	in := filepath.Join(filepath.Dir(db), "formula.txt")
	before := execCLI(t, "events", "--db", db)
	require.Contains(t, before.stdout, "2024-03-11", "Monday before 15 March 2024")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "new 0, unchanged 1, updated 0")
	after := execCLI(t, "events", "--db", db)
	assert.Equal(t, before.stdout, after.stdout)

	// A new --published date is a change, and says so.
	res = execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", "--published", "2024-04-20", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "updated 1")
}

// portugueseStory is a repatriation story in Portuguese, written for this
// test.
const portugueseStory = "Portugal repatria mulheres e crianças\n\nO governo português anunciou na segunda-feira que repatriou seis mulheres e onze crianças dos campos do nordeste da Síria, numa operação coordenada com as autoridades locais.\n"

// TestIngest_nonEnglishIsSkipped: an article detected as another language
// is skipped with a notice (the rules read English only); --lang en
// extracts it anyway, and the language is stored.
func TestIngest_nonEnglishIsSkipped(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "pt.txt")
	require.NoError(t, os.WriteFile(in, []byte(portugueseStory), 0o644))
	db := filepath.Join(dir, "lang.db")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "skip: "+in+": language pt: the extraction rules read English only (--lang en extracts it anyway)")
	assert.Contains(t, res.stderr, "skipped 1")

	res = execCLI(t, "ingest", "--db", db, "--no-ner", "--lang", "en", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "new 1")
	res = execCLI(t, "export", "--db", db, "--table", "articles")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"language":"en"`)
}

// TestEvents_numericAwareOrder: source ids that differ in a trailing number
// are listed by its value.
func TestEvents_numericAwareOrder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "runs.jsonl")
	var lines []string
	for _, id := range []string{"story-r10012", "story-r999", "story-r1003"} {
		lines = append(lines, `{"id": "`+id+`", "date_publish": "2024-03-15", "maintext": "`+strings.TrimSpace(eventSentence)+`"}`)
	}
	require.NoError(t, os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	db := filepath.Join(dir, "runs.db")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", in)
	require.Equal(t, exitOK, res.code, res.stderr)
	res = execCLI(t, "events", "--db", db)
	require.Equal(t, exitOK, res.code, res.stderr)
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n")[1:] {
		f := strings.Fields(line)
		ids = append(ids, f[len(f)-1])
	}
	assert.Equal(t, []string{"story-r999", "story-r1003", "story-r10012"}, ids)
}

// cancelOnWrite cancels a run at its first write, to tell printing as rows
// are read from printing after all of them are.
type cancelOnWrite struct {
	strings.Builder
	cancel func()
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.Builder.Write(p)
}

// TestEvents_printsAsItReads: the table's first rows are written before the
// last events are read; a run cancelled at its first write stops there.
func TestEvents_printsAsItReads(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "many.jsonl")
	var lines []string
	for i := range 600 {
		lines = append(lines, fmt.Sprintf(`{"id": "many-%d", "date_publish": "2024-03-15", "maintext": %q}`, i, strings.TrimSpace(eventSentence)))
	}
	require.NoError(t, os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	db := filepath.Join(dir, "many.db")
	res := execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", in)
	require.Equal(t, exitOK, res.code, res.stderr)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelOnWrite{cancel: cancel}
	var stderr strings.Builder
	code := run(ctx, []string{"events", "--db", db}, env{stdin: strings.NewReader(""), stdout: out, stderr: &stderr})
	assert.Equal(t, exitUsage, code, "stopped by the cancellation: %s", stderr.String())
	printed := strings.Count(out.String(), "\n") - 1
	assert.Positive(t, printed)
	assert.Less(t, printed, 600, "printed before every event was read")
}
