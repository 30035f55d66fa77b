package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
	"github.com/newsfacts/newsfacts/store/pgtest"
)

// TestCopy_sourceIsReadOnly: copy opens the database it copies from so that
// the database refuses writes, on both engines (a team's PostgreSQL
// database a user only publishes from must never be written by it).
func TestCopy_sourceIsReadOnly(t *testing.T) {
	sources := []struct{ name, db string }{
		{"sqlite", filepath.Join(t.TempDir(), "src.db")},
		{"postgres", pgtest.Database(t)},
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			r := execCLI(t, "ingest", "--db", src.db, "--published", "2024-03-15", "--no-ner", sampleDir)
			require.Equal(t, exitOK, r.code, r.stderr)
			events := readExportString(t, execCLI(t, "export", "--db", src.db).stdout)
			require.NotEmpty(t, events)

			db, err := openSource(t.Context(), src.db)
			require.NoError(t, err)
			defer db.Close()
			err = db.SetReview(t.Context(), events[0].EventID, store.Decision{Status: store.StatusRejected, Reason: "duplicate"})
			require.Error(t, err, "a write through the copy's source must fail")
			assert.Contains(t, err.Error(), "read-only")
		})
	}
}

// TestCLI_copyRefusesDB: --db names neither database of a copy; it is
// refused rather than ignored.
func TestCLI_copyRefusesDB(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	r := execCLI(t, "ingest", "--db", src, "--published", "2024-03-15", "--no-ner", sampleDir)
	require.Equal(t, exitOK, r.code, r.stderr)

	other := filepath.Join(dir, "other.db")
	r = execCLI(t, "copy", "--db", other, "--from", src, "--to", filepath.Join(dir, "dst.db"))
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "copy: --db is not used: name the databases with --from DB and --to DB")
	assert.NoFileExists(t, filepath.Join(dir, "dst.db"), "nothing copied")
	assert.NoFileExists(t, other)

	// $NEWSFACTS_DB, which every command defaults --db to, is no --db given.
	r = execCLIEnv(t, env{dbEnv: other}, "copy", "--from", src, "--to", filepath.Join(dir, "dst.db"))
	assert.Equal(t, exitOK, r.code, r.stderr)
}

// TestCLI_copyCarriesWithdrawal: a decision, and a pick of an operation's
// value, withdrawn in the source after they were copied are withdrawn in
// the target by the next copy, and the copy says so; copying again changes
// nothing.
func TestCLI_copyCarriesWithdrawal(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src.db"), filepath.Join(dir, "dst.db")
	r := execCLI(t, "ingest", "--db", src, "--published", "2024-03-15", "--no-ner", sampleDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	events := readExportString(t, execCLI(t, "export", "--db", src).stdout)
	require.NotEmpty(t, events)
	// decide decides the first event and picks the first value of the
	// first operation, or withdraws both when withdraw is set.
	decide := func(withdraw bool) {
		t.Helper()
		db, err := store.Open(t.Context(), src)
		require.NoError(t, err)
		defer db.Close()
		status := store.StatusAccepted
		ops, err := db.Operations(t.Context(), store.OperationFilter{})
		require.NoError(t, err)
		require.NotEmpty(t, ops)
		f := ops[0].Consensus.Fields()[0]
		value := f.Value
		if withdraw {
			status, value = store.StatusPending, ""
		}
		require.NoError(t, db.SetReview(t.Context(), events[0].EventID, store.Decision{Status: status, Reviewer: "ana"}))
		require.NoError(t, db.PickValue(t.Context(), ops[0].ID, f.Name, value, "ana"))
	}
	decide(false)
	r = execCLI(t, "copy", "--from", src, "--to", dst)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "decisions copied 1, already there 0, withdrawn 0,")
	assert.Contains(t, r.stderr, "operation decisions copied 1, withdrawn 0\n")

	decide(true)
	r = execCLI(t, "copy", "--from", src, "--to", dst)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "decisions copied 0, already there 0, withdrawn 1,")
	assert.Contains(t, r.stderr, "operation decisions copied 0, withdrawn 1\n")
	r = execCLI(t, "copy", "--from", src, "--to", dst)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "decisions copied 0, already there 0, withdrawn 0, kept because newer in "+dst+
		" 0; operation decisions copied 0, withdrawn 0\n")
	db, err := store.OpenReadOnly(t.Context(), dst)
	require.NoError(t, err)
	defer db.Close()
	f, err := db.Fact(t.Context(), events[0].EventID)
	require.NoError(t, err)
	assert.Nil(t, f.Review, "the decision is withdrawn in the target")
	ops, err := db.Operations(t.Context(), store.OperationFilter{})
	require.NoError(t, err)
	for _, f := range ops[0].Consensus.Fields() {
		assert.False(t, f.Picked, "the pick of %s is withdrawn in the target", f.Name)
	}
}
