package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

// runQueue is "newsfacts queue add INPUT..." and "newsfacts queue status".
func runQueue(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return usageError{"queue: want \"queue add INPUT...\" or \"queue status\""}
	}
	switch args[0] {
	case "add":
		return runQueueAdd(ctx, args[1:], e)
	case "status":
		return runQueueStatus(ctx, args[1:], e)
	}
	return usageError{fmt.Sprintf("queue: unknown subcommand %q (want add or status)", args[0])}
}

func runQueueAdd(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("queue add", e)
	published := fs.String("published", "", "publication `date` (YYYY-MM-DD) for inputs that carry none")
	urlList := fs.String("urls", "", "also queue the URLs in `FILE`, one a line (# starts a comment)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	inputs, badURLs, err := checkInputs("queue add", inputs, *urlList, *published)
	if err != nil {
		return err
	}
	jobs, err := jobInputs(inputs)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	added, err := db.Enqueue(ctx, *published, jobs...)
	if err != nil {
		return fmt.Errorf("%s: %w", db.Path(), err)
	}
	fmt.Fprintf(e.stderr, "queued %d new jobs (%d inputs given, %d already queued)\n", added, len(jobs), len(jobs)-added)
	for _, bad := range badURLs {
		fmt.Fprintf(e.stderr, "fail: %v\n", bad)
	}
	if len(badURLs) > 0 {
		return errPartial
	}
	return nil
}

// jobInputs turns the inputs of "queue add" into jobs: a folder becomes one
// job per file in it (hidden files and folders skipped, as ingest does) so
// that workers share it out; files become absolute paths, which workers on
// other machines find when the storage is shared at the same path.
func jobInputs(inputs []string) ([]string, error) {
	var out []string
	for _, in := range inputs {
		if in == "-" {
			return nil, usageError{"queue add: standard input cannot be queued; save it to a file"}
		}
		if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
			out = append(out, in)
			continue
		}
		abs, err := filepath.Abs(in)
		if err != nil {
			return nil, fmt.Errorf("queue add: %s: %w", in, err)
		}
		info, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("queue add: %w", err)
		}
		if !info.IsDir() {
			out = append(out, abs)
			continue
		}
		var files []string
		err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != abs {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("queue add: %w", err)
		}
		sort.Strings(files)
		out = append(out, files...)
	}
	return out, nil
}

func runQueueStatus(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("queue status", e)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Queue(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "pending %d, running %d, done %d, failed %d\n", s.Pending, s.Running, s.Done, s.Failed)
	if s.Expired > 0 {
		fmt.Fprintf(e.stdout, "%d running jobs lost their worker (lease ran out); the next worker takes them\n", s.Expired)
	}
	for _, p := range s.Parked {
		fmt.Fprintf(e.stdout, "failed after %d attempts: %s: %s\n", p.Attempts, p.Input, p.Error)
	}
	return nil
}

// workOptions are the settings of "newsfacts work".
type workOptions struct {
	workers     int
	lease       time.Duration
	maxAttempts int
	poll        time.Duration
	follow      bool
	quiet       bool
}

func runWork(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("work", e)
	var o workOptions
	fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "articles extracted in parallel")
	fs.DurationVar(&o.lease, "lease", 2*time.Minute, "how long a claimed job stays this worker's without a sign of life; renewed while working")
	fs.IntVar(&o.maxAttempts, "max-attempts", 3, "park a job as failed after this many failed attempts")
	fs.DurationVar(&o.poll, "poll", 2*time.Second, "how often to look for work while other workers' jobs are running")
	fs.BoolVar(&o.follow, "follow", false, "keep waiting for new jobs instead of exiting when the queue is empty")
	nerOn := nerFlags(fs)
	fs.BoolVar(&o.quiet, "quiet", false, "print only failures and the summary")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.workers < 1 || o.maxAttempts < 1 || o.lease < time.Second || o.poll <= 0 {
		return usageError{"work: --workers and --max-attempts must be at least 1, --lease at least 1s"}
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
	x, err := extract.New(extract.Options{NER: ner})
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	worker := fmt.Sprintf("%s:%d", host, os.Getpid())
	return workQueue(ctx, db, x, worker, o, e)
}

// workQueue claims and ingests jobs until none is left (or, with follow,
// until interrupted). Each job is one input run through the ingest
// pipeline; its lease is renewed while it runs, so only a dead worker's job
// goes back to the queue.
func workQueue(ctx context.Context, db *store.DB, x *extract.Extractor, worker string, o workOptions, e env) error {
	total := &ingestStats{start: time.Now()}
	jobsDone, jobsFailed := 0, 0
	unlinked := false // this worker stored jobs since it last linked
	defer func() {
		fmt.Fprintf(e.stderr, "jobs done %d, failed %d; ", jobsDone, jobsFailed)
		printSummary(e.stderr, total, ctx.Err() != nil, e.debugCommits)
	}()
	fetcher := ingest.NewFetcher(ingest.FetchOptions{UserAgent: ingest.UserAgent(version)})
	for ctx.Err() == nil {
		j, ok, err := db.ClaimJob(ctx, worker, o.lease, o.maxAttempts)
		if err != nil {
			return interruptedOr(ctx, fmt.Errorf("%s: %w", db.Path(), err))
		}
		if !ok {
			s, err := db.Queue(ctx)
			if err != nil {
				return interruptedOr(ctx, err)
			}
			if s.Running == 0 && s.Pending == 0 && unlinked {
				// The queue is drained: link the events into operations, as
				// ingest does at its end. Every worker that stored
				// something links; the store runs them one after the other,
				// and a link that finds nothing new changes nothing.
				if err := linkOperations(ctx, db, e.stderr, false); err != nil {
					return interruptedOr(ctx, fmt.Errorf("%s: %w", db.Path(), err))
				}
				unlinked = false
			}
			if s.Running == 0 && !o.follow {
				if jobsFailed > 0 {
					return errPartial
				}
				return nil
			}
			// Others are working: wait, to take over a job whose worker
			// dies, or (with follow) for new jobs.
			select {
			case <-ctx.Done():
			case <-time.After(o.poll):
			}
			continue
		}
		st, err := workJob(ctx, db, x, fetcher, worker, j, o, e)
		addStats(total, st)
		unlinked = true
		if ctx.Err() != nil {
			// Interrupted: what was saved stays; the job goes back whole.
			if rerr := db.ReleaseJob(context.WithoutCancel(ctx), j.ID); rerr != nil {
				fmt.Fprintf(e.stderr, "error: %v\n", rerr)
			}
			return errInterrupted
		}
		if err != nil {
			// The database failed: the job's lease runs out and another
			// worker takes it; this one stops.
			return err
		}
		var failure error
		if len(st.failures) > 0 {
			failure = errors.New(strings.Join(st.failures, "; "))
		}
		if err := db.FinishJob(ctx, j.ID, failure, o.maxAttempts); err != nil {
			return interruptedOr(ctx, fmt.Errorf("%s: %w", db.Path(), err))
		}
		switch {
		case failure == nil:
			jobsDone++
			if !o.quiet {
				fmt.Fprintf(e.stderr, "done: %s: new %d, unchanged %d, updated %d, events %d\n", j.Input, st.new, st.unchanged, st.updated, st.events)
			}
		case j.Attempts >= o.maxAttempts:
			jobsFailed++
			fmt.Fprintf(e.stderr, "failed (attempt %d of %d, parked): %s\n", j.Attempts, o.maxAttempts, j.Input)
		default:
			fmt.Fprintf(e.stderr, "failed (attempt %d of %d, will retry): %s\n", j.Attempts, o.maxAttempts, j.Input)
		}
	}
	return errInterrupted
}

// workJob ingests one job's input while a goroutine keeps its lease alive.
func workJob(ctx context.Context, db *store.DB, x *extract.Extractor, fetcher *ingest.Fetcher, worker string, j store.Job, o workOptions, e env) (*ingestStats, error) {
	renewed := make(chan struct{})
	jobCtx, stop := context.WithCancel(ctx)
	go func() {
		defer close(renewed)
		t := time.NewTicker(o.lease / 3)
		defer t.Stop()
		for {
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
				if err := db.RenewLease(jobCtx, j.ID, worker, o.lease); err != nil && jobCtx.Err() == nil {
					fmt.Fprintf(e.stderr, "warning: %s: %v\n", j.Input, err)
				}
			}
		}
	}()
	defer func() { stop(); <-renewed }()
	opts := ingest.Options{Published: j.Published, Fetcher: fetcher}
	if urls := urlInputs([]string{j.Input}); len(urls) > 0 {
		known, err := db.Validators(ctx, urls)
		if err != nil {
			return &ingestStats{}, err
		}
		opts.Known = known
	}
	return ingestAll(ctx, db, x, []string{j.Input}, opts, o.workers, e, true)
}

func addStats(total, st *ingestStats) {
	total.read += st.read
	total.new += st.new
	total.unchanged += st.unchanged
	total.updated += st.updated
	total.skipped += st.skipped
	total.events += st.events
	total.tokens += st.tokens
	total.failures = append(total.failures, st.failures...)
	total.commits = append(total.commits, st.commits...)
}

// interruptedOr returns errInterrupted when ctx was cancelled (the error
// is its consequence), else err.
func interruptedOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errInterrupted
	}
	return err
}
