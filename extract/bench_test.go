package extract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

// BenchmarkExtract extracts each golden fixture with the default options
// (no prose NER).
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
// without prose (the default) and with it, its model loaded before the
// timed loop.
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
	}{{"no_ner", Options{}}, {"ner", Options{NER: true}}} {
		x := newTestExtractor(b, bc.opts)
		b.Run(bc.name, func(b *testing.B) {
			if bc.opts.NER {
				_, err := x.loadNER()
				require.NoError(b, err)
			}
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

// stageFixture is a golden fixture taken through the pipeline up to the
// stage a benchmark times.
type stageFixture struct {
	a     ingest.Article
	pub   time.Time
	spans []Span
	sents []*sentence
	parts []*partial
	main  mainCountryRef
	hold  *fromHit
	held  *sentence
}

// loadStageFixtures prepares every golden fixture with x, outside any
// timed loop, and returns them with their total text length in bytes.
func loadStageFixtures(b *testing.B, x *Extractor) ([]stageFixture, int64) {
	b.Helper()
	var out []stageFixture
	var n int64
	for _, name := range fixtureNames(b) {
		f := stageFixture{a: loadFixture(b, name)}
		if f.a.Published != "" {
			var err error
			f.pub, err = time.Parse("2006-01-02", f.a.Published)
			require.NoError(b, err)
		}
		f.spans = splitSentences(f.a.Text)
		f.sents, _ = x.prepare(f.a, f.spans)
		f.main = x.mainCountry(f.sents)
		parts, _, err := x.partials(f.sents, f.pub)
		require.NoError(b, err)
		glossOperations(parts)
		f.parts = parts
		f.hold, f.held = x.heldIn(f.sents)
		out = append(out, f)
		n += int64(len(f.a.Text))
	}
	return out, n
}

// BenchmarkStage times each step of Extract on its own over all golden
// fixtures: sentence splitting, tokenizing, gazetteer and trigger
// matching, number parsing, counts, dates, prose NER on the sentences
// that report a transfer, the per-sentence rules, and event assembly.
// Compare with BenchmarkExtract for the whole.
func BenchmarkStage(b *testing.B) {
	x := newTestExtractor(b, Options{NER: true})
	fixtures, n := loadStageFixtures(b, x)
	stages := []struct {
		name string
		run  func(f *stageFixture) error
	}{
		{"split", func(f *stageFixture) error {
			splitSentences(f.a.Text)
			return nil
		}},
		{"tokenize", func(f *stageFixture) error {
			for i, sp := range f.spans {
				newSentence(f.a.Text, i, sp)
			}
			return nil
		}},
		{"gazetteer", func(f *stageFixture) error {
			for _, s := range f.sents {
				s.orgs, s.countries = s.orgs[:0], s.countries[:0]
				s.findOrgs(x.orgs, x.countries)
				s.findCountries(x.countries)
			}
			return nil
		}},
		{"triggers", func(f *stageFixture) error {
			for _, s := range f.sents {
				s.triggers = s.triggers[:0]
				s.findTriggers()
			}
			return nil
		}},
		{"numbers", func(f *stageFixture) error {
			for _, s := range f.sents {
				for i := range s.low {
					parseNumber(s.low, i)
				}
			}
			return nil
		}},
		{"counts", func(f *stageFixture) error {
			for _, s := range f.sents {
				s.matchCounts()
			}
			return nil
		}},
		{"dates", func(f *stageFixture) error {
			// matchDates, not findDates, which answers from the
			// sentence's memo after the first round.
			for _, s := range f.sents {
				x.matchDates(s, f.pub)
			}
			return nil
		}},
		{"ner", func(f *stageFixture) error {
			// As Extract: prose proposes organisations only where a helper
			// cue names words no gazetteer covers.
			for _, s := range f.sents {
				if x.hasPartnerCue(s) && x.needsNER(s) {
					if err := x.nerOrgs(s); err != nil {
						return err
					}
				}
			}
			return nil
		}},
		{"partials_no_ner", func(f *stageFixture) error {
			ner := x.opts.NER
			x.opts.NER = false
			defer func() { x.opts.NER = ner }()
			_, _, err := x.partials(f.sents, f.pub)
			return err
		}},
		{"assemble", func(f *stageFixture) error {
			assemble(f.parts, f.main, f.hold, f.held)
			return nil
		}},
	}
	for _, st := range stages {
		b.Run(st.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(n)
			for b.Loop() {
				for k := range fixtures {
					if err := st.run(&fixtures[k]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
