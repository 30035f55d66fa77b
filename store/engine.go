package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// engine is the SQL database behind a DB. Queries are written once, with ?
// placeholders and SQL both engines accept; the few statements that differ
// are the small methods below, side by side.
type engine int

const (
	sqliteEngine engine = iota
	postgresEngine
)

func (e engine) String() string {
	if e == postgresEngine {
		return "postgres"
	}
	return "sqlite"
}

// IsPostgres reports whether a --db value names a PostgreSQL database
// (postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// redact returns the name of a database safe to print: a PostgreSQL URL
// without its password, a file path as given.
func redact(db string) string {
	if !IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		// Unparseable: print no more than the scheme, which holds no secret.
		return strings.SplitN(db, ":", 2)[0] + "://…"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, …, leaving quoted
// strings and identifiers alone.
func (e engine) rebind(q string) string {
	if e != postgresEngine || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// jsonText is the SQL expression for the text at a key path inside a JSON
// text column, NULL when absent.
func (e engine) jsonText(col string, path ...string) string {
	if e == postgresEngine {
		return fmt.Sprintf("(%s::jsonb #>> '{%s}')", col, strings.Join(path, ","))
	}
	return fmt.Sprintf("json_extract(%s, '$.%s')", col, strings.Join(path, "."))
}

// lockRow is the clause that locks the rows a SELECT in a write
// transaction reads until it ends. SQLite needs none: a write transaction
// already holds the only write lock.
func (e engine) lockRow() string {
	if e == postgresEngine {
		return " FOR UPDATE"
	}
	return ""
}

// skipLocked is lockRow for a queue: rows another transaction holds are
// passed over instead of waited for.
func (e engine) skipLocked() string {
	if e == postgresEngine {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// nowMillis is the SQL expression for the database's clock in milliseconds
// since 1970. Leases use the database's clock, which every worker machine
// shares, rather than each machine's own.
func (e engine) nowMillis() string {
	if e == postgresEngine {
		return `CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)`
	}
	return `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`
}

// hasMigrationsTable is the query telling whether the migrations table
// exists.
func (e engine) hasMigrationsTable() string {
	if e == postgresEngine {
		return `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'migrations'`
	}
	return `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`
}

// countTables is the query for the number of tables in the database and
// whether one of them is the migrations table.
func (e engine) countTables() string {
	if e == postgresEngine {
		return `SELECT count(*), count(*) FILTER (WHERE tablename = 'migrations') FROM pg_tables WHERE schemaname = current_schema()`
	}
	return `SELECT count(*), count(*) FILTER (WHERE name = 'migrations') FROM sqlite_master WHERE type = 'table'`
}

// lockMigrations is run first in each migration transaction so that
// processes opening a new database together apply each migration once.
// SQLite's immediate transactions already serialise them.
func (e engine) lockMigrations() string {
	if e == postgresEngine {
		return `SELECT pg_advisory_xact_lock(8172534901)`
	}
	return ""
}

// lockLinking is run first in a linking transaction so that processes
// linking one database at once (several "work" processes finishing
// together) link one after the other, the later starting from the earlier's
// operations. SQLite's immediate transactions already serialise them.
func (e engine) lockLinking() string {
	if e == postgresEngine {
		return `SELECT pg_advisory_xact_lock(8172534902)`
	}
	return ""
}

// describePostgres adds a plain-words reason to the PostgreSQL errors a user
// can act on: a server that is down or went away, a refused login.
func describePostgres(err error) error {
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	var ne *net.OpError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return fmt.Errorf("login refused: %w", err)
		case pe.Code == "3D000":
			return fmt.Errorf("no such database: %w", err)
		case strings.HasPrefix(pe.Code, "57P"), strings.HasPrefix(pe.Code, "08"):
			return fmt.Errorf("database server went away: %w", err)
		}
	case errors.As(err, &ce):
		if errors.As(err, &pe) {
			return describePostgres(pe)
		}
		return fmt.Errorf("database server unreachable: %w", oneLine{err})
	case pgconn.Timeout(err):
		return fmt.Errorf("database server did not answer in time: %w", oneLine{err})
	case errors.As(err, &ne), errors.Is(err, sql.ErrConnDone), errors.Is(err, driver.ErrBadConn):
		return fmt.Errorf("database server unreachable: %w", oneLine{err})
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		// The connection closed in the middle of an answer: the server
		// stopped (or crashed) while a statement ran.
		return fmt.Errorf("database server went away: %w", err)
	}
	return err
}

// oneLine prints a multi-line error on one line, each distinct line once:
// pgx lists every address and TLS mode it tried on a line of its own, often
// the same failure twice.
type oneLine struct{ err error }

func (e oneLine) Error() string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range strings.Split(e.err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !seen[l] {
			seen[l] = true
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

func (e oneLine) Unwrap() error { return e.err }

// pool is a database/sql handle whose queries are written for either
// engine; tx is a transaction on one.
type pool struct {
	*sql.DB
	e engine
}

type tx struct {
	*sql.Tx
	e engine
}

func (p *pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(ctx, p.e.rebind(q), args...)
}

func (p *pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(ctx, p.e.rebind(q), args...)
}

func (p *pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.DB.QueryRowContext(ctx, p.e.rebind(q), args...)
}

func (p *pool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.DB.PrepareContext(ctx, p.e.rebind(q))
}

func (p *pool) begin(ctx context.Context) (*tx, error) {
	t, err := p.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &tx{Tx: t, e: p.e}, nil
}

func (t *tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.e.rebind(q), args...)
}

func (t *tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.e.rebind(q), args...)
}

func (t *tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.e.rebind(q), args...)
}

func (t *tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.Tx.PrepareContext(ctx, t.e.rebind(q))
}
