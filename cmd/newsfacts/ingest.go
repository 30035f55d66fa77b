package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// batchSize bounds how many articles go into one store transaction. Each
// article is still all-or-nothing; batching only saves fsyncs.
const batchSize = 64

// job is one input read: an article to extract, or the error reading it.
// seq keeps the input order through the worker pool.
type job struct {
	seq     int
	article ingest.Article
	err     error
	// Set by workers.
	result    *extract.Result
	unchanged bool
}

// ingestStats is the run summary.
type ingestStats struct {
	read, new, unchanged, updated, skipped, events, tokens int
	failures                                               []string
	start                                                  time.Time
}

func runIngest(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("ingest", e)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	noNER := fs.Bool("no-ner", false, "skip named-entity recognition (faster; gazetteers only)")
	quiet := fs.Bool("quiet", false, "print only failures and the summary")
	urlList := fs.String("urls", "", "read URLs to fetch from `FILE`, one a line (# starts a comment)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *urlList != "" {
		urls, err := ingest.URLList(*urlList)
		if err != nil {
			return usageError{fmt.Sprintf("ingest: --urls: %v", err)}
		}
		inputs = append(inputs, urls...)
	}
	if len(inputs) == 0 {
		return usageError{"ingest: no INPUT given (a file, a folder, a URL, or - for standard input)"}
	}
	if *published != "" {
		if _, err := time.Parse("2006-01-02", *published); err != nil {
			return usageError{fmt.Sprintf("ingest: --published %q is not a YYYY-MM-DD date", *published)}
		}
	}
	if *workers < 1 {
		return usageError{"ingest: --workers must be at least 1"}
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	x, err := extract.New(extract.Options{NoNER: *noNER})
	if err != nil {
		return err
	}
	opts := ingest.Options{
		Published: *published,
		Stdin:     e.stdin,
		Fetcher:   ingest.NewFetcher(ingest.FetchOptions{UserAgent: ingest.UserAgent(version)}),
	}
	if urls := urlInputs(inputs); len(urls) > 0 {
		// Ask servers whether pages fetched before have changed.
		if opts.Known, err = db.Validators(ctx, urls); err != nil {
			return err
		}
	}
	st, err := ingestAll(ctx, db, x, inputs, opts, *workers, e, *quiet)
	printSummary(e.stderr, st, ctx.Err() != nil)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	if err := linkOperations(ctx, db, e.stderr, false); err != nil {
		return err
	}
	if len(st.failures) > 0 {
		return errPartial
	}
	return nil
}

// ingestAll runs the pipeline: one reader, a pool of extractors, and one
// writer that saves results in input order, in batched transactions.
func ingestAll(ctx context.Context, db *store.DB, x *extract.Extractor, inputs []string, opts ingest.Options, workers int, e env, quiet bool) (*ingestStats, error) {
	st := &ingestStats{start: time.Now()}
	prog := newProgress(e.stderr, e.stderrIsTerminal && !quiet)
	defer prog.done()

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan *job, workers*2)
	done := make(chan *job, workers*2)

	g.Go(func() error {
		defer close(jobs)
		seq := 0
		for a, err := range ingest.Read(gctx, inputs, opts) {
			select {
			case jobs <- &job{seq: seq, article: a, err: err}:
				seq++
			case <-gctx.Done():
				return nil
			}
		}
		return nil
	})
	wg := errgroup.Group{}
	for range workers {
		wg.Go(func() error {
			for j := range jobs {
				if j.err == nil {
					work(gctx, db, x, j)
				}
				select {
				case done <- j:
				case <-gctx.Done():
					return nil
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		err := wg.Wait()
		close(done)
		return err
	})
	g.Go(func() error {
		return writeInOrder(gctx, db, done, st, prog, e.stderr)
	})
	err := g.Wait()
	if ctx.Err() != nil {
		// Interrupted: what was written stays; say so rather than fail.
		return st, nil
	}
	return st, err
}

// work extracts one article unless the store already has it unchanged.
func work(ctx context.Context, db *store.DB, x *extract.Extractor, j *job) {
	same, err := db.IsUnchanged(ctx, j.article)
	if err != nil {
		j.err = err
		return
	}
	if same {
		j.unchanged = true
		return
	}
	r, err := x.Extract(ctx, j.article)
	if err != nil {
		j.err = fmt.Errorf("%s: extract: %w", j.article.Input, err)
		return
	}
	j.result = r
}

// writeInOrder receives finished jobs in any order and saves them in input
// order, batching consecutive articles into one transaction.
func writeInOrder(ctx context.Context, db *store.DB, done <-chan *job, st *ingestStats, prog *progress, stderr io.Writer) error {
	pending := map[int]*job{}
	next := 0
	var batch []*job
	flush := func(ctx context.Context) error {
		if len(batch) == 0 {
			return nil
		}
		items := make([]store.Item, len(batch))
		for i, j := range batch {
			items[i] = store.Item{Article: j.article, Result: j.result}
		}
		saved, err := db.Save(ctx, items...)
		if err != nil {
			return fmt.Errorf("%s: %w", db.Path(), err)
		}
		for i, s := range saved {
			switch s.Status {
			case store.New:
				st.new++
			case store.Updated:
				st.updated++
			case store.Unchanged:
				st.unchanged++
			}
			st.events += s.Events
			if r := batch[i].result; r != nil {
				st.tokens += len(r.Document.Tokens)
			}
		}
		batch = batch[:0]
		prog.update(st)
		return nil
	}
	for {
		var j *job
		var ok bool
		if len(batch) > 0 {
			// Flush when the pipeline has nothing ready, so a slow input
			// never holds finished work back.
			select {
			case j, ok = <-done:
			default:
				if err := flush(ctx); err != nil {
					return err
				}
				continue
			}
		} else {
			j, ok = <-done
		}
		if !ok {
			break
		}
		pending[j.seq] = j
		for {
			j, found := pending[next]
			if !found {
				break
			}
			delete(pending, next)
			next++
			record(j, st, &batch, prog, stderr)
			if len(batch) >= batchSize {
				if err := flush(ctx); err != nil {
					return err
				}
			}
		}
	}
	// After Ctrl-C, still store what was already extracted.
	return flush(context.WithoutCancel(ctx))
}

// record counts one finished job and queues it for saving.
func record(j *job, st *ingestStats, batch *[]*job, prog *progress, stderr io.Writer) {
	switch {
	case errors.Is(j.err, ingest.ErrUnsupported), errors.Is(j.err, ingest.ErrNotArticle):
		st.skipped++
		prog.println(stderr, "skip: "+j.err.Error())
	case errors.Is(j.err, ingest.ErrNotModified):
		st.read++
		st.unchanged++
	case errors.Is(j.err, context.Canceled):
	case j.err != nil:
		st.read++
		st.failures = append(st.failures, j.err.Error())
		prog.println(stderr, "fail: "+j.err.Error())
	case j.unchanged:
		st.read++
		st.unchanged++
	default:
		st.read++
		*batch = append(*batch, j)
	}
	prog.update(st)
}

func printSummary(w io.Writer, st *ingestStats, interrupted bool) {
	secs := time.Since(st.start).Seconds()
	if interrupted {
		fmt.Fprintln(w, "interrupted: everything saved before the interrupt is stored")
	}
	fmt.Fprintf(w, "read %d, new %d, unchanged %d, updated %d, failed %d, skipped %d; events found %d\n",
		st.read, st.new, st.unchanged, st.updated, len(st.failures), st.skipped, st.events)
	if secs > 0 {
		fmt.Fprintf(w, "%.1f s, %.0f articles/s, %.0f tokens/s\n", secs, float64(st.read)/secs, float64(st.tokens)/secs)
	}
	if len(st.failures) > 0 {
		fmt.Fprintf(w, "failed inputs:\n  %s\n", strings.Join(st.failures, "\n  "))
	}
}

func urlInputs(inputs []string) []string {
	var urls []string
	for _, in := range inputs {
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			urls = append(urls, in)
		}
	}
	return urls
}
