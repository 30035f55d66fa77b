package store

import (
	"context"
	"database/sql"
	"fmt"
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

			for k := 0; k <= len(names); k++ {
				t.Run(fmt.Sprintf("%d of %d applied", k, len(names)), func(t *testing.T) {
					path := dsn(t)
					old, err := sql.Open(rawDriver(eng), path)
					require.NoError(t, err)
					_, err = old.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
					require.NoError(t, err)
					for _, n := range names[:k] {
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
