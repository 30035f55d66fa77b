package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/newsfacts/newsfacts/store"
)

// runCopy is "newsfacts copy --from DB --to DB": it publishes a local
// SQLite database to a team's PostgreSQL database, or brings one back.
func runCopy(ctx context.Context, args []string, e env) error {
	fs, _ := newFlags("copy", e)
	fs.Lookup("db").Usage = "not used: copy names its two databases with --from and --to"
	from := fs.String("from", "", "the database to copy from, opened read-only: a SQLite file `path` or a postgres:// URL")
	to := fs.String("to", "", "the database to copy into (created for SQLite; it must exist for PostgreSQL)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	// Every other command works on --db: a user who types it here means
	// one of the two databases, and copy must not guess which.
	dbGiven := false
	fs.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
	if dbGiven {
		return usageError{"copy: --db is not used: name the databases with --from DB and --to DB"}
	}
	if *from == "" || *to == "" {
		return usageError{"copy: want --from DB and --to DB"}
	}
	if *from == *to {
		return usageError{"copy: --from and --to name the same database"}
	}
	src, err := openSource(ctx, *from)
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
	fmt.Fprintf(e.stderr, "articles copied %d (events %d), already there %d; decisions copied %d, already there %d, withdrawn %d, "+
		"kept because newer in %s %d; operation decisions copied %d, withdrawn %d\n", st.Articles, st.Events, st.ArticlesUnchanged,
		st.Reviews, st.ReviewsUnchanged, st.ReviewsWithdrawn, dst.Path(), st.ReviewsKeptNewer, st.OperationDecisions,
		st.OperationWithdrawals)
	return nil
}

// openSource opens the database copy reads from so that nothing can write
// to it: a team's PostgreSQL database read by a user who only publishes
// from it, a local file copied back. A source with an older schema is
// refused with the way to upgrade it, rather than upgraded behind the
// user's back.
func openSource(ctx context.Context, path string) (*store.DB, error) {
	return store.OpenReadOnly(ctx, path)
}
