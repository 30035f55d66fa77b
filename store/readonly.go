package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// ErrNotNewsfacts is returned by OpenReadOnly for a SQLite file that holds
// no newsfacts schema: another program's database, or an empty file.
var ErrNotNewsfacts = errors.New("not a newsfacts database")

// ErrOlderSchema is returned by OpenReadOnly for a database that lacks
// migrations this build knows: a newsfacts write (ingest) upgrades it.
var ErrOlderSchema = errors.New("database schema is older than this newsfacts")

// OpenReadOnly opens an existing database for reading only: it never
// creates the file, applies migrations or writes, so it is safe on another
// program's SQLite file and on a read-only file system (where it opens the
// file as immutable, since nothing can change it). It fails with
// ErrNotNewsfacts, ErrOlderSchema or ErrNewerSchema when the schema is not
// the one this build reads. Every write on the returned DB fails.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if IsPostgres(path) {
		return openPostgresRO(ctx, path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := openRO(ctx, path, false)
	if err != nil && !writableDir(path) {
		// A WAL database needs a shared-memory file beside it even to be
		// read; where none can be made, nobody can be writing either.
		db, err = openRO(ctx, path, true)
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, whyCantOpen(path, err))
	}
	if err := db.checkSchema(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return db, nil
}

func openRO(ctx context.Context, path string, immutable bool) (*DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	if immutable {
		q.Set("immutable", "1")
	}
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite3", dsn)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	db := &DB{path: path, e: sqliteEngine, w: &pool{DB: w}, r: &pool{DB: r}, now: time.Now}
	if err := db.r.PingContext(ctx); err != nil {
		db.Close()
		return nil, describe(err)
	}
	// Reading the schema is the first real read: a WAL database whose
	// shared memory cannot be set up fails here, not at Ping.
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		db.Close()
		return nil, describe(err)
	}
	return db, nil
}

// openPostgresRO opens a PostgreSQL database in sessions whose
// transactions are read-only (default_transaction_read_only), so the server
// itself refuses every write, whatever the user may do.
func openPostgresRO(ctx context.Context, dsn string) (*DB, error) {
	name := redact(dsn)
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: not a valid URL", name)
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", strconv.Itoa(int(connectTimeout/time.Second)))
	}
	// pgx sends query parameters it does not know as run-time settings.
	q.Set("default_transaction_read_only", "on")
	u.RawQuery = q.Encode()
	p, err := sql.Open("pgx", u.String())
	if err != nil {
		// pgx's parse errors may quote the URL, password included.
		return nil, fmt.Errorf("open database %s: cannot parse the URL", name)
	}
	p.SetMaxOpenConns(4)
	pl := &pool{DB: p, e: postgresEngine}
	db := &DB{path: name, e: postgresEngine, w: pl, r: pl, now: time.Now}
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open database %s: %w", name, describePostgres(err))
	}
	if err := db.checkSchema(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	return db, nil
}

// writableDir reports whether files can be created beside path.
func writableDir(path string) bool {
	return syscall.Access(filepath.Dir(path), 2 /* W_OK */) == nil
}

// checkSchema compares the database's applied migrations with this build's.
func (db *DB) checkSchema(ctx context.Context) error {
	var tables, hasMigrations int
	if err := db.r.QueryRowContext(ctx, db.e.countTables()).Scan(&tables, &hasMigrations); err != nil {
		return describe(err)
	}
	switch {
	case tables == 0:
		return fmt.Errorf("%w: it is empty (run \"newsfacts ingest\" first)", ErrNotNewsfacts)
	case hasMigrations == 0:
		return fmt.Errorf("%w: it holds another program's tables and none of newsfacts'; it was left untouched", ErrNotNewsfacts)
	}
	applied := map[string]bool{}
	rows, err := db.r.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		applied[name] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	names, err := db.e.migrations()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	var missing []string
	for _, n := range names {
		known[n] = true
		if !applied[n] {
			missing = append(missing, n)
		}
	}
	for n := range applied {
		if !known[n] {
			return fmt.Errorf("%w: it has migration %s", ErrNewerSchema, n)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: it lacks migration %s; run \"newsfacts ingest\" (with any input) once to upgrade it", ErrOlderSchema, missing[0])
	}
	return nil
}
