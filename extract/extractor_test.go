package extract

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

// TestExtractor_Concurrent shares one Extractor, and so one prose model,
// between goroutines; run with -race. Results must not depend on
// scheduling.
func TestExtractor_Concurrent(t *testing.T) {
	x := newTestExtractor(t, Options{NER: true})
	var articles []ingest.Article
	for _, name := range fixtureNames(t) {
		articles = append(articles, loadFixture(t, name))
	}
	want := map[string][]Event{}
	for _, a := range articles {
		res, err := x.Extract(context.Background(), a)
		require.NoError(t, err)
		want[a.SourceID] = res.Events
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(articles))
	got := make([]map[string][]Event, 4)
	for g := range got {
		got[g] = map[string][]Event{}
		wg.Add(1)
		go func(m map[string][]Event) {
			defer wg.Done()
			for _, a := range articles {
				res, err := x.Extract(context.Background(), a)
				if err != nil {
					errs <- err
					return
				}
				m[a.SourceID] = res.Events
			}
		}(got[g])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, m := range got {
		assert.Equal(t, want, m)
	}
}

func TestExtractor_Extract_Inputs(t *testing.T) {
	x := newTestExtractor(t, Options{})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := x.Extract(ctx, ingest.Article{Text: "Kosovo repatriated 110 citizens."})
		assert.ErrorIs(t, err, context.Canceled)
	})
	t.Run("bad publication date", func(t *testing.T) {
		_, err := x.Extract(context.Background(), ingest.Article{SourceID: "x", Text: "Kosovo repatriated 110 citizens.", Published: "21 April"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "x")
	})
	t.Run("empty text", func(t *testing.T) {
		res, err := x.Extract(context.Background(), ingest.Article{})
		require.NoError(t, err)
		assert.Empty(t, res.Events)
		assert.Empty(t, res.Document.Sentences)
	})
	t.Run("curly quotes and multibyte text", func(t *testing.T) {
		text := "PRISHTINË — “Kosovo has repatriated 32 women and 74 children,” said minister Xhelal Sveçla on Saturday.\nThe ministry thanked the ‘Kurdish-led administration’ for its cooperation."
		evs := extractText(t, x, text, "2021-07-05")
		require.Len(t, evs, 1)
		assert.Equal(t, "XK", evs[0].Country)
		assert.Equal(t, map[string]int{"women": 32, "children": 74}, evs[0].Counts)
		assert.Equal(t, "2021-07-03", evs[0].Date)
		assert.Equal(t, []Partner{{ID: "AANES", Name: "Kurdish-led administration"}}, evs[0].Partners)
	})
}

func TestExtractor_Tokens(t *testing.T) {
	x := newTestExtractor(t, Options{})
	text := "“Thirty-one women and 64 children were transferred,” the ministry said.\nShare"
	res, err := x.Extract(context.Background(), ingest.Article{Text: text})
	require.NoError(t, err)
	require.Len(t, res.Document.Sentences, 2)
	assert.Equal(t, "Share", res.Document.Sentences[1].Of(text))
	require.NotEmpty(t, res.Document.Tokens)
	for _, tok := range res.Document.Tokens {
		assert.Equal(t, text[tok.Start:tok.End], tok.Text)
	}
}

// TestExtractor_NEROptIn: prose's recogniser runs only when asked for. An
// acronym after a helper cue that no gazetteer lists becomes a partner
// with NER and not without.
func TestExtractor_NEROptIn(t *testing.T) {
	text := "Sudan repatriated 20 women from Libya on Sunday in close coordination with the NISS and UNICEF."
	for _, tc := range []struct {
		name string
		opts Options
		want []Partner
	}{
		{"default: gazetteers only", Options{}, []Partner{{ID: "UNICEF", Name: "UNICEF"}}},
		{"NER", Options{NER: true}, []Partner{{ID: "NISS", Name: "NISS"}, {ID: "UNICEF", Name: "UNICEF"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, newTestExtractor(t, tc.opts), text, "2024-03-15")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.want, evs[0].Partners)
		})
	}
}
