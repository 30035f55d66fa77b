package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaOf returns every schema object of the database at path, as SQLite
// records it, and the names in its migrations table.
func schemaOf(t *testing.T, path string) (schema, applied []string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer raw.Close()
	rows, err := raw.Query(`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	require.NoError(t, err)
	for rows.Next() {
		var typ, name, table, def string
		require.NoError(t, rows.Scan(&typ, &name, &table, &def))
		schema = append(schema, fmt.Sprintf("%s %s on %s: %s", typ, name, table, def))
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

// TestOpen_migratesFromEveryEarlierVersion builds a database as each earlier
// build left it, with the first k migrations applied, and checks that Open
// brings it to the schema of a new database.
func TestOpen_migratesFromEveryEarlierVersion(t *testing.T) {
	ctx := context.Background()
	names, err := migrations()
	require.NoError(t, err)
	require.NotEmpty(t, names)
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	db, err := Open(ctx, fresh)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	wantSchema, wantApplied := schemaOf(t, fresh)
	assert.Equal(t, names, wantApplied)

	for k := 0; k <= len(names); k++ {
		t.Run(fmt.Sprintf("%d of %d applied", k, len(names)), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			old, err := sql.Open("sqlite3", path)
			require.NoError(t, err)
			_, err = old.Exec(`CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
			require.NoError(t, err)
			for _, n := range names[:k] {
				body, err := migrationFS.ReadFile("migrations/" + n)
				require.NoError(t, err)
				_, err = old.Exec(string(body))
				require.NoError(t, err, n)
				_, err = old.Exec(`INSERT INTO migrations (name, applied_at) VALUES (?, '2024-01-01T00:00:00Z')`, n)
				require.NoError(t, err)
			}
			require.NoError(t, old.Close())

			db, err := Open(ctx, path)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			schema, applied := schemaOf(t, path)
			assert.Equal(t, wantSchema, schema)
			assert.Equal(t, wantApplied, applied)
		})
	}
}

// TestOpen_concurrentlyOnANewDatabase opens one new database from several
// handles at once, as two newsfacts processes started together do: each
// migration is applied once and every Open succeeds.
func TestOpen_concurrentlyOnANewDatabase(t *testing.T) {
	ctx := context.Background()
	for round := range 10 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("race-%d.db", round))
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
		_, applied := schemaOf(t, path)
		names, err := migrations()
		require.NoError(t, err)
		assert.Equal(t, names, applied)
	}
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
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ro.db")
			db, err := Open(context.Background(), path)
			require.NoError(t, err)
			require.NoError(t, db.Close())
			if tc.change != "" {
				raw, err := sql.Open("sqlite3", path)
				require.NoError(t, err)
				_, err = raw.Exec(tc.change)
				require.NoError(t, err)
				require.NoError(t, raw.Close())
			}
			schema, applied := schemaOf(t, path)
			ro, err := OpenReadOnly(context.Background(), path)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			} else {
				require.NoError(t, err)
				_, err = ro.w.Exec(`CREATE TABLE x (y)`)
				assert.Error(t, err, "writes fail")
				require.NoError(t, ro.Close())
			}
			gotSchema, gotApplied := schemaOf(t, path)
			assert.Equal(t, schema, gotSchema)
			assert.Equal(t, applied, gotApplied)
		})
	}
}
