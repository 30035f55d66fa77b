package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func runEval(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("eval", e)
	var golds, articles listFlag
	fs.Var(&golds, "gold", "gold events `FILE` (JSONL, one article a line); repeatable")
	fs.Var(&articles, "articles", "ingest these articles (file or folder) first; repeatable. Without it, the database's events are scored")
	showErrors := fs.Bool("errors", false, "list every missed and spurious tuple with its article")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	minF1 := fs.Float64("min-f1", 0, "exit with status 1 when overall F1 is below this (a regression guard)")
	folds := fs.Int("folds", 0, "cross-validate: train on all folds but one, score the one left out, for each of `K` folds (needs --articles)")
	nerOn := nerFlags(fs)
	options := modelFlags(fs)
	opsFlags := addOpsEvalFlags(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(golds) == 0 {
		return usageError{"eval: --gold FILE is required"}
	}
	ner, err := nerOn()
	if err != nil {
		return err
	}
	opts, err := options(ner)
	if err != nil {
		return err
	}
	gold, err := readGolds(golds)
	if err != nil {
		return err
	}
	if *folds != 0 {
		if *folds < 2 || len(articles) == 0 {
			return usageError{"eval: --folds needs at least 2 folds and --articles"}
		}
		// Each fold trains its own model: another model file or none
		// would be ignored, so say so rather than print a figure that
		// is not what was asked for.
		if opts.RulesOnly || opts.Model != nil {
			return usageError{"eval: --folds trains its own models; drop --model and --rules-only (the rules alone score the same on every fold: use eval --rules-only)"}
		}
		return crossValidate(ctx, e, gold, articles, *folds, ner, *asJSON, *showErrors, *minF1)
	}

	dbSet := false
	fs.Visit(func(f *flag.Flag) { dbSet = dbSet || f.Name == "db" })
	path := *dbPath
	if len(articles) > 0 && !dbSet {
		// Scoring fresh articles should not touch the user's database.
		dir, err := os.MkdirTemp("", "newsfacts-eval-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "eval.db")
	}
	var db *store.DB
	if len(articles) > 0 {
		db, err = store.Open(ctx, path)
	} else {
		db, err = openForReading(ctx, path)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if len(articles) > 0 {
		x, err := extract.New(opts)
		if err != nil {
			return err
		}
		st, err := ingestAll(ctx, db, x, articles, ingest.Options{}, runtime.GOMAXPROCS(0), env{stdout: e.stdout, stderr: e.stderr}, true)
		if err != nil {
			return err
		}
		if len(st.failures) > 0 {
			return fmt.Errorf("eval: %d articles failed to ingest:\n  %s", len(st.failures), strings.Join(st.failures, "\n  "))
		}
		if _, err := db.Relink(ctx, false); err != nil {
			return err
		}
	}

	facts, err := db.Facts(ctx, store.Filter{})
	if err != nil {
		return err
	}
	pred := map[string][]extract.Event{}
	for _, f := range facts {
		if id := goldID(f.Article, gold); id != "" {
			pred[id] = append(pred[id], f.Current())
		}
	}
	rep := extract.Score(gold, pred)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprint(e.stdout, rep.Table())
		if *showErrors {
			fmt.Fprintln(e.stdout)
			for _, er := range rep.Errors {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", er.Article, er.What, er.Kind, er.Country, er.Value)
			}
		}
	}
	if opsFlags.operations != "" {
		if err := evalOperations(ctx, gold, facts, articles, *opsFlags, e.stdout, *asJSON, *showErrors); err != nil {
			return err
		}
	}
	return checkFloor(e, rep.Scores["all"].F1, *minF1)
}

// checkFloor fails a run whose overall F1 fell below the floor.
func checkFloor(e env, f1, floor float64) error {
	if floor > 0 && f1 < floor {
		fmt.Fprintf(e.stderr, "eval: overall F1 %.4f is below the floor %.4f\n", f1, floor)
		return errPartial
	}
	return nil
}

// goldID finds the gold article a stored article stands for, the way
// score.py does: by source id, by URL, or by the source id's base name.
func goldID(a store.ArticleRef, gold map[string][]extract.GoldEvent) string {
	for _, k := range []string{a.SourceID, a.URL, strings.TrimSuffix(filepath.Base(a.SourceID), filepath.Ext(a.SourceID))} {
		if _, ok := gold[k]; ok && k != "" {
			return k
		}
	}
	return ""
}

// crossValidate proposes candidates for every gold article once, then
// trains and scores a model per fold.
func crossValidate(ctx context.Context, e env, gold map[string][]extract.GoldEvent, articles []string, k int, ner, asJSON, showErrors bool, minF1 float64) error {
	x, err := extract.New(extract.Options{NER: ner})
	if err != nil {
		return err
	}
	exs, err := examples(ctx, x, articles, gold)
	if err != nil {
		return err
	}
	cv := extract.CrossValidate(exs, k, extract.TrainOptions{})
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cv); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "%d articles in %d folds, each scored by a model trained on the others\n\n", len(exs), k)
		// The mean scores come last: the line a reader or a script looks for.
		fmt.Fprintf(e.stdout, "events by confidence (right: a gold event of its country has all its counts and its date)\n%s\n", extract.ReliabilityTable(cv.Reliability))
		fmt.Fprint(e.stdout, cv.Table())
		if showErrors {
			fmt.Fprintln(e.stdout)
			for _, er := range cv.Pooled.Errors {
				fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", er.Article, er.What, er.Kind, er.Country, er.Value)
			}
		}
	}
	return checkFloor(e, cv.Mean["all"].F1, minF1)
}
