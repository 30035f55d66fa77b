package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadJSONL measures streaming news-please JSONL into Articles.
func BenchmarkReadJSONL(b *testing.B) {
	const n = 1000
	body := strings.Repeat("Officials said the group of women and children was flown home on Tuesday. ", 40)
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, `{"id": "a-%d", "url": "https://example.org/%d", "title": "T", "date_publish": "2021-01-02", "maintext": %q}`+"\n", i, i, body)
	}
	path := filepath.Join(b.TempDir(), "articles.jsonl")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		count := 0
		for _, err := range Read(context.Background(), []string{path}, Options{}) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("read %d articles, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
