package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dumpDatabase fingerprints everything stored in the database at path: its
// schema and every row of every table, whatever their order on disk.
// Immutable reads a database on a read-only file system, ignoring any WAL.
func dumpDatabase(t *testing.T, path string, immutable bool) string {
	t.Helper()
	dsn := "file:" + path + "?mode=ro"
	if immutable {
		dsn += "&immutable=1"
	}
	db, err := sql.Open("sqlite3", dsn)
	require.NoError(t, err)
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	require.NoError(t, err)
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	require.NoError(t, rows.Err())
	h := sha256.New()
	var schema string
	require.NoError(t, db.QueryRow(`SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)`).Scan(&schema))
	fmt.Fprintln(h, schema)
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		require.NoError(t, rows.Err())
		sort.Strings(lines)
		fmt.Fprintf(h, "%s %d\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fileSum returns the SHA-256 of the file at path.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// assertOneError checks that a run failed with exit status 2 and one
// "error:" line that says each of want.
func assertOneError(t *testing.T, res cliResult, want ...string) {
	t.Helper()
	assert.Equal(t, exitUsage, res.code, "stderr:\n%s", res.stderr)
	var errs []string
	for _, l := range strings.Split(res.stderr, "\n") {
		if strings.HasPrefix(l, "error: ") {
			errs = append(errs, l)
		}
	}
	require.Len(t, errs, 1, "one error line in:\n%s", res.stderr)
	for _, w := range want {
		assert.Contains(t, errs[0], w)
	}
}

func TestIngest_newerSchemaIsRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "future.db")
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(t, corpus, 0, 20)
	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", corpus)
	require.Equal(t, exitOK, res.code, res.stderr)

	raw, err := sql.Open("sqlite3", dbPath)
	require.NoError(t, err)
	_, err = raw.Exec(`INSERT INTO migrations (name, applied_at) VALUES ('0999_future.sql', '2030-01-01T00:00:00Z')`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	before, sum := dumpDatabase(t, dbPath, false), fileSum(t, dbPath)

	more := filepath.Join(dir, "more.jsonl")
	writeCorpus(t, more, 100, 110)
	for _, args := range [][]string{
		{"ingest", "--db", dbPath, more},
		{"export", "--db", dbPath},
		{"events", "--db", dbPath},
	} {
		t.Run(args[0], func(t *testing.T) {
			res := execCLI(t, args...)
			assertOneError(t, res, dbPath, "database schema is newer than this newsfacts", "0999_future.sql")
			assert.Equal(t, before, dumpDatabase(t, dbPath, false))
			assert.Equal(t, sum, fileSum(t, dbPath))
		})
	}
}

// TestRead_otherDatabasesAreLeftAlone: the commands that only read refuse a
// SQLite file that is not a newsfacts database, saying so, and leave it
// byte for byte as it was (they used to add newsfacts tables to it).
func TestRead_otherDatabasesAreLeftAlone(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "contacts.db")
	raw, err := sql.Open("sqlite3", other)
	require.NoError(t, err)
	_, err = raw.Exec(`CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ana')`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	empty := filepath.Join(dir, "empty.db")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))

	for _, tc := range []struct{ db, want string }{
		{other, "not a newsfacts database: it holds another program's tables"},
		{empty, "not a newsfacts database: it is empty"},
	} {
		sum := fileSum(t, tc.db)
		for _, args := range [][]string{
			{"events", "--db", tc.db},
			{"export", "--db", tc.db},
			{"show", "--db", tc.db, "e0"},
			{"eval", "--db", tc.db, "--gold", filepath.Join(dir, "gold.jsonl")},
		} {
			t.Run(filepath.Base(tc.db)+"/"+args[0], func(t *testing.T) {
				if args[0] == "eval" {
					require.NoError(t, os.WriteFile(args[4], []byte(`{"id": "a", "events": []}`+"\n"), 0o644))
				}
				res := execCLI(t, args...)
				assertOneError(t, res, tc.db, tc.want)
				assert.Equal(t, sum, fileSum(t, tc.db))
				_, err := os.Stat(tc.db + "-wal")
				assert.ErrorIs(t, err, os.ErrNotExist, "no WAL file made")
			})
		}
	}
}
