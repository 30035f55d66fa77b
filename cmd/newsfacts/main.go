// Command newsfacts turns news articles about repatriations from Syria and
// Iraq into reviewed, source-linked facts. Run "newsfacts help" for usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version names this build in the User-Agent and in help output.
const version = "0.1.0"

// Exit statuses.
const (
	exitOK      = 0
	exitPartial = 1   // some inputs failed; the rest was stored
	exitUsage   = 2   // bad usage, or the database could not be used
	exitSignal  = 130 // stopped by Ctrl-C, as shells report SIGINT
)

const usage = `newsfacts turns news articles into reviewed, source-linked repatriation facts.

Usage:
  newsfacts ingest [--db PATH] [--published YYYY-MM-DD] [--workers N] [--urls FILE] [--source-id ID]
                   [--lang CODE] [--ner] [--model FILE | --rules-only] [--quiet] INPUT...
  newsfacts events [--db PATH] [--country C] [--since DATE [--undated]] [--status S]
                   [--sort article|date|country|confidence] [--limit N] [--json]
  newsfacts eval   [--db PATH] --gold GOLD.jsonl [--articles PATH]... [--folds K | --model FILE | --rules-only]
                   [--ner] [--errors] [--json] [--min-f1 F] [--operations OPERATIONS.jsonl [--gold-events]]
  newsfacts train  [--gold GOLD.jsonl --articles PATH]... [--db REVIEWED.db]... [--out FILE]
  newsfacts operations [--db PATH] [--country C] [--since DATE] [--multi] [--json]
  newsfacts show   [--db PATH] EVENT-ID|OPERATION-ID [--json]
  newsfacts link   [--db PATH] [--rebuild]
  newsfacts export [--db PATH] [--format jsonl|csv|labelstudio] [--table events|articles|operations] [--country C]
                   [--since DATE [--undated]] [--status S] [--include-stale] [--out FILE]
  newsfacts review [--db PATH] [--addr 127.0.0.1:8080] [--reviewer NAME]
  newsfacts queue add [--db PATH] [--published YYYY-MM-DD] INPUT...
  newsfacts queue status [--db PATH]
  newsfacts copy   --from DB --to DB
  newsfacts work   [--db PATH] [--workers N] [--lease 2m] [--max-attempts 3] [--follow] [--ner]
  newsfacts import-reviews [--db PATH] [--reviewer NAME] FILE   (a Label Studio export; --config prints its interface)

INPUT is a file, a folder (walked recursively), an http(s) URL, or - for
standard input: .txt, .html/.htm, .json (news-please object or array),
.jsonl/.ndjson, .warc/.warc.gz.
Every command takes --db PATH (default $NEWSFACTS_DB, else newsfacts.db): a
SQLite file, or a postgres://user:password@host/dbname URL for PostgreSQL.
"newsfacts CMD -h" lists a command's flags.
`

// env is what a command may touch of the outside world, passed in so tests
// can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stderrIsTerminal enables the live progress line.
	stderrIsTerminal bool
	// dbEnv is $NEWSFACTS_DB: the database when --db is not given.
	dbEnv string
	// debugCommits ($NEWSFACTS_DEBUG=commits) adds the number and sizes of
	// the save transactions to ingest's and work's summary.
	debugCommits bool
}

// usageError marks errors in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errInterrupted reports that a command stopped early on Ctrl-C, after
// saying what it had done.
var errInterrupted = errors.New("interrupted")

// errPartial reports that a command finished but some inputs failed; the
// command has already said which.
var errPartial = errors.New("some inputs failed")

// memoryLimit is the soft limit on the Go runtime's memory set when
// GOMEMLIMIT is not. About 50 MB stay live (30 MB of it regular expressions
// that go-htmldate's date parser compiles at start), and the default GOGC
// lets the heap grow to twice that between collections. Measured with
// make throughput's 20,000 articles, the same binary: peak RSS 154 MB with
// a 150 MiB limit, 135 MB with 100 MiB; on the linking step alone (the
// peak) 20 collections instead of 15.
const memoryLimit = 100 << 20

// nerMemoryLimit replaces memoryLimit when prose's NER runs (--ner): its
// models keep about 120 MB more live. Measured before NER became opt-in:
// peak RSS over 20,000 articles 227 MB without a limit, about 175 MB with
// this one, at the same speed.
const nerMemoryLimit = 150 << 20

// raiseMemoryLimitForNER lifts the soft memory limit main set to
// nerMemoryLimit, unless GOMEMLIMIT chose one: under memoryLimit the
// collector would run without pause once prose's models are loaded.
func raiseMemoryLimitForNER() {
	if os.Getenv("GOMEMLIMIT") == "" && debug.SetMemoryLimit(-1) < nerMemoryLimit {
		debug.SetMemoryLimit(nerMemoryLimit)
	}
}

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signalContext(os.Stderr)
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stderrIsTerminal: isTerminal(os.Stderr),
		dbEnv: os.Getenv("NEWSFACTS_DB"), debugCommits: os.Getenv("NEWSFACTS_DEBUG") == "commits"}
	code := run(ctx, os.Args[1:], e)
	stop()
	os.Exit(code)
}

// signalContext returns a context cancelled by the first Ctrl-C or SIGTERM,
// so that commands stop and save what they finished. The signals then get
// their default action back: a second one ends the process at once, even in
// a step that cannot be interrupted (the database stays whole: every save is
// one transaction).
func signalContext(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			fmt.Fprintln(stderr, "stopping: saving finished work (press Ctrl-C again to quit at once)")
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		cancel()
	}
}

// run executes one command and returns the process exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitUsage
	}
	cmds := map[string]func(context.Context, []string, env) error{
		"ingest":     runIngest,
		"events":     runEvents,
		"show":       runShow,
		"export":     runExport,
		"eval":       runEval,
		"review":     runReview,
		"train":      runTrain,
		"operations": runOperations,
		"link":       runLink,
		"queue":      runQueue,
		"work":       runWork,
		"copy":       runCopy,

		"import-reviews": runImportReviews,
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(e.stderr, "error: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	err := cmd(ctx, rest, e)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errPartial):
		return exitPartial
	case errors.Is(err, errInterrupted):
		return exitSignal
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "error: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "error: %v\n", err)
		return exitUsage
	}
}

// synopses are each command's arguments, for its -h.
var synopses = map[string]string{
	"ingest": "[flags] INPUT...\n\nINPUT is a file, a folder (walked recursively), an http(s) URL, or - for\nstandard input (JSON/JSONL records, an HTML page or plain text).",
	"events": "[flags]",
	"show":   "[flags] EVENT-ID\n\nEVENT-ID is an id from \"newsfacts events\".",
	"export": "[flags]",
	"eval":   "--gold FILE [--articles PATH]... [--folds K] [flags]\n\n--folds K cross-validates: K models, each trained on the gold articles outside\none fold and scored on that fold.",
	"review": "[flags]",
}

// newFlags returns a flag set for a command that reports errors as
// usageError and prints help (the command's arguments and flags) to stderr.
// The flag package's own error line is silenced: run prints the error once.
func newFlags(name string, e env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("newsfacts "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: newsfacts %s %s\n\nFlags:\n", name, synopses[name])
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	def := "newsfacts.db"
	if e.dbEnv != "" {
		def = e.dbEnv
	}
	db := fs.String("db", def, "database: a SQLite file `path` or a postgres://user@host/dbname URL (default $NEWSFACTS_DB, else newsfacts.db)")
	return fs, db
}

// parseFlags parses args, allowing flags after positional arguments
// ("newsfacts ingest dir --db x.db"), as users type them.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
