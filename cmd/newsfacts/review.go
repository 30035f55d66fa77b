package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/review"
)

// runReview serves the review UI (package review) for a database until
// ctx is cancelled.
func runReview(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("review", e)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port); keep it on 127.0.0.1 unless you mean to share the database")
	reviewer := fs.String("reviewer", os.Getenv("USER"), "`name` recorded with each decision")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("review: unexpected argument %q", pos[0])}
	}
	partners, err := knownPartners()
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := review.New(db, review.Options{
		Reviewer: *reviewer,
		Addr:     *addr,
		Log:      slog.New(slog.NewTextHandler(e.stderr, nil)),
		Partners: partners,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	fmt.Fprintf(e.stderr, "reviewing %s at http://%s/ as %q (Ctrl-C to stop)\n", db.Path(), ln.Addr(), *reviewer)
	if *reviewer == "" {
		fmt.Fprintln(e.stderr, "warning: decisions will carry no reviewer name (set --reviewer)")
	}
	if !review.IsLoopback(*addr) {
		fmt.Fprintf(e.stderr, "warning: %s is reachable from other machines, and the review UI has no login\n", *addr)
	}
	return serve(ctx, ln, h)
}

// knownPartners returns the partner ids of the embedded gazetteers: the
// ids a reviewer's correction may add. Only the rules are built, no model.
func knownPartners() (extract.PartnerIDs, error) {
	x, err := extract.New(extract.Options{RulesOnly: true})
	if err != nil {
		return extract.PartnerIDs{}, err
	}
	return x.PartnerIDs(), nil
}

// serve runs h on ln until ctx is cancelled, then shuts down gracefully,
// letting requests in flight finish for a few seconds.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// Requests outlive ctx by the shutdown grace period, not more.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("review: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("review: shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}
