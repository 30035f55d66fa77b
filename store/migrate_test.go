package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaOf returns every schema object of the database, as the engine
// records it, and the names in its migrations table.
func schemaOf(t *testing.T, e engine, dsn string) (schema, applied []string) {
	t.Helper()
	driver, q := "sqlite3", `SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name`
	if e == postgresEngine {
		driver = "pgx"
		q = `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable ||
				' default=' || coalesce(column_default, '') || ' collate=' || coalesce(collation_name, '')
			FROM information_schema.columns WHERE table_schema = current_schema()
			UNION ALL SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(oid)
				FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
			UNION ALL SELECT 'view ' || viewname || ': ' || definition FROM pg_views WHERE schemaname = current_schema()
			ORDER BY 1`
	}
	raw, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	defer raw.Close()
	rows, err := raw.Query(q)
	require.NoError(t, err)
	for rows.Next() {
		var def string
		require.NoError(t, rows.Scan(&def))
		schema = append(schema, def)
	}
	require.NoError(t, rows.Err())
	rows, err = raw.Query(`SELECT name FROM migrations ORDER BY name`)
	require.NoError(t, err)
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		applied = append(applied, name)
	}
	require.NoError(t, rows.Err())
	return schema, applied
}

// rawDriver returns the database/sql driver name of an engine, for tests
// that build a database by hand.
func rawDriver(e engine) string {
	if e == postgresEngine {
		return "pgx"
	}
	return "sqlite3"
}

// TestOpen_migratesFromEveryEarlierVersion builds a database as each earlier
// build left it, with the first k migrations applied, and checks that Open
// brings it to the schema of a new database.
func TestOpen_migratesFromEveryEarlierVersion(t *testing.T) {
	for _, eng := range []engine{sqliteEngine, postgresEngine} {
		t.Run(eng.String(), func(t *testing.T) {
			dsn := testEngines[eng].dsn
			ctx := context.Background()
			names, err := eng.migrations()
			require.NoError(t, err)
			require.NotEmpty(t, names)
			fresh := dsn(t)
			db, err := Open(ctx, fresh)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			wantSchema, wantApplied := schemaOf(t, eng, fresh)
			assert.Equal(t, names, wantApplied)

			// Each earlier build applied a prefix of the migrations, except
			// the PostgreSQL branch's, which had the queue and the views but
			// not yet review's and operations' migrations (0002, 0003).
			applied := map[string][]string{"branch pg": {"0001_init.sql", "0005_queue.sql", "0006_views.sql"}}
			for k := 0; k <= len(names); k++ {
				applied[fmt.Sprintf("%d of %d applied", k, len(names))] = names[:k]
			}
			for name, done := range applied {
				t.Run(name, func(t *testing.T) {
					path := dsn(t)
					old, err := sql.Open(rawDriver(eng), path)
					require.NoError(t, err)
					_, err = old.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
					require.NoError(t, err)
					for _, n := range done {
						body, err := migrationFS.ReadFile("migrations/" + eng.String() + "/" + n)
						require.NoError(t, err)
						_, err = old.Exec(string(body))
						require.NoError(t, err, n)
						_, err = old.Exec(eng.rebind(`INSERT INTO migrations (name, applied_at) VALUES (?, '2024-01-01T00:00:00Z')`), n)
						require.NoError(t, err)
					}
					require.NoError(t, old.Close())

					db, err := Open(ctx, path)
					require.NoError(t, err)
					require.NoError(t, db.Close())
					schema, applied := schemaOf(t, eng, path)
					assert.Equal(t, wantSchema, schema)
					assert.Equal(t, wantApplied, applied)
				})
			}
		})
	}
}

// TestOpen_sameSchemaVersionInEveryEngine keeps one schema version: each
// engine has a migration of every name, so a database of either engine at
// version N has the same tables and meaning.
func TestOpen_sameSchemaVersionInEveryEngine(t *testing.T) {
	lite, err := sqliteEngine.migrations()
	require.NoError(t, err)
	pg, err := postgresEngine.migrations()
	require.NoError(t, err)
	assert.Equal(t, lite, pg)
}

// TestOpen_concurrentlyOnANewDatabase opens one new database from several
// handles at once, as two newsfacts processes started together do: each
// migration is applied once and every Open succeeds.
func TestOpen_concurrentlyOnANewDatabase(t *testing.T) {
	for _, eng := range []engine{sqliteEngine, postgresEngine} {
		t.Run(eng.String(), func(t *testing.T) {
			ctx := context.Background()
			for round := range 5 {
				path := testEngines[eng].dsn(t)
				errs := make([]error, 4)
				var wg sync.WaitGroup
				for i := range errs {
					wg.Go(func() {
						db, err := Open(ctx, path)
						if err == nil {
							err = db.Close()
						}
						errs[i] = err
					})
				}
				wg.Wait()
				for _, err := range errs {
					require.NoError(t, err, "round %d", round)
				}
				_, applied := schemaOf(t, eng, path)
				names, err := eng.migrations()
				require.NoError(t, err)
				assert.Equal(t, names, applied)
			}
		})
	}
}

// TestOpen_keepsDecisionsFresh opens a database written before migration
// 0002 (decision versions) holding a decided event, and saves the
// event's article again: the decision stays attached and fresh, with
// revision 1 and its article recorded, so an upgrade does not make every
// decision stale.
func TestOpen_keepsDecisionsFresh(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", path)
	require.NoError(t, err)
	body, err := migrationFS.ReadFile("migrations/sqlite/0001_init.sql")
	require.NoError(t, err)
	_, err = old.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);` + string(body) +
		`INSERT INTO migrations (name, applied_at) VALUES ('0001_init.sql', '2024-01-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, old.Close())

	// Save the article with this build, then turn the database back into
	// what 0001 left: the decision row as an old build wrote it.
	it := sampleItem(t, "kz-1", sampleText)
	db, err := Open(ctx, path)
	require.NoError(t, err)
	key := savedKey(t, db, it)
	_, err = db.w.ExecContext(ctx, `INSERT INTO reviews (event_key, status, reviewed_at, evidence_hash)
		SELECT event_key, 'accepted', '2024-01-02T00:00:00Z', evidence_hash FROM events`)
	require.NoError(t, err)
	_, err = db.w.ExecContext(ctx, `DROP TABLE review_revisions; DROP TABLE review_history; DROP TABLE review_claims; DROP INDEX reviews_article; DROP INDEX events_queue; DROP INDEX events_confidence; DROP INDEX events_country_queue;
		ALTER TABLE events DROP COLUMN review_state;
		ALTER TABLE reviews DROP COLUMN article_key; ALTER TABLE reviews DROP COLUMN decided_values;
		DELETE FROM migrations WHERE name = '0002_review.sql'`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	db, err = Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	check := func(t *testing.T) {
		t.Helper()
		f, err := db.Fact(ctx, key)
		require.NoError(t, err)
		require.NotNil(t, f.Review)
		assert.False(t, f.Review.Stale)
		assert.True(t, strings.HasSuffix(f.Version, ".1"), f.Version)
	}
	check(t)
	var article string
	require.NoError(t, db.r.QueryRowContext(ctx, `SELECT article_key FROM reviews WHERE event_key = ?`, key).Scan(&article))
	assert.Equal(t, ArticleKey("kz-1"), article)

	// Saving the article again recomputes the hash with this build.
	it.Article.Title = "a new title"
	saved, err := db.Save(ctx, it)
	require.NoError(t, err)
	require.Equal(t, Updated, saved[0].Status)
	check(t)
}

// TestOpenReadOnly_schema: a read-only open reads an up-to-date database,
// names an older or newer schema, and never writes.
func TestOpenReadOnly_schema(t *testing.T) {
	tests := []struct {
		name   string
		change string // SQL run on a fresh database first
		want   error
	}{
		{"up to date", "", nil},
		{"older", "DELETE FROM migrations WHERE name = (SELECT max(name) FROM migrations)", ErrOlderSchema},
		{"newer", "INSERT INTO migrations VALUES ('0999_future.sql', '2030-01-01T00:00:00Z')", ErrNewerSchema},
	}
	for _, eng := range []engine{sqliteEngine, postgresEngine} {
		for _, tc := range tests {
			t.Run(eng.String()+"/"+tc.name, func(t *testing.T) {
				path := testEngines[eng].dsn(t)
				db, err := Open(context.Background(), path)
				require.NoError(t, err)
				require.NoError(t, db.Close())
				if tc.change != "" {
					raw, err := sql.Open(rawDriver(eng), path)
					require.NoError(t, err)
					_, err = raw.Exec(tc.change)
					require.NoError(t, err)
					require.NoError(t, raw.Close())
				}
				schema, applied := schemaOf(t, eng, path)
				ro, err := OpenReadOnly(context.Background(), path)
				if tc.want != nil {
					require.ErrorIs(t, err, tc.want)
				} else {
					require.NoError(t, err)
					_, err = ro.w.ExecContext(context.Background(), `CREATE TABLE x (y INTEGER)`)
					assert.Error(t, err, "writes fail")
					_, err = ro.w.ExecContext(context.Background(), `DELETE FROM migrations`)
					assert.Error(t, err, "writes fail")
					require.NoError(t, ro.Close())
				}
				gotSchema, gotApplied := schemaOf(t, eng, path)
				assert.Equal(t, schema, gotSchema)
				assert.Equal(t, applied, gotApplied)
			})
		}
	}
}
