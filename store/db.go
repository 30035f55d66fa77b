package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/mattn/go-sqlite3"
)

// Each engine has its own migrations folder with the same file names: one
// schema version, written in each engine's SQL.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// ErrNewerSchema is returned by Open for a database written by a newer
// newsfacts: its schema has migrations this build does not know.
var ErrNewerSchema = errors.New("database schema is newer than this newsfacts")

// busyTimeout is how long a write waits for another process's write to end.
const busyTimeout = 10 * time.Second

// ErrNotFound is returned when an event or article does not exist.
var ErrNotFound = errors.New("not found")

// DB is a newsfacts database: a SQLite file or a PostgreSQL database.
// With SQLite, writes go through one connection, so saves are serialised,
// and reads use their own pool and may run beside a writer (WAL). With
// PostgreSQL one pool serves both, and many processes may write at once.
type DB struct {
	path string // file, or URL without its password
	e    engine
	w    *pool // writes (for SQLite, a single connection)
	r    *pool // reads
	now  func() time.Time
}

// Open opens or creates the database named by db and applies pending
// migrations: a postgres:// or postgresql:// URL opens a PostgreSQL
// database (which must exist), anything else is a SQLite file path. It fails
// with ErrNewerSchema, leaving the database untouched, when the database
// comes from a newer version. Errors name the database without a password.
func Open(ctx context.Context, db string) (*DB, error) {
	if db == "" {
		return nil, errors.New("open database: empty path")
	}
	if IsPostgres(db) {
		return openPostgres(ctx, db)
	}
	return openSQLite(ctx, db)
}

// connectTimeout bounds how long Open waits for a PostgreSQL server that
// does not answer, unless the URL sets connect_timeout.
const connectTimeout = 15 * time.Second

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	name := redact(dsn)
	if u, err := url.Parse(dsn); err != nil {
		return nil, fmt.Errorf("open database %s: not a valid URL", name)
	} else if !u.Query().Has("connect_timeout") {
		q := u.Query()
		q.Set("connect_timeout", strconv.Itoa(int(connectTimeout/time.Second)))
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		// pgx's parse errors may quote the URL, password included.
		return nil, fmt.Errorf("open database %s: cannot parse the URL", name)
	}
	p.SetMaxOpenConns(8)
	p.SetMaxIdleConns(8)
	pl := &pool{DB: p, e: postgresEngine}
	db := &DB{path: name, e: postgresEngine, w: pl, r: pl, now: time.Now}
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open database %s: %w", name, describePostgres(err))
	}
	if err := db.migrate(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("open database %s: %w", name, err)
	}
	return db, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := func(txlock string) string {
		q := url.Values{}
		q.Set("_foreign_keys", "on")
		q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", txlock)
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite3", dsn("immediate"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite3", dsn("deferred"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{path: path, e: sqliteEngine, w: &pool{DB: w}, r: &pool{DB: r}, now: time.Now}
	if err := db.connect(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, whyCantOpen(path, err))
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// connect opens the writer's connection, retrying for as long as the busy
// timeout while another process turns a new database file into WAL mode:
// SQLite takes an exclusive lock for that without waiting on its busy
// handler, so processes creating one database at once would fail at once.
func (db *DB) connect(ctx context.Context) error {
	deadline := time.Now().Add(busyTimeout)
	delay := 5 * time.Millisecond
	for {
		err := db.w.PingContext(ctx)
		var se sqlite3.Error
		if !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return describe(err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// whyCantOpen adds the operating system's reason to SQLite's "unable to
// open database file" for a file that exists. On a read-only file system
// SQLite cannot create the shared-memory file that even reading a WAL
// database needs, and says only "no such file or directory".
func whyCantOpen(path string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrCantOpen {
		return err
	}
	f, ferr := os.OpenFile(path, os.O_RDWR, 0)
	if ferr == nil {
		f.Close()
		return err
	}
	if errors.Is(ferr, fs.ErrNotExist) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, ferr)
}

// Path returns the file the database was opened from, or its URL without
// the password: a name safe to print.
func (db *DB) Path() string { return db.path }

// Engine returns "sqlite" or "postgres".
func (db *DB) Engine() string { return db.e.String() }

// Close closes the database.
func (db *DB) Close() error {
	if db.r == db.w {
		return db.w.Close()
	}
	return errors.Join(db.r.Close(), db.w.Close())
}

// migrations returns the engine's embedded migration names in the order
// they apply.
func (e engine) migrations() ([]string, error) {
	dir := "migrations/" + e.String() + "/"
	names, err := fs.Glob(migrationFS, dir+"*.sql")
	if err != nil {
		return nil, err
	}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, dir)
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies each unapplied migration in its own transaction together
// with its row in the migrations table. A database that is up to date is
// only read, so it may be read-only.
func (db *DB) migrate(ctx context.Context) error {
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return describe(fmt.Errorf("read migrations: %w", err))
	}
	names, err := db.e.migrations()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for n := range applied {
		if !known[n] {
			return fmt.Errorf("%w: it has migration %s", ErrNewerSchema, n)
		}
	}
	for _, n := range names {
		if applied[n] {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + db.e.String() + "/" + n)
		if err != nil {
			return err
		}
		if err := db.inTx(ctx, func(tx *tx) error {
			// Another process opening the same new database may have
			// applied it since we looked: the write lock orders us after it.
			if q := db.e.lockMigrations(); q != "" {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
				return err
			}
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, n).Scan(&done); err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, n, db.now().UTC().Format(time.RFC3339))
			return err
		}); err != nil {
			return fmt.Errorf("apply migration %s: %w", n, err)
		}
	}
	return nil
}

// appliedMigrations returns the names in the migrations table, none for a
// new database. It only reads: taking the write lock is left to the
// transactions that apply migrations, which wait for it.
func (db *DB) appliedMigrations(ctx context.Context) (map[string]bool, error) {
	applied := map[string]bool{}
	var n int
	if err := db.w.QueryRowContext(ctx, db.e.hasMigrationsTable()).Scan(&n); err != nil || n == 0 {
		return applied, err
	}
	rows, err := db.w.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		applied[name] = true
	}
	return applied, rows.Err()
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*tx) error) error {
	tx, err := db.w.begin(ctx)
	if err != nil {
		return describe(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return describe(err)
	}
	return describe(tx.Commit())
}

// describe adds a plain-words reason to the database errors a user can act
// on: a read-only file, a full disk, a locked database, a server that went
// away.
func describe(err error) error {
	if err == nil {
		return nil
	}
	if e := describePostgres(err); e != err {
		return e
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrReadonly:
		return fmt.Errorf("database is read-only: %w", err)
	case sqlite3.ErrFull:
		return fmt.Errorf("disk full: %w", err)
	case sqlite3.ErrIoErr:
		// Creating the -shm file on a full disk fails as an I/O error.
		if errors.Is(se.SystemErrno, syscall.ENOSPC) {
			return fmt.Errorf("disk full: %w", err)
		}
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("database is busy (another process is writing): %w", err)
	case sqlite3.ErrCantOpen:
		return fmt.Errorf("cannot open database file: %w", err)
	}
	return err
}
