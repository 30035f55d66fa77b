package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// nerFlags adds --ner, which turns prose's named-entity recogniser on, and
// --no-ner, the default since NER became opt-in, still accepted so that
// scripts that pass it keep working. The returned func reads them after
// parsing and, with --ner, raises the soft memory limit for prose's models
// (raiseMemoryLimitForNER).
func nerFlags(fs *flag.FlagSet) func() (bool, error) {
	ner := fs.Bool("ner", false, "also propose organisations with prose's named-entity recogniser (slower, about 120 MB more memory; see README)")
	noNER := fs.Bool("no-ner", false, "no named-entity recognition: the default, accepted for older scripts")
	return func() (bool, error) {
		if *ner && *noNER {
			return false, usageError{"--ner and --no-ner exclude each other"}
		}
		if *ner {
			raiseMemoryLimitForNER()
		}
		return *ner, nil
	}
}

// modelFlags adds the flags that choose how extraction decides: another
// model file, or the rules alone.
func modelFlags(fs *flag.FlagSet) func(ner bool) (extract.Options, error) {
	path := fs.String("model", "", "decide with the model in `FILE` (from \"newsfacts train\") instead of the built-in one")
	rulesOnly := fs.Bool("rules-only", false, "keep the events as the rules assemble them, with no model (the baseline)")
	return func(ner bool) (extract.Options, error) {
		opts := extract.Options{NER: ner, RulesOnly: *rulesOnly}
		if *path != "" {
			if *rulesOnly {
				return opts, usageError{"--model and --rules-only exclude each other"}
			}
			m, err := extract.ReadModelFile(*path)
			if err != nil {
				return opts, err
			}
			opts.Model = m
		}
		return opts, nil
	}
}

// readGolds reads and merges gold files.
func readGolds(paths []string) (map[string][]extract.GoldEvent, error) {
	gold := map[string][]extract.GoldEvent{}
	for _, g := range paths {
		m, err := extract.ReadGoldFile(g)
		if err != nil {
			return nil, err
		}
		for id, evs := range m {
			gold[id] = evs
		}
	}
	return gold, nil
}

// examples proposes candidates for every article of inputs that the gold
// covers, in source id order.
func examples(ctx context.Context, x *extract.Extractor, inputs []string, gold map[string][]extract.GoldEvent) ([]extract.Example, error) {
	var out []extract.Example
	for a, err := range ingest.Read(ctx, inputs, ingest.Options{}) {
		if err != nil {
			if ctx.Err() != nil {
				return nil, errInterrupted
			}
			continue // not an article (a gold file beside them, say)
		}
		id := a.SourceID
		if _, ok := gold[id]; !ok {
			id = filepath.Base(a.SourceID)
		}
		g, ok := gold[id]
		if !ok {
			continue
		}
		p, err := x.Propose(ctx, a)
		if err != nil {
			return nil, err
		}
		p.SourceID = id
		out = append(out, extract.Example{Proposal: p, Gold: g})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Proposal.SourceID < out[j].Proposal.SourceID })
	if len(out) == 0 {
		return nil, fmt.Errorf("no article of %v has gold events", inputs)
	}
	return out, nil
}

// reviewedExamples turns a database's review decisions into training
// examples: each article whose events were all decided (and none is
// stale) is one, its accepted and corrected events as the gold.
func reviewedExamples(ctx context.Context, x *extract.Extractor, path string) ([]extract.Example, error) {
	db, err := openExisting(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	facts, err := db.Facts(ctx, store.Filter{})
	if err != nil {
		return nil, err
	}
	byArticle := map[string][]store.Fact{}
	var keys []string
	for _, f := range facts {
		if _, ok := byArticle[f.Article.Key]; !ok {
			keys = append(keys, f.Article.Key)
		}
		byArticle[f.Article.Key] = append(byArticle[f.Article.Key], f)
	}
	sort.Strings(keys)
	var out []extract.Example
	for _, key := range keys {
		gold := []extract.GoldEvent{}
		decided := true
		for _, f := range byArticle[key] {
			switch {
			case f.Review == nil || f.Review.Stale:
				decided = false
			case f.Review.Status == store.StatusAccepted, f.Review.Status == store.StatusCorrected:
				gold = append(gold, extract.GoldOf(f.Current()))
			}
		}
		if !decided {
			continue
		}
		a, err := db.Article(ctx, key)
		if err != nil {
			return nil, err
		}
		p, err := x.Propose(ctx, a.Article)
		if err != nil {
			return nil, err
		}
		p.SourceID = "review:" + a.Article.SourceID
		out = append(out, extract.Example{Proposal: p, Gold: gold})
	}
	return out, nil
}

func runTrain(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("newsfacts train", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var golds, articles listFlag
	fs.Var(&golds, "gold", "gold events `FILE` (JSONL, one article a line); repeatable")
	fs.Var(&articles, "articles", "articles (file or folder) the gold describes; repeatable")
	out := fs.String("out", "newsfacts-model.json", "write the model to `FILE`")
	var dbs listFlag
	fs.Var(&dbs, "db", "also learn from the reviewed events of this database (`PATH`): an article all of whose events were decided is an example; repeatable")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newsfacts train [--gold GOLD.jsonl --articles PATH]... [--db REVIEWED.db]... [--out FILE]\n\n"+
			"Trains the model that decides which proposed values stand, deterministically.\n"+
			"\"newsfacts ingest --model FILE\" uses it; make model rebuilds the built-in one.\n\n")
		fs.PrintDefaults()
	}
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if (len(golds) == 0) != (len(articles) == 0) || len(golds) == 0 && len(dbs) == 0 {
		return usageError{"train: give --gold FILE with --articles PATH, or --db PATH, or both"}
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		return err
	}
	var exs []extract.Example
	if len(golds) > 0 {
		gold, err := readGolds(golds)
		if err != nil {
			return err
		}
		if exs, err = examples(ctx, x, articles, gold); err != nil {
			return err
		}
	}
	for _, path := range dbs {
		reviewed, err := reviewedExamples(ctx, x, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%s: %d reviewed articles\n", path, len(reviewed))
		exs = append(exs, reviewed...)
	}
	if len(exs) == 0 {
		return errors.New("train: no examples: no gold article was found, and no article has all its events decided")
	}
	m := extract.Train(exs, extract.TrainOptions{})
	// Written like an export: whole or not at all, through a device.
	f, err := createOut(*out)
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	defer f.abort() // nothing after commit
	if err := m.Write(f); err != nil {
		return fmt.Errorf("write model %s: %w", *out, err)
	}
	if err := f.commit(); err != nil {
		return fmt.Errorf("write model %s: %w", *out, err)
	}
	fmt.Fprintf(e.stderr, "trained on %s: %d weights, written to %s\n", m.Trained, len(m.Weights), *out)
	return nil
}
