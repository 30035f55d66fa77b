package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/newsfacts/newsfacts/store"
)

// filterFlags registers the flags that select facts.
func filterFlags(fs interface {
	StringVar(*string, string, string, string)
}) *store.Filter {
	f := &store.Filter{}
	fs.StringVar(&f.Country, "country", "", "only events of this ISO country `code`")
	fs.StringVar(&f.Since, "since", "", "only events dated on or after `DATE` (YYYY[-MM[-DD]])")
	fs.StringVar(&f.Status, "status", "", "only events with this review `status` (pending, accepted, rejected, corrected)")
	return f
}

func runEvents(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("events", e)
	f := filterFlags(fs)
	asJSON := fs.Bool("json", false, "print JSONL in the export format")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *asJSON {
		_, err := db.ExportEvents(ctx, e.stdout, store.FormatJSONL, *f)
		return err
	}
	facts, err := db.Facts(ctx, *f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tCOUNTRY\tFROM\tDATE\tCOUNTS\tPARTNERS\tSTATUS\tARTICLE")
	for _, fact := range facts {
		ev := fact.Current()
		var partners []string
		for _, p := range ev.Partners {
			partners = append(partners, p.ID)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", fact.Key, ev.Country, dash(strings.Join(ev.From, ",")),
			dash(ev.Date), dash(formatCounts(ev.Counts, ev.Qualifiers)), dash(strings.Join(partners, ",")),
			fact.Status(), fact.Article.SourceID)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d events\n", len(facts))
	return nil
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

// openExisting opens a database that must already exist, so a mistyped
// --db path is reported instead of creating an empty database.
func openExisting(ctx context.Context, path string) (*store.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s: %w (run \"newsfacts ingest\" first)", path, err)
	}
	return store.Open(ctx, path)
}

func runExport(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("export", e)
	f := filterFlags(fs)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	table := fs.String("table", "events", "what to export: events, articles or operations")
	out := fs.String("out", "", "write to `FILE` instead of standard output")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != store.FormatJSONL && *format != store.FormatCSV {
		return usageError{fmt.Sprintf("export: --format %q: want jsonl or csv", *format)}
	}
	if *table != "events" && *table != "articles" && *table != "operations" {
		return usageError{fmt.Sprintf("export: --table %q: want events, articles or operations", *table)}
	}
	if f.Status == store.StatusAccepted {
		// A corrected fact is an accepted one with changes.
		f.Status = store.StatusAccepted + "," + store.StatusCorrected
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var w io.Writer = e.stdout
	var file *os.File
	if *out != "" {
		// Write beside the target and rename, so a failed export never
		// leaves a half-written feed behind.
		file, err = os.CreateTemp(filepath.Dir(*out), ".newsfacts-export-*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	var n int
	switch *table {
	case "articles":
		n, err = db.ExportArticles(ctx, w, *format)
	case "operations":
		n, err = db.ExportOperations(ctx, w, *format, store.OperationFilter{Country: f.Country, Since: f.Since})
	default:
		n, err = db.ExportEvents(ctx, w, *format, *f)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("export %s: %w", *out, err)
		}
		if err := os.Rename(file.Name(), *out); err != nil {
			return fmt.Errorf("export %s: %w", *out, err)
		}
	}
	fmt.Fprintf(e.stderr, "exported %d %s\n", n, *table)
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
	db, err := openExisting(ctx, *dbPath)
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
