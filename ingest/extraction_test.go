package ingest

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// benchDir is the article-extraction benchmark beside the module
// (../shared from the module root); tests skip when it is absent.
const benchDir = "../../shared/benchmarks/article-extraction"

// benchPage is one benchmark page and its gold main text.
type benchPage struct {
	id, url string
	html    []byte
	gold    string
}

func loadBenchmark(tb testing.TB) []benchPage {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(benchDir, "ground-truth.json"))
	if os.IsNotExist(err) {
		tb.Skipf("no article-extraction benchmark at %s", benchDir)
	}
	require.NoError(tb, err)
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	require.NoError(tb, json.Unmarshal(data, &truth))
	var pages []benchPage
	for id, t := range truth {
		f, err := os.Open(filepath.Join(benchDir, "html", id+".html.gz"))
		require.NoError(tb, err)
		zr, err := gzip.NewReader(f)
		require.NoError(tb, err)
		raw, err := io.ReadAll(zr)
		require.NoError(tb, err)
		require.NoError(tb, f.Close())
		pages = append(pages, benchPage{id: id, url: t.URL, html: raw, gold: t.ArticleBody})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].id < pages[j].id })
	return pages
}

// wordRe is Python's Unicode \w, which the benchmark tokenises with.
var wordRe = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// shingles returns the multiset of 4-token shingles of s.
func shingles(s string) map[string]int {
	toks := wordRe.FindAllString(s, -1)
	out := map[string]int{}
	for i := 0; i+4 <= len(toks); i++ {
		out[strings.Join(toks[i:i+4], "\x00")]++
	}
	return out
}

// extractionScore is the benchmark's metric: per-document shingle precision
// and recall, averaged over documents (skipping documents with no predicted
// shingles for precision and no gold shingles for recall), and F1 of the
// two means.
type extractionScore struct {
	P, R, F1 float64
}

func scoreExtraction(gold, pred []string) extractionScore {
	var sumP, sumR float64
	var nP, nR int
	for i := range gold {
		g, p := shingles(gold[i]), shingles(pred[i])
		var tp, fp, fn int
		for k, c := range p {
			m := min(c, g[k])
			tp += m
			fp += c - m
		}
		for k, c := range g {
			fn += max(0, c-p[k])
		}
		if tp+fp > 0 {
			sumP += float64(tp) / float64(tp+fp)
			nP++
		}
		if tp+fn > 0 {
			sumR += float64(tp) / float64(tp+fn)
			nR++
		}
	}
	var s extractionScore
	if nP > 0 {
		s.P = sumP / float64(nP)
	}
	if nR > 0 {
		s.R = sumR / float64(nR)
	}
	if s.P+s.R > 0 {
		s.F1 = 2 * s.P * s.R / (s.P + s.R)
	}
	return s
}

func TestScoreExtraction(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred []string
		want       extractionScore
	}{
		{"exact copy", []string{"one two three four five"}, []string{"one two three four five"}, extractionScore{1, 1, 1}},
		{"half the shingles", []string{"a b c d e f"}, []string{"a b c d"}, extractionScore{1, 1.0 / 3, 0.5}},
		{"nothing predicted", []string{"a b c d e"}, []string{""}, extractionScore{0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scoreExtraction(tc.gold, tc.pred)
			assert.InDelta(t, tc.want.P, got.P, 1e-9)
			assert.InDelta(t, tc.want.R, got.R, 1e-9)
			assert.InDelta(t, tc.want.F1, got.F1, 1e-9)
		})
	}
}

// TestParseHTML_Benchmark scores ParseHTML's Text on the article-extraction
// benchmark and fails below the floor. Run it alone with
//
//	go test ./ingest -run TestParseHTML_Benchmark -v
func TestParseHTML_Benchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("181 pages: skipped with -short")
	}
	pages := loadBenchmark(t)
	gold := make([]string, len(pages))
	pred := make([]string, len(pages))
	var paras, located int
	start := time.Now()
	for i, p := range pages {
		gold[i] = p.gold
		a, err := ParseHTML(p.html, HTMLOptions{URL: p.url})
		if err != nil {
			t.Logf("%s: %v", p.id, err)
			continue
		}
		pred[i] = a.Text
		for _, para := range a.Paragraphs {
			paras++
			if para.Path != "" {
				located++
			}
		}
	}
	elapsed := time.Since(start)
	s := scoreExtraction(gold, pred)
	t.Logf("article-extraction benchmark: %d pages, F1 %.3f (P %.3f, R %.3f), %.1f pages/s; %d of %d paragraphs located",
		len(pages), s.F1, s.P, s.R, float64(len(pages))/elapsed.Seconds(), located, paras)
	assert.GreaterOrEqual(t, s.F1, 0.955, "main-text F1 fell below the floor")
	assert.GreaterOrEqual(t, float64(located), 0.97*float64(paras), "too few paragraphs located in the page")
}

// BenchmarkParseHTML measures pages per second over the benchmark pages.
func BenchmarkParseHTML(b *testing.B) {
	pages := loadBenchmark(b)
	var size int
	for _, p := range pages {
		size += len(p.html)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size / len(pages)))
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		_, _ = ParseHTML(p.html, HTMLOptions{URL: p.url})
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
