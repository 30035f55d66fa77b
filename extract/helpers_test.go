package extract

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/internal/corpustest"
)

// sharedDir returns the shared corpus folder: $NEWSFACTS_SHARED, else
// ../shared next to the module root. It skips the test when absent.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("NEWSFACTS_SHARED"); d != "" {
		if _, err := os.Stat(d); err == nil {
			return d
		}
		tb.Skipf("NEWSFACTS_SHARED=%s not found", d)
	}
	dir, err := filepath.Abs(".")
	require.NoError(tb, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "corpus", "articles.jsonl")); err != nil {
		corpustest.Skip(tb, "shared corpus not found at %s", shared)
	}
	return shared
}

// devArticles reads the dev set: articles.jsonl and the plain-text seeds.
func devArticles(tb testing.TB, shared string) []ingest.Article {
	tb.Helper()
	inputs := []string{filepath.Join(shared, "corpus", "articles.jsonl")}
	seeds, err := filepath.Glob(filepath.Join(shared, "corpus", "seeds", "*.txt"))
	require.NoError(tb, err)
	inputs = append(inputs, seeds...)
	var out []ingest.Article
	for a, err := range ingest.Read(context.Background(), inputs, ingest.Options{}) {
		require.NoError(tb, err)
		out = append(out, a)
	}
	require.NotEmpty(tb, out)
	return out
}

// devGold reads the dev set's gold: gold.jsonl and seeds/gold.jsonl.
func devGold(tb testing.TB, shared string) map[string][]GoldEvent {
	tb.Helper()
	gold, err := ReadGoldFile(filepath.Join(shared, "corpus", "gold.jsonl"))
	require.NoError(tb, err)
	seeds, err := ReadGoldFile(filepath.Join(shared, "corpus", "seeds", "gold.jsonl"))
	require.NoError(tb, err)
	for k, v := range seeds {
		gold[k] = v
	}
	return gold
}

// newTestExtractor builds an Extractor once per test.
func newTestExtractor(tb testing.TB, opts Options) *Extractor {
	tb.Helper()
	x, err := New(opts)
	require.NoError(tb, err)
	return x
}

// extractAll runs x over articles and keys the events by source id.
func extractAll(tb testing.TB, x *Extractor, articles []ingest.Article) map[string][]Event {
	tb.Helper()
	out := map[string][]Event{}
	for _, a := range articles {
		res, err := x.Extract(context.Background(), a)
		require.NoError(tb, err, a.SourceID)
		out[a.SourceID] = res.Events
	}
	return out
}
