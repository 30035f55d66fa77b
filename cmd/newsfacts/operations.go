package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/newsfacts/newsfacts/store"
)

// linkOperations links the stored events into operations and says what it
// did in one line.
func linkOperations(ctx context.Context, db *store.DB, w io.Writer, rebuild bool) error {
	st, err := db.Relink(ctx, rebuild)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "linked %d events into %d operations (%d reported by several sources)\n", st.Events, st.Operations, st.Multi)
	return nil
}

// runLink links again: after reviews, or with --rebuild to decide every
// link afresh.
func runLink(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("link", e)
	rebuild := fs.Bool("rebuild", false, "ignore the previous operations and decide every link afresh (reviewers' decisions still apply)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return linkOperations(ctx, db, e.stderr, *rebuild)
}

// operationFlags registers the flags that select operations.
func operationFlags(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) *store.OperationFilter {
	f := &store.OperationFilter{}
	fs.StringVar(&f.Country, "country", "", "only operations of this ISO country `code`")
	fs.StringVar(&f.Since, "since", "", "only operations dated on or after `DATE` (YYYY[-MM[-DD]])")
	fs.BoolVar(&f.Multi, "multi", false, "only operations reported by two or more sources")
	return f
}

func runOperations(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("operations", e)
	f := operationFlags(fs)
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
		_, err := db.ExportOperations(ctx, e.stdout, store.FormatJSONL, *f)
		return err
	}
	ops, err := db.Operations(ctx, *f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tDATE\tCOUNTRY\tCOUNTS\tSOURCES\tCONFLICTS\tNAME")
	for _, o := range ops {
		x := o.Exported()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", o.ID, dash(deref(x.Date)), o.Country,
			dash(formatCounts(x.Counts, x.Qualifiers)), x.Sources, dash(strings.Join(x.Conflicts, ",")), dash(deref(x.Operation)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d operations\n", len(ops))
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// showOperation prints an operation: its consensus with conflicts, its
// sources, and for each field every source's evidence one under another.
func showOperation(ctx context.Context, db *store.DB, id string, asJSON bool, w io.Writer) error {
	op, err := db.Operation(ctx, id)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(op.Exported())
	}
	c := op.Consensus
	fmt.Fprintf(w, "operation %s: %s, %s, %d sources in %d articles, %d fields in conflict\n",
		op.ID, op.Country, dash(op.Date()), c.Sources, c.Articles, c.Conflicts())
	num := map[string]int{}
	for i, m := range op.Members {
		num[m.Key] = i + 1
	}
	refs := func(keys []string) string {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("[%d]", num[k])
		}
		return strings.Join(parts, "")
	}
	fmt.Fprintln(w, "\nconsensus:")
	for _, f := range c.Fields() {
		picked := ""
		if f.Picked {
			picked = " (picked by a reviewer)"
		}
		fmt.Fprintf(w, "  %-16s %s %s%s\n", f.Name, f.Value, refs(f.Sources), picked)
		for _, x := range f.Agreeing {
			fmt.Fprintf(w, "  %-16s   agreeing: %s %s\n", "", x.Value, refs(x.Sources))
		}
		for _, x := range f.Conflicts {
			fmt.Fprintf(w, "  %-16s   conflict: %s %s\n", "", x.Value, refs(x.Sources))
		}
	}
	fmt.Fprintf(w, "  %-16s %s\n", "from", dash(strings.Join(c.From, ", ")))
	fmt.Fprintln(w, "\nsources:")
	for i, m := range op.Members {
		fmt.Fprintf(w, "  [%d] event %s (%s)  %s  published %s  %s\n", i+1, m.Key, m.Status(), m.Article.SourceID,
			dash(m.Article.Published), dash(m.Article.Title))
	}
	fmt.Fprintln(w, "\nevidence by field:")
	texts := map[string]string{}
	for _, name := range []string{"event", "date", "counts", "from", "operation"} {
		printed := false
		for i, m := range op.Members {
			for _, evi := range m.Event.Evidence {
				if evi.Field != name && !strings.HasPrefix(evi.Field, name+".") {
					continue
				}
				text, ok := texts[m.Article.Key]
				if !ok {
					art, err := db.Article(ctx, m.Article.Key)
					if err != nil {
						return err
					}
					text = art.Article.Text
					texts[m.Article.Key] = text
				}
				s := evi.Sentence
				if s.End > len(text) || evi.Span.End > s.End || s.Start > evi.Span.Start {
					continue
				}
				if !printed {
					fmt.Fprintf(w, "  %s\n", name)
					printed = true
				}
				marked := text[s.Start:evi.Span.Start] + "[[" + text[evi.Span.Start:evi.Span.End] + "]]" + text[evi.Span.End:s.End]
				fmt.Fprintf(w, "    [%d] %-16s %s\n", i+1, evi.Field, strings.ReplaceAll(marked, "\n", " "))
			}
		}
	}
	return nil
}
