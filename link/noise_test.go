package link

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/internal/corpustest"
)

// noisyShare is the share of events each kind of noise touches.
const noisyShare = 0.3

// noise spoils an event the way extraction does; it may return an extra,
// spurious event of the same article. others are all the gold events.
type noise func(r *rand.Rand, e *Event, others []Event) []Event

// TestLink_noisyGold links the development corpus's gold events spoiled
// one kind at a time, as extraction spoils them (a year lost or wrong, a
// date lost or replaced by the publication day, groups lost, a count
// misread, a spurious event), 20 seeded draws each, and guards the
// linking F1 under each. The floors are the F1 measured once the rules for
// noisy events were in (undated counts, small counts, mistyped years,
// announcements, a misread group on a matching day): 0.989, 0.968, 0.930,
// 0.946, 0.902, 0.963, 0.812, 0.786 and 0.976 in the order below, less 0.03 (no noise: the 0.95 the linker
// must keep). Before those rules: 0.973, 0.958, 0.862, 0.916, 0.889,
// 0.949, 0.801, 0.766 and 0.960.
func TestLink_noisyGold(t *testing.T) {
	corpus := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "operations.jsonl")); err != nil {
		corpustest.Skip(t, "../shared/corpus is absent")
	}
	events, goldOp := goldCorpus(t, corpus)
	year := func(d string) (int, bool) {
		y, err := strconv.Atoi(d[:min(4, len(d))])
		return y, err == nil
	}
	tests := []struct {
		name  string
		floor float64
		spoil noise
	}{
		{"no noise", 0.95, nil},
		{"year lost (XXXX)", 0.938, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if _, ok := year(e.Date); ok && len(e.Date) >= 7 && r.Float64() < noisyShare {
				e.Date = "XXXX" + e.Date[4:]
			}
			return nil
		}},
		{"year off by one", 0.90, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if y, ok := year(e.Date); ok && r.Float64() < noisyShare {
				e.Date = strconv.Itoa(y+1-2*r.IntN(2)) + e.Date[4:]
			}
			return nil
		}},
		{"date lost", 0.916, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if r.Float64() < noisyShare {
				e.Date = ""
			}
			return nil
		}},
		{"date is the publication day", 0.872, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if e.Published != "" && e.Date != "" && r.Float64() < noisyShare {
				e.Date = e.Published[:10]
			}
			return nil
		}},
		{"one group lost", 0.933, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if len(e.Counts) >= 2 && r.Float64() < noisyShare {
				delete(e.Counts, slices.Sorted(maps.Keys(e.Counts))[r.IntN(len(e.Counts))])
			}
			return nil
		}},
		{"all counts lost", 0.782, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if r.Float64() < noisyShare {
				clear(e.Counts)
			}
			return nil
		}},
		{"one count misread by 1 to 3", 0.756, func(r *rand.Rand, e *Event, _ []Event) []Event {
			if len(e.Counts) > 0 && r.Float64() < noisyShare {
				e.Counts[slices.Sorted(maps.Keys(e.Counts))[r.IntN(len(e.Counts))]] += 1 + r.IntN(3)
			}
			return nil
		}},
		{"a spurious event beside", 0.946, func(r *rand.Rand, e *Event, others []Event) []Event {
			if r.Float64() >= noisyShare {
				return nil
			}
			// Another event's date and counts, told in this article.
			o := others[r.IntN(len(others))]
			x := *e
			x.Key += "+spurious"
			x.Date, x.Counts, x.Operation = o.Date, maps.Clone(o.Counts), ""
			return []Event{x}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s pairScore
			for seed := range 20 {
				r := rand.New(rand.NewPCG(uint64(seed), 7))
				var noisy []Event
				for _, e := range events {
					e.Counts = maps.Clone(e.Counts)
					if tc.spoil != nil && !e.Aggregate {
						noisy = append(noisy, tc.spoil(r, &e, events)...)
					}
					noisy = append(noisy, e)
				}
				s.add(events, goldOp, Link(noisy, nil, Constraints{}))
			}
			t.Logf("%s: %s", tc.name, s)
			assert.GreaterOrEqual(t, s.f1(), tc.floor)
		})
	}
}

// goldCorpus reads the corpus's gold events as linking input, keyed
// ARTICLE#INDEX, with their articles' publication dates, and the gold
// operation of each event some operation lists.
func goldCorpus(t *testing.T, corpus string) ([]Event, map[string]string) {
	t.Helper()
	gold := map[string][]extract.GoldEvent{}
	for _, p := range []string{"gold.jsonl", filepath.Join("seeds", "gold.jsonl")} {
		m, err := extract.ReadGoldFile(filepath.Join(corpus, p))
		require.NoError(t, err)
		maps.Copy(gold, m)
	}
	published := map[string]string{}
	inputs := []string{filepath.Join(corpus, "articles.jsonl"), filepath.Join(corpus, "seeds")}
	for a, err := range ingest.Read(context.Background(), inputs, ingest.Options{}) {
		if errors.Is(err, ingest.ErrUnsupported) || errors.Is(err, ingest.ErrNotArticle) {
			continue
		}
		require.NoError(t, err)
		published[a.SourceID] = a.Published
	}
	ops, err := ReadGoldOperations(filepath.Join(corpus, "operations.jsonl"))
	require.NoError(t, err)
	goldOp := map[string]string{}
	for _, op := range ops {
		for _, m := range op.Members {
			goldOp[fmt.Sprintf("%s#%d", m.Article, m.Event)] = op.Op
		}
	}
	var events []Event
	for _, id := range slices.Sorted(maps.Keys(gold)) {
		for i, g := range gold[id] {
			events = append(events, Event{Key: fmt.Sprintf("%s#%d", id, i), Article: id, Published: published[id],
				Country: g.Country, From: g.From, Date: g.Date, Counts: g.Counts, Qualifiers: g.Qualifiers,
				Operation: g.Operation, Aggregate: g.Aggregate})
		}
	}
	return events, goldOp
}

// pairScore tallies pairs of gold events (one country, different
// articles) that the gold links and that linking links, as ScoreLinks
// does but by key: the noisy events keep their gold events' keys.
type pairScore struct{ tp, fp, fn int }

func (s *pairScore) add(events []Event, goldOp map[string]string, ops []Operation) {
	opOf := map[string]string{}
	for _, op := range ops {
		for _, m := range op.Members {
			opOf[m] = op.ID
		}
	}
	for x, a := range events {
		for _, b := range events[x+1:] {
			if a.Article == b.Article || a.Country != b.Country || a.Aggregate || b.Aggregate {
				continue
			}
			g := goldOp[a.Key] != "" && goldOp[a.Key] == goldOp[b.Key]
			l := opOf[a.Key] != "" && opOf[a.Key] == opOf[b.Key]
			switch {
			case g && l:
				s.tp++
			case l:
				s.fp++
			case g:
				s.fn++
			}
		}
	}
}

func (s pairScore) f1() float64 { return 2 * float64(s.tp) / float64(2*s.tp+s.fp+s.fn) }

func (s pairScore) String() string {
	return fmt.Sprintf("tp %d fp %d fn %d  P %.3f R %.3f F1 %.3f", s.tp, s.fp, s.fn,
		float64(s.tp)/float64(s.tp+s.fp), float64(s.tp)/float64(s.tp+s.fn), s.f1())
}
