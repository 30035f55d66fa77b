package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/link"
	"github.com/newsfacts/newsfacts/store"
)

// opsEvalFlags are eval's flags for scoring operations.
type opsEvalFlags struct {
	operations string
	goldEvents bool
}

func addOpsEvalFlags(fs *flag.FlagSet) *opsEvalFlags {
	o := &opsEvalFlags{}
	fs.StringVar(&o.operations, "operations", "", "also score linking against this operations.jsonl `FILE` (as score_ops.py does)")
	fs.BoolVar(&o.goldEvents, "gold-events", false, "with --operations: link the gold events themselves, to measure the linker alone")
	return o
}

// goldLinkEvents turns gold events into linking input, keyed ARTICLE#INDEX
// as score_ops.py names them, with each article's publication date.
func goldLinkEvents(gold map[string][]extract.GoldEvent, published map[string]string) []link.Event {
	var out []link.Event
	for _, id := range slices.Sorted(maps.Keys(gold)) {
		for i, g := range gold[id] {
			out = append(out, link.Event{
				Key: fmt.Sprintf("%s#%d", id, i), Article: id, Published: published[id],
				Country: g.Country, From: g.From, Date: g.Date, Counts: g.Counts, Qualifiers: g.Qualifiers,
				Operation: g.Operation, Aggregate: g.Aggregate,
			})
		}
	}
	return out
}

// publishedDates reads the publication date of every article in inputs,
// by source id, without extracting anything.
func publishedDates(ctx context.Context, inputs []string) (map[string]string, error) {
	out := map[string]string{}
	for a, err := range ingest.Read(ctx, inputs, ingest.Options{}) {
		switch {
		case errors.Is(err, ingest.ErrUnsupported), errors.Is(err, ingest.ErrNotArticle):
			continue // skipped by ingest too (say, a gold.jsonl beside the articles)
		case err != nil:
			return nil, err
		}
		out[a.SourceID] = a.Published
	}
	return out, nil
}

// scoreGoldLinking links the gold events and scores the result.
func scoreGoldLinking(ops []link.GoldOperation, gold map[string][]extract.GoldEvent, published map[string]string) link.Score {
	evs := goldLinkEvents(gold, published)
	opOf := map[string]string{}
	for _, op := range link.Link(evs, nil, link.Constraints{}) {
		for _, m := range op.Members {
			opOf[m] = op.ID
		}
	}
	var sys []link.ScoredEvent
	for _, e := range evs {
		sys = append(sys, link.ScoredEvent{SourceID: e.Article, Country: e.Country, From: e.From, Date: e.Date,
			Counts: e.Counts, Aggregate: e.Aggregate, OperationID: opOf[e.Key]})
	}
	return link.ScoreLinks(ops, gold, sys)
}

// scoreStoredLinking scores the operations of the stored events, as
// exported, against the gold.
func scoreStoredLinking(ops []link.GoldOperation, gold map[string][]extract.GoldEvent, facts []store.Fact) link.Score {
	var sys []link.ScoredEvent
	for _, f := range facts {
		id := goldID(f.Article, gold)
		if id == "" {
			continue
		}
		ev := f.Current()
		sys = append(sys, link.ScoredEvent{SourceID: id, Country: ev.Country, From: ev.From, Date: ev.Date,
			Counts: ev.Counts, Aggregate: ev.Aggregate, OperationID: f.Operation})
	}
	return link.ScoreLinks(ops, gold, sys)
}

// printLinkScore prints the linking score under the extraction score.
func printLinkScore(w io.Writer, s link.Score, what string, asJSON, showErrors bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Operations link.Score `json:"operations"`
			Linked     string     `json:"linked"`
		}{s, what})
	}
	fmt.Fprintf(w, "\noperations (%s events)\n%s\n", what, s)
	if showErrors {
		for _, e := range s.Errors {
			fmt.Fprintf(w, "%s\t%s\t%s\n", e.What, e.A, e.B)
		}
	}
	return nil
}

// evalOperations scores linking: of the gold events (--gold-events) or of
// the stored events, linked as ingest links them.
func evalOperations(ctx context.Context, gold map[string][]extract.GoldEvent, facts []store.Fact,
	articles []string, o opsEvalFlags, w io.Writer, asJSON, showErrors bool) error {
	ops, err := link.ReadGoldOperations(o.operations)
	if err != nil {
		return err
	}
	if o.goldEvents {
		if len(articles) == 0 {
			return usageError{"eval: --gold-events needs --articles (for the publication dates)"}
		}
		pub, err := publishedDates(ctx, articles)
		if err != nil {
			return err
		}
		return printLinkScore(w, scoreGoldLinking(ops, gold, pub), "gold", asJSON, showErrors)
	}
	return printLinkScore(w, scoreStoredLinking(ops, gold, facts), "extracted", asJSON, showErrors)
}
