package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newsfacts/newsfacts/store"
)

// runImportReviews stores the decisions of a Label Studio export made
// from "export --format labelstudio" tasks.
func runImportReviews(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("import-reviews", e)
	reviewer := fs.String("reviewer", "", "record the decisions under this `name` instead of each Label Studio annotator")
	config := fs.Bool("config", false, "print the Label Studio labeling interface the exported tasks are made for, and exit")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *config {
		_, err := io.WriteString(e.stdout, store.LabelStudioConfig())
		return err
	}
	if len(pos) != 1 {
		return usageError{"import-reviews: want one FILE, a Label Studio JSON export (- for standard input)"}
	}
	in := e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("import-reviews: %w", err)
		}
		defer f.Close()
		in = f
	}
	reviews, err := store.ReadLabelStudio(in, *reviewer)
	if err != nil {
		return fmt.Errorf("import-reviews %s: %w", pos[0], err)
	}
	partners, err := knownPartners()
	if err != nil {
		return fmt.Errorf("import-reviews: %w", err)
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.ImportReviews(ctx, reviews, partners)
	for _, c := range rep.Conflicts {
		fmt.Fprintf(e.stderr, "%s: task %d: event %s changed since the export: not stored, decide it again\n", pos[0], c.Task, c.EventKey)
	}
	for _, m := range rep.Missing {
		fmt.Fprintf(e.stderr, "%s: task %d: event %s no longer exists: not stored\n", pos[0], m.Task, m.EventKey)
	}
	fmt.Fprintf(e.stderr, "stored %d decisions, %d refused (changed), %d for missing events\n", rep.Stored, len(rep.Conflicts), len(rep.Missing))
	if err != nil {
		return fmt.Errorf("import-reviews %s: %w", pos[0], err)
	}
	if len(rep.Conflicts)+len(rep.Missing) > 0 {
		return errPartial
	}
	return nil
}
