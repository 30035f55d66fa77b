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
	opsFlags := addOpsEvalFlags(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(golds) == 0 {
		return usageError{"eval: --gold FILE is required"}
	}
	gold := map[string][]extract.GoldEvent{}
	for _, g := range golds {
		m, err := extract.ReadGoldFile(g)
		if err != nil {
			return err
		}
		for id, evs := range m {
			gold[id] = evs
		}
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
	var err error
	if len(articles) > 0 {
		db, err = store.Open(ctx, path)
	} else {
		db, err = openExisting(ctx, path)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if len(articles) > 0 {
		x, err := extract.New(extract.Options{})
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
	if f1 := rep.Scores["all"].F1; *minF1 > 0 && f1 < *minF1 {
		fmt.Fprintf(e.stderr, "eval: overall F1 %.4f is below the floor %.4f\n", f1, *minF1)
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
