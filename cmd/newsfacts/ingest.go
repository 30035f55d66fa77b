package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// batchSize bounds how many articles go into one store transaction. Each
// article is still all-or-nothing; batching saves log flushes (one per
// commit) and round trips to a database server.
const batchSize = 64

// commitDelay bounds how long a finished article waits for its batch to
// fill before it is saved anyway: progress shows in the database within
// about a second, and a killed run (SIGKILL, a crash; Ctrl-C saves
// everything) loses no more than the batch being filled, a second's worth
// of articles or 64, besides what the extractors held.
const commitDelay = time.Second

// maxWorkers caps --workers: each worker holds an article and its
// extraction in memory, and a mistyped huge value would exhaust memory
// before doing any work.
const maxWorkers = 256

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
	held                                                   int // events in the database after the run
	failures                                               []string
	start                                                  time.Time
	// commits holds the number of articles in each save transaction, for
	// NEWSFACTS_DEBUG=commits: a durable database pays a log flush per
	// commit, so their count and size explain its speed.
	commits []int
}

func runIngest(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("ingest", e)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	nerOn := nerFlags(fs)
	options := modelFlags(fs)
	quiet := fs.Bool("quiet", false, "print only failures and the summary")
	urlList := fs.String("urls", "", "read URLs to fetch from `FILE`, one a line (# starts a comment)")
	lang := fs.String("lang", "", "treat every input as written in this language (ISO 639-1 `code`; en extracts articles detected as another language)")
	sourceID := fs.String("source-id", "", "source `id` of a page or text read from standard input (-); default: derived from its content")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var badURLs []error // lines of --urls that are no URL: failed inputs
	if inputs, badURLs, err = checkInputs("ingest", inputs, *urlList, *published); err != nil {
		return err
	}
	if *workers < 1 || *workers > maxWorkers {
		return usageError{fmt.Sprintf("ingest: --workers %d: want 1 to %d (extraction is CPU-bound: more workers than CPUs, %d here, gain nothing)",
			*workers, maxWorkers, runtime.NumCPU())}
	}
	ner, err := nerOn()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	xopts, err := options(ner)
	if err != nil {
		return err
	}
	x, err := extract.New(xopts)
	if err != nil {
		return err
	}
	opts := ingest.Options{
		Published:     *published,
		Stdin:         e.stdin,
		StdinSourceID: *sourceID,
		Language:      strings.ToLower(*lang),
		Fetcher:       ingest.NewFetcher(ingest.FetchOptions{UserAgent: ingest.UserAgent(version)}),
	}
	if urls := urlInputs(inputs); len(urls) > 0 {
		// Ask servers whether pages fetched before have changed.
		if opts.Known, err = db.Validators(ctx, urls); err != nil {
			return err
		}
	}
	for _, bad := range badURLs {
		fmt.Fprintf(e.stderr, "fail: %v\n", bad)
	}
	st, err := ingestAll(ctx, db, x, inputs, opts, *workers, e, *quiet)
	for _, bad := range badURLs {
		st.read++
		st.failures = append(st.failures, bad.Error())
	}
	// What the database holds answers "where are my events?" after a
	// re-run that found every article unchanged.
	if counts, cerr := db.TableCounts(context.WithoutCancel(ctx)); cerr == nil {
		st.held = counts["events"]
	}
	printSummary(e.stderr, st, ctx.Err() != nil, e.debugCommits)
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

// checkInputs adds the URLs listed in the file urlList (if any) to inputs
// and checks that there is an input and that published is a date. The
// lines of urlList that are no URL come back as errors: failed inputs.
func checkInputs(cmd string, inputs []string, urlList, published string) ([]string, []error, error) {
	var badURLs []error
	if urlList != "" {
		urls, bad, err := ingest.URLList(urlList)
		if err != nil {
			return nil, nil, usageError{fmt.Sprintf("%s: --urls: %v", cmd, err)}
		}
		inputs = append(inputs, urls...)
		badURLs = bad
	}
	if len(inputs) == 0 && len(badURLs) == 0 {
		return nil, nil, usageError{cmd + ": no INPUT given (a file, a folder, a URL, or - for standard input)"}
	}
	if published != "" {
		if _, err := time.Parse("2006-01-02", published); err != nil {
			return nil, nil, usageError{fmt.Sprintf("%s: --published %q is not a YYYY-MM-DD date", cmd, published)}
		}
	}
	return inputs, badURLs, nil
}

// ingestAll runs the pipeline: one reader, a pool of extractors, and one
// writer that saves results in input order, in batched transactions.
func ingestAll(ctx context.Context, db *store.DB, x *extract.Extractor, inputs []string, opts ingest.Options, workers int, e env, quiet bool) (*ingestStats, error) {
	st := &ingestStats{start: time.Now()}
	prog := newProgress(e.stderr, e.stderrIsTerminal && !quiet)
	defer prog.done()

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan *job, workers*2)
	// Room for a batch of finished articles: the extractors go on while the
	// writer saves the previous batch.
	done := make(chan *job, max(workers*2, batchSize))

	// The reader is not waited for once the run is cancelled: it may be
	// blocked on standard input or inside one page's parse, and Ctrl-C
	// must not wait for either.
	go func() {
		defer close(jobs)
		seq := 0
		for a, err := range ingest.Read(gctx, inputs, opts) {
			select {
			case jobs <- &job{seq: seq, article: a, err: err}:
				seq++
			case <-gctx.Done():
				return
			}
		}
	}()
	wg := errgroup.Group{}
	for range workers {
		wg.Go(func() error {
			for {
				var j *job
				var ok bool
				select {
				case j, ok = <-jobs:
				case <-gctx.Done():
					return nil
				}
				if !ok {
					return nil
				}
				if j.err == nil {
					work(gctx, db, x, j)
				}
				select {
				case done <- j:
				case <-gctx.Done():
					return nil
				}
			}
		})
	}
	g.Go(func() error {
		err := wg.Wait()
		close(done)
		return err
	})
	g.Go(func() error {
		return writeInOrder(gctx, db, done, commitDelay, st, prog, e.stderr)
	})
	err := g.Wait()
	if ctx.Err() != nil {
		// Interrupted: what was written stays; say so rather than fail.
		return st, nil
	}
	return st, err
}

// errNotEnglish marks an article in another language: the extraction rules
// read English only, and would find nothing or nonsense.
var errNotEnglish = errors.New("the extraction rules read English only (--lang en extracts it anyway)")

// work extracts one article unless the store already has it unchanged.
func work(ctx context.Context, db *store.DB, x *extract.Extractor, j *job) {
	if lang := strings.ToLower(j.article.Language); lang != "" && lang != "en" && !strings.HasPrefix(lang, "en-") {
		j.err = fmt.Errorf("%s: language %s: %w", j.article.Input, j.article.Language, errNotEnglish)
		return
	}
	stored, err := db.Stored(ctx, j.article.SourceID)
	if err != nil {
		j.err = err
		return
	}
	if j.article.Published == "" && stored.PublishedSource == "flag" {
		// An input with no date of its own keeps the --published date an
		// earlier run gave it: re-running a folder without the flag must
		// not drop the dates resolved against it.
		j.article.Published, j.article.PublishedSource = stored.Published, stored.PublishedSource
	}
	if stored.Unchanged(j.article) {
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
// order, batching consecutive articles into one transaction of up to
// batchSize articles, saved at the latest maxDelay after its first article
// arrived.
func writeInOrder(ctx context.Context, db *store.DB, done <-chan *job, maxDelay time.Duration, st *ingestStats, prog *progress, stderr io.Writer) error {
	pending := map[int]*job{}
	next := 0
	var batch []*job
	// Saving is not cancelled with the run: after Ctrl-C the articles already
	// extracted and counted are still stored, so the summary says what the
	// database holds. At most two batches wait (the one being filled and
	// the finished jobs' buffer), so this never holds Ctrl-C up long.
	saveCtx := context.WithoutCancel(ctx)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		items := make([]store.Item, len(batch))
		for i, j := range batch {
			items[i] = store.Item{Article: j.article, Result: j.result}
		}
		saved, err := db.Save(saveCtx, items...)
		if err != nil {
			return fmt.Errorf("%s: %w", db.Path(), err)
		}
		st.commits = append(st.commits, len(items))
		for i, s := range saved {
			if s.Err != nil {
				// One bad article: reported like a bad input; the rest of
				// the batch is stored.
				msg := fmt.Sprintf("%s: %v", batch[i].article.Input, s.Err)
				st.failures = append(st.failures, msg)
				prog.println(stderr, "fail: "+msg)
				continue
			}
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
	// A batch is saved once it is full or once its first article has
	// waited maxDelay, whichever comes first: a durable database flushes
	// its log at every commit, so batches must not shrink to whatever the
	// extractors happen to have ready, yet a slow input must not hold
	// finished work back.
	timer := time.NewTimer(maxDelay)
	timer.Stop()
	defer timer.Stop()
	for {
		var due <-chan time.Time
		if len(batch) > 0 {
			due = timer.C
		}
		var j *job
		var ok bool
		select {
		case j, ok = <-done:
		case <-due:
			if err := flush(); err != nil {
				return err
			}
			continue
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
			was := len(batch)
			record(j, st, &batch, prog, stderr)
			if was == 0 && len(batch) > 0 {
				timer.Reset(maxDelay)
			}
			if len(batch) >= batchSize {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// record counts one finished job and queues it for saving.
func record(j *job, st *ingestStats, batch *[]*job, prog *progress, stderr io.Writer) {
	switch {
	case errors.Is(j.err, ingest.ErrUnsupported), errors.Is(j.err, ingest.ErrNotArticle), errors.Is(j.err, errNotEnglish):
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

// printSummary prints the run summary; debug adds the commit sizes.
func printSummary(w io.Writer, st *ingestStats, interrupted, debug bool) {
	secs := time.Since(st.start).Seconds()
	if interrupted {
		fmt.Fprintln(w, "interrupted: everything saved before the interrupt is stored")
	}
	fmt.Fprintf(w, "read %d, new %d, unchanged %d, updated %d, failed %d, skipped %d; events found %d; the database holds %s\n",
		st.read, st.new, st.unchanged, st.updated, len(st.failures), st.skipped, st.events, plural(st.held, "event"))
	// A rate only means something when articles were extracted.
	if secs > 0 && st.new+st.updated > 0 {
		fmt.Fprintf(w, "%.1f s, %.0f articles/s, %.0f tokens/s\n", secs, float64(st.read)/secs, float64(st.tokens)/secs)
	}
	if len(st.failures) > 0 {
		fmt.Fprintf(w, "failed inputs:\n  %s\n", strings.Join(st.failures, "\n  "))
	}
	if debug {
		printCommits(w, st.commits)
	}
}

// printCommits summarises the sizes of the save transactions.
func printCommits(w io.Writer, commits []int) {
	if len(commits) == 0 {
		fmt.Fprintln(w, "commits: none")
		return
	}
	sizes := slices.Clone(commits)
	slices.Sort(sizes)
	total, single := 0, 0
	for _, n := range sizes {
		total += n
		if n == 1 {
			single++
		}
	}
	fmt.Fprintf(w, "commits: %d of %d articles; articles per commit: mean %.1f, median %d, max %d; %d of one article\n",
		len(sizes), total, float64(total)/float64(len(sizes)), sizes[len(sizes)/2], sizes[len(sizes)-1], single)
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
