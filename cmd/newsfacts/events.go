package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// filterFlags registers the flags that select facts.
func filterFlags(fs *flag.FlagSet) *filter {
	f := &filter{}
	fs.StringVar(&f.Country, "country", "", "only events of this `country`: an ISO code (KZ) or a name (Kazakhstan)")
	fs.StringVar(&f.Since, "since", "", "only events dated on or after `DATE` (YYYY[-MM[-DD]])")
	fs.BoolVar(&f.undated, "undated", false, "with --since, also events without a date whose article was published on or after DATE")
	fs.StringVar(&f.Status, "status", "", "only events with this review `status`: "+strings.Join(statuses, ", ")+" (comma-separated for several)")
	return f
}

// filter is a store.Filter as the command line sets it.
type filter struct {
	store.Filter
	undated bool // with --since, keep undated events by publication date
}

// statuses are the values --status accepts.
var statuses = []string{store.StatusPending, store.StatusAccepted, store.StatusRejected, store.StatusCorrected, store.StatusStale}

// checkFilter refuses filter values that could never match, which would
// otherwise print "0 events" as if the database held none, and turns a
// country name into its code.
func checkFilter(cmd string, f *filter) error {
	f.DatedOnly = !f.undated
	if f.Country != "" {
		code := strings.ToUpper(strings.TrimSpace(f.Country))
		if !store.IsCountryCode(code) {
			// The names are the country gazetteer's, which the rules
			// alone load: no model.
			x, err := extract.New(extract.Options{RulesOnly: true})
			if err != nil {
				return err
			}
			var ok bool
			if code, ok = x.CountryCode(f.Country); !ok {
				return usageError{fmt.Sprintf("%s: --country %q: want an ISO 3166-1 alpha-2 code (KZ, XK for Kosovo) or a country name (Kazakhstan)", cmd, f.Country)}
			}
		}
		f.Country = code
	}
	if f.Since != "" && (!store.IsEventDate(f.Since) || strings.HasPrefix(f.Since, "XXXX")) {
		return usageError{fmt.Sprintf("%s: --since %q: want a date YYYY, YYYY-MM or YYYY-MM-DD", cmd, f.Since)}
	}
	if f.undated && f.Since == "" {
		return usageError{cmd + ": --undated needs --since"}
	}
	if f.Status != "" {
		for _, st := range strings.Split(f.Status, ",") {
			if !slices.Contains(statuses, strings.TrimSpace(st)) {
				return usageError{fmt.Sprintf("%s: --status %q: want one of %s", cmd, st, strings.Join(statuses, ", "))}
			}
		}
	}
	return nil
}

// plural writes "1 event", "2 events".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func runEvents(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("events", e)
	f := filterFlags(fs)
	asJSON := fs.Bool("json", false, "print JSONL in the export format")
	limit := fs.Int("limit", 0, "print at most `N` events (0: all)")
	sortBy := fs.String("sort", "article", "order: `article`, date (newest first), country or confidence (highest first)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFilter("events", f); err != nil {
		return err
	}
	orders := map[string]string{"article": store.OrderSource, "date": store.OrderDate, "country": store.OrderCountry, "confidence": store.OrderConfidence}
	order, ok := orders[*sortBy]
	if !ok {
		return usageError{fmt.Sprintf("events: --sort %q: want article, date, country or confidence", *sortBy)}
	}
	if *limit < 0 {
		return usageError{fmt.Sprintf("events: --limit %d: want 0 (all) or more", *limit)}
	}
	f.Order, f.Limit = order, *limit
	db, err := openForReading(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *asJSON {
		_, err := db.ExportEvents(ctx, e.stdout, store.FormatJSONL, f.Filter)
		return err
	}
	// Rows are aligned and printed a block at a time, so a large database
	// starts printing at once rather than after every event is read.
	const block = 256
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tCOUNTRY\tFROM\tDATE\tCOUNTS\tAGG\tCONF\tPARTNERS\tSTATUS\tARTICLE")
	n := 0
	err = db.EachFact(ctx, f.Filter, func(fact store.Fact) error {
		ev := fact.Current()
		var partners []string
		for _, p := range ev.Partners {
			partners = append(partners, p.ID)
		}
		agg := "-"
		if ev.Aggregate {
			agg = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n", fact.Key, ev.Country, dash(strings.Join(ev.From, ",")),
			dash(ev.Date), dash(formatCounts(ev.Counts, ev.Qualifiers)), agg, ev.Confidence, dash(strings.Join(partners, ",")),
			fact.Status(), articleLabel(fact.Article))
		if n++; n%block == 0 {
			return tw.Flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, plural(n, "event"))
	return nil
}

// articleLabel names an article readably in a table: its source id, or its
// title when the id is a long hash or URL, cut to 48 characters.
func articleLabel(a store.ArticleRef) string {
	label := a.SourceID
	isHash := len(label) >= 16 && strings.Trim(strings.ToLower(label), "0123456789abcdef") == ""
	if a.Title != "" && (len(label) > 48 || isHash) {
		label = a.Title
	}
	if r := []rune(label); len(r) > 48 {
		label = string(r[:47]) + "…"
	}
	return strings.Join(strings.Fields(label), " ")
}

// formatCounts renders counts as "total=59 women=18", qualifiers as a
// prefix ("total>600" for more_than).
func formatCounts(counts map[string]int, quals map[string]string) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sign := map[string]string{"more_than": ">", "at_least": ">=", "less_than": "<", "up_to": "<=", "about": "~"}
	parts := make([]string, len(keys))
	for i, k := range keys {
		op := sign[quals[k]]
		if op == "" {
			op = "="
		}
		parts[i] = fmt.Sprintf("%s%s%d", k, op, counts[k])
	}
	return strings.Join(parts, " ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// openForReading opens an existing database read-only for the commands
// that only read (events, show, export, eval): they never create, migrate
// or write to it, so they are safe on another program's SQLite file and
// work on a read-only file system. A PostgreSQL database is read in
// read-only sessions.
func openForReading(ctx context.Context, path string) (*store.DB, error) {
	if store.IsPostgres(path) {
		return store.OpenReadOnly(ctx, path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s: %w (run \"newsfacts ingest\" first)", path, err)
	}
	return store.OpenReadOnly(ctx, path)
}

// openExisting opens a database that must already exist, so a mistyped
// --db path is reported instead of creating an empty database.
func openExisting(ctx context.Context, path string) (*store.DB, error) {
	if store.IsPostgres(path) {
		// A PostgreSQL database exists once created; Open says if not.
		return store.Open(ctx, path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s: %w (run \"newsfacts ingest\" first)", path, err)
	}
	return store.Open(ctx, path)
}

func runExport(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("export", e)
	f := filterFlags(fs)
	format := fs.String("format", "jsonl", "output format: jsonl, csv, or labelstudio (tasks for Label Studio)")
	table := fs.String("table", "events", "what to export: events, articles or operations")
	out := fs.String("out", "", "write to `FILE` instead of standard output")
	includeStale := fs.Bool("include-stale", false, "with --status accepted, corrected or rejected: also decisions whose event changed since (column stale)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFilter("export", f); err != nil {
		return err
	}
	if *format != store.FormatJSONL && *format != store.FormatCSV && (*format != store.FormatLabelStudio || *table != "events") {
		return usageError{fmt.Sprintf("export: --format %q: want jsonl or csv (or labelstudio, for events)", *format)}
	}
	if *table != "events" && *table != "articles" && *table != "operations" {
		return usageError{fmt.Sprintf("export: --table %q: want events, articles or operations", *table)}
	}
	if f.Status == store.StatusAccepted {
		// A corrected fact is an accepted one with changes.
		f.Status = store.StatusAccepted + "," + store.StatusCorrected
	}
	// A decision on values that changed since is no decision on today's
	// values: a feed of decided events leaves it out unless asked.
	f.ExcludeStale = f.Status != "" && f.Status != store.StatusPending && f.Status != store.StatusStale && !*includeStale
	db, err := openForReading(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var w io.Writer = e.stdout
	var file *outFile
	if *out != "" {
		if file, err = createOut(*out); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.abort()
		w = file
	}
	var n int
	switch *table {
	case "articles":
		n, err = db.ExportArticles(ctx, w, *format)
	case "operations":
		n, err = db.ExportOperations(ctx, w, *format, store.OperationFilter{Country: f.Country, Since: f.Since})
	default:
		n, err = db.ExportEvents(ctx, w, *format, f.Filter)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if file != nil {
		if err := file.commit(); err != nil {
			return fmt.Errorf("export %s: %w", *out, err)
		}
	}
	fmt.Fprintf(e.stderr, "exported %s\n", plural(n, strings.TrimSuffix(*table, "s")))
	return nil
}

func runShow(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("show", e)
	asJSON := fs.Bool("json", false, "print the event as export JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"show: want exactly one EVENT-ID or OPERATION-ID (see \"newsfacts events\", \"newsfacts operations\")"}
	}
	db, err := openForReading(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if strings.HasPrefix(pos[0], "o") {
		return showOperation(ctx, db, pos[0], *asJSON, e.stdout)
	}
	fact, err := db.Fact(ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(fact.Exported())
	}
	art, err := db.Article(ctx, fact.Article.Key)
	if err != nil {
		return err
	}
	printFact(e.stdout, fact, art)
	return nil
}

// printFact shows an event field by field, each with its evidence sentence
// and the evidence words marked [[like this]].
func printFact(w io.Writer, fact store.Fact, art store.StoredArticle) {
	ev := fact.Current()
	a := art.Article
	fmt.Fprintf(w, "event %s (%s, confidence %.2f)\n", fact.Key, fact.Status(), ev.Confidence)
	fmt.Fprintf(w, "  country    %s\n", ev.Country)
	fmt.Fprintf(w, "  from       %s\n", dash(strings.Join(ev.From, ", ")))
	fmt.Fprintf(w, "  date       %s\n", dash(ev.Date))
	fmt.Fprintf(w, "  counts     %s\n", dash(formatCounts(ev.Counts, ev.Qualifiers)))
	var partners []string
	for _, p := range ev.Partners {
		partners = append(partners, fmt.Sprintf("%s (%q)", p.ID, p.Name))
	}
	fmt.Fprintf(w, "  partners   %s\n", dash(strings.Join(partners, ", ")))
	fmt.Fprintf(w, "  operation  %s\n", dash(ev.Operation))
	fmt.Fprintf(w, "  aggregate  %v\n", ev.Aggregate)
	if r := fact.Review; r != nil {
		fmt.Fprintf(w, "  review     %s by %s at %s", r.Status, dash(r.Reviewer), r.ReviewedAt)
		if r.Stale {
			fmt.Fprint(w, " (stale: the extraction changed since)")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nevidence:")
	for _, evi := range fact.Event.Evidence {
		s := evi.Sentence
		text := a.Text
		if s.End > len(text) || evi.Span.End > s.End {
			continue
		}
		marked := text[s.Start:evi.Span.Start] + "[[" + text[evi.Span.Start:evi.Span.End] + "]]" + text[evi.Span.End:s.End]
		fmt.Fprintf(w, "  %-14s %s  (bytes %d-%d, rule %s)\n    %s\n", evi.Field, evi.Text, evi.Span.Start, evi.Span.End, evi.Rule,
			strings.ReplaceAll(marked, "\n", " "))
	}
	fmt.Fprintln(w, "\narticle:")
	fmt.Fprintf(w, "  id         %s\n  source_id  %s\n  title      %s\n  site       %s\n  url        %s\n  published  %s",
		art.Key, a.SourceID, dash(a.Title), dash(a.Site), dash(a.URL), dash(a.Published))
	if a.PublishedSource != "" {
		fmt.Fprintf(w, " (from %s)", a.PublishedSource)
	}
	fmt.Fprintln(w)
}
