package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestCLI_everyCommandOnPostgres runs the README quick start and the
// reading commands against PostgreSQL and SQLite: the same output from
// both, and a re-run that changes nothing.
func TestCLI_everyCommandOnPostgres(t *testing.T) {
	dir := t.TempDir()
	dbs := map[string]string{"sqlite": filepath.Join(dir, "nf.db"), "postgres": pgtest.Database(t)}
	outputs := map[string][]string{}
	for name, db := range dbs {
		_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--published", "2024-03-15", sampleDir)
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		assert.Contains(t, stderr, "read 5, new 5, unchanged 0, updated 0, failed 0", name)
		_, stderr, code = runCLI(t, "", "ingest", "--db", db, "--published", "2024-03-15", sampleDir)
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		assert.Contains(t, stderr, "read 5, new 0, unchanged 5, updated 0, failed 0", name)

		events, stderr, code := runCLI(t, "", "events", "--db", db, "--json")
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		exported, stderr, code := runCLI(t, "", "export", "--db", db)
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		csv, stderr, code := runCLI(t, "", "export", "--db", db, "--format", "csv", "--table", "articles")
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		first := strings.SplitN(exported, `"event_id":"`, 2)
		require.Len(t, first, 2, "%s: no event exported", name)
		shown, stderr, code := runCLI(t, "", "show", "--db", db, first[1][:16])
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		outputs[name] = []string{events, exported, csv, shown}
	}
	assert.Equal(t, outputs["sqlite"], outputs["postgres"])
}

// TestCLI_databaseFromEnvironment takes the database from NEWSFACTS_DB
// when --db is not given.
func TestCLI_databaseFromEnvironment(t *testing.T) {
	db := pgtest.Database(t)
	r := execCLIEnv(t, env{dbEnv: db}, "ingest", "--published", "2024-03-15", sampleDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	counts := tableCounts(t, db)
	assert.Equal(t, 5, counts["articles"])
}
