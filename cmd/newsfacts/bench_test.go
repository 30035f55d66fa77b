package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// BenchmarkIngest runs the whole pipeline (JSONL in, events with evidence
// in SQLite out) over the bundled sample articles repeated with fresh ids.
// "make throughput" does the same at scale on the development corpus.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	var sample []ingest.Article
	for a, err := range ingest.Read(ctx, []string{sampleDir}, ingest.Options{Published: "2024-03-15"}) {
		if err != nil {
			b.Fatal(err)
		}
		sample = append(sample, a)
	}
	const n = 500
	path := filepath.Join(b.TempDir(), "articles.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	enc := json.NewEncoder(f)
	var bytes int64
	for i := range n {
		a := sample[i%len(sample)]
		bytes += int64(len(a.Text))
		if err := enc.Encode(map[string]any{"id": fmt.Sprintf("%s-%d", a.SourceID, i), "title": a.Title,
			"date_publish": a.Published, "url": a.URL, "maintext": a.Text}); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e := env{stdout: io.Discard, stderr: io.Discard}
	b.ReportAllocs()
	b.SetBytes(bytes)
	round := 0
	for b.Loop() {
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", round)))
		if err != nil {
			b.Fatal(err)
		}
		round++
		st, err := ingestAll(ctx, db, x, []string{path}, ingest.Options{}, 2, e, true)
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		if st.new != n {
			b.Fatalf("stored %d new articles, want %d", st.new, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
}
