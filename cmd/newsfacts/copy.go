package main

import (
	"context"
	"fmt"

	"github.com/newsfacts/newsfacts/store"
)

// runCopy is "newsfacts copy --from DB --to DB": it publishes a local
// SQLite database to a team's PostgreSQL database, or brings one back.
func runCopy(ctx context.Context, args []string, e env) error {
	fs, _ := newFlags("copy", e)
	from := fs.String("from", "", "the database to copy from: a SQLite file `path` or a postgres:// URL")
	to := fs.String("to", "", "the database to copy into (created for SQLite; it must exist for PostgreSQL)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usageError{"copy: want --from DB and --to DB"}
	}
	if *from == *to {
		return usageError{"copy: --from and --to name the same database"}
	}
	src, err := openExisting(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	st, err := store.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "articles copied %d (events %d), already there %d; decisions copied %d, already there %d, kept because newer in %s %d\n",
		st.Articles, st.Events, st.ArticlesUnchanged, st.Reviews, st.ReviewsUnchanged, dst.Path(), st.ReviewsKeptNewer)
	return nil
}
