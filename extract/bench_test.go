package extract

import (
	"context"
	"testing"
)

// BenchmarkExtract extracts each golden fixture, with the prose model
// loaded once before the timed loop.
func BenchmarkExtract(b *testing.B) {
	x := newTestExtractor(b, Options{})
	for _, name := range fixtureNames(b) {
		a := loadFixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(a.Text)))
			for b.Loop() {
				if _, err := x.Extract(context.Background(), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExtractDevSet extracts the whole shared dev set per iteration,
// with and without prose.
func BenchmarkExtractDevSet(b *testing.B) {
	shared := sharedDir(b)
	articles := devArticles(b, shared)
	var n int64
	for _, a := range articles {
		n += int64(len(a.Text))
	}
	for _, bc := range []struct {
		name string
		opts Options
	}{{"ner", Options{}}, {"no_ner", Options{NoNER: true}}} {
		x := newTestExtractor(b, bc.opts)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(n)
			for b.Loop() {
				for _, a := range articles {
					if _, err := x.Extract(context.Background(), a); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(articles)*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
