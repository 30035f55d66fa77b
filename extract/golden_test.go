package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

var update = flag.Bool("update", false, "rewrite testdata/extract/*.golden.json")

// fixtureDir holds the golden articles, written for these tests.
const fixtureDir = "../testdata/extract"

// fixtureMeta is a fixture's <case>.json: what the text file cannot carry.
type fixtureMeta struct {
	Published string `json:"published"`
}

// golden is what a <case>.golden.json holds.
type golden struct {
	Article   string  `json:"article"`
	Published string  `json:"published"`
	Events    []Event `json:"events"`
}

// loadFixture reads testdata/extract/<name>.txt through ingest, with the
// publication date from <name>.json when present.
func loadFixture(tb testing.TB, name string) ingest.Article {
	tb.Helper()
	var meta fixtureMeta
	if data, err := os.ReadFile(filepath.Join(fixtureDir, name+".json")); err == nil {
		require.NoError(tb, json.Unmarshal(data, &meta))
	}
	var out []ingest.Article
	for a, err := range ingest.Read(context.Background(), []string{filepath.Join(fixtureDir, name+".txt")}, ingest.Options{Published: meta.Published}) {
		require.NoError(tb, err)
		out = append(out, a)
	}
	require.Len(tb, out, 1)
	return out[0]
}

// fixtureNames lists the golden fixtures.
func fixtureNames(tb testing.TB) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(fixtureDir, "*.txt"))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths)
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".txt"))
	}
	return names
}

// TestExtractor_Golden extracts each fixture and compares the events with
// its golden file; -update rewrites them.
func TestExtractor_Golden(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, name := range fixtureNames(t) {
		t.Run(name, func(t *testing.T) {
			a := loadFixture(t, name)
			res, err := x.Extract(context.Background(), a)
			require.NoError(t, err)
			assertSpans(t, a.Text, res)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			require.NoError(t, enc.Encode(golden{Article: a.SourceID, Published: a.Published, Events: res.Events}))
			path := filepath.Join(fixtureDir, name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./extract -update to create it")
			assert.Equal(t, string(want), buf.String())
		})
	}
}

// assertSpans checks that every span of res covers the text it records.
func assertSpans(tb testing.TB, text string, res *Result) {
	tb.Helper()
	for i, s := range res.Document.Sentences {
		require.True(tb, 0 <= s.Start && s.Start < s.End && s.End <= len(text), "sentence %d span %v", i, s)
	}
	for _, tok := range res.Document.Tokens {
		require.True(tb, tok.End <= len(text))
		assert.Equal(tb, text[tok.Start:tok.End], tok.Text)
	}
	for _, m := range res.Mentions {
		require.True(tb, m.Span.End <= len(text))
		assert.Equal(tb, text[m.Span.Start:m.Span.End], m.Text, "mention %s %s", m.Kind, m.Rule)
		require.Less(tb, m.Sentence, len(res.Document.Sentences))
	}
	for _, ev := range res.Events {
		assert.Greater(tb, ev.Confidence, 0.0)
		assert.LessOrEqual(tb, ev.Confidence, 1.0)
		for _, e := range ev.Evidence {
			require.True(tb, e.Span.End <= len(text) && e.Sentence.End <= len(text), "%+v", e)
			assert.Equal(tb, text[e.Span.Start:e.Span.End], e.Text, "evidence %s %s", e.Field, e.Rule)
			assert.True(tb, e.Sentence.Start <= e.Span.Start && e.Span.End <= e.Sentence.End, "evidence %s outside its sentence", e.Field)
			assert.NotEmpty(tb, e.Rule)
		}
	}
}

// TestExtractor_DevSetSpans checks the span invariant on every dev-set
// article.
func TestExtractor_DevSetSpans(t *testing.T) {
	shared := sharedDir(t)
	x := newTestExtractor(t, Options{})
	for _, a := range devArticles(t, shared) {
		t.Run(a.SourceID, func(t *testing.T) {
			res, err := x.Extract(context.Background(), a)
			require.NoError(t, err)
			assertSpans(t, a.Text, res)
		})
	}
}
