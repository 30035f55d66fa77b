package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
	"github.com/newsfacts/newsfacts/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestCLI_everyCommandOnPostgres runs the README quick start, the reading
// commands and eval against PostgreSQL and SQLite: the same output from
// both, and a re-run that changes nothing. (review's handlers use the same
// store calls, which the store's tests run on both engines.)
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
		scored, stderr, code := runCLI(t, "", "eval", "--db", db, "--gold", "../../testdata/holdout/gold.jsonl",
			"--articles", "../../testdata/holdout/articles.jsonl")
		require.Equal(t, exitOK, code, "%s: %s", name, stderr)
		outputs[name] = []string{events, exported, csv, shown, scored}
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

// TestWork_parksAFailingJob: a job whose input keeps failing is tried
// --max-attempts times, then parked with its error, and the other jobs are
// done; queue status says so.
func TestWork_parksAFailingJob(t *testing.T) {
	db := pgtest.Database(t)
	dir := t.TempDir()
	writeCorpus(t, filepath.Join(dir, "good.jsonl"), 0, 3)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.jsonl"), []byte("{\"id\": \"x\", \"maintext\": \n"), 0o644))

	r := execCLI(t, "queue", "add", "--db", db, dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "queued 2 new jobs")
	r = execCLI(t, "queue", "add", "--db", db, filepath.Join(dir, "good.jsonl"))
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "queued 0 new jobs (1 inputs given, 1 already queued)")

	r = execCLI(t, "work", "--db", db, "--max-attempts", "2", "--poll", "50ms", "--no-ner")
	assert.Equal(t, exitPartial, r.code, r.stderr)
	assert.Contains(t, r.stderr, "failed (attempt 1 of 2, will retry): "+filepath.Join(dir, "broken.jsonl"))
	assert.Contains(t, r.stderr, "failed (attempt 2 of 2, parked): "+filepath.Join(dir, "broken.jsonl"))
	assert.Contains(t, r.stderr, "done: "+filepath.Join(dir, "good.jsonl")+": new 3")

	r = execCLI(t, "queue", "status", "--db", db)
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2, r.stdout)
	assert.Equal(t, "pending 0, running 0, done 1, failed 1", lines[0])
	assert.Contains(t, lines[1], "failed after 2 attempts: "+filepath.Join(dir, "broken.jsonl")+": "+filepath.Join(dir, "broken.jsonl")+":1:")
	assert.Equal(t, 3, tableCounts(t, db)["articles"])
}

// TestCLI_copy publishes a SQLite database with a review decision to
// PostgreSQL and back: the exports match, and a second copy changes nothing.
func TestCLI_copy(t *testing.T) {
	dir := t.TempDir()
	local, back := filepath.Join(dir, "local.db"), filepath.Join(dir, "back.db")
	team := pgtest.Database(t)
	r := execCLI(t, "ingest", "--db", local, "--published", "2024-03-15", "--no-ner", sampleDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	events := readExportString(t, execCLI(t, "export", "--db", local).stdout)
	require.NotEmpty(t, events)
	db, err := store.Open(t.Context(), local)
	require.NoError(t, err)
	require.NoError(t, db.SetReview(t.Context(), events[0].EventID, store.Decision{Status: store.StatusRejected, Reason: "duplicate"}))
	require.NoError(t, db.Close())
	want := execCLI(t, "export", "--db", local).stdout

	r = execCLI(t, "copy", "--from", local, "--to", team)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "articles copied 5")
	assert.Contains(t, r.stderr, "decisions copied 1")
	assert.Equal(t, want, execCLI(t, "export", "--db", team).stdout)
	r = execCLI(t, "copy", "--from", local, "--to", team)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "articles copied 0 (events 0), already there 5; decisions copied 0, already there 1")

	r = execCLI(t, "copy", "--from", team, "--to", back)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, want, execCLI(t, "export", "--db", back).stdout)

	r = execCLI(t, "copy", "--from", filepath.Join(dir, "missing.db"), "--to", team)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "missing.db")
}

// TestCLI_postgresDown: a server that does not answer, or a refused
// database, gives a clear error naming the database without its password,
// and exit status 2, for every command.
func TestCLI_postgresDown(t *testing.T) {
	c := pgtest.Start(t)
	good, err := url.Parse(c.NewDatabase(t))
	require.NoError(t, err)
	withPassword := *good
	withPassword.User = url.UserPassword("newsfacts", "s3cret-pw")
	missing := withPassword
	missing.Path = "/nosuchdb"
	cases := []struct{ name, db, want string }{
		{"nothing listening", "postgres://ana:s3cret-pw@127.0.0.1:1/newsfacts", "database server unreachable"},
		{"password in the query", "postgres://127.0.0.1:1/newsfacts?user=ana&password=s3cret-pw", "database server unreachable"},
		{"no such database", missing.String(), "no such database"},
	}
	for _, tc := range cases {
		for _, args := range [][]string{{"ingest", "--no-ner", sampleDir}, {"events"}, {"export"}, {"queue", "status"}, {"work", "--no-ner"}} {
			t.Run(tc.name+"/"+args[0], func(t *testing.T) {
				args = append(args[:len(args):len(args)], "--db", tc.db)
				r := execCLI(t, args...)
				assert.Equal(t, exitUsage, r.code)
				assert.NotContains(t, r.stderr+r.stdout, "s3cret-pw")
				assert.Contains(t, r.stderr, "error: open database postgres://")
				assert.Contains(t, r.stderr, tc.want)
				assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %s", r.stderr)
			})
		}
	}
}

// TestIngest_postgresGoesAwayMidRun crashes the server while ingest is
// saving: ingest stops with an error naming the database (no password)
// and exit status 2, and after the server recovers every stored article
// is whole: its events are exactly those a complete run stores.
func TestIngest_postgresGoesAwayMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 300 long articles twice")
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(t, corpus, 0, 300)
	ref := filepath.Join(dir, "ref.db")
	r := execCLI(t, "ingest", "--db", ref, "--no-ner", "--quiet", corpus)
	require.Equal(t, exitOK, r.code, r.stderr)

	c := pgtest.Start(t)
	u, err := url.Parse(c.NewDatabase(t))
	require.NoError(t, err)
	u.User = url.UserPassword("newsfacts", "s3cret-pw") // trusted: the password is not checked
	db := u.String()
	done := make(chan cliResult, 1)
	go func() { done <- execCLI(t, "ingest", "--db", db, "--no-ner", "--quiet", "--workers", "1", corpus) }()
	for stored := 0; stored < 50; {
		select {
		case r := <-done:
			t.Fatalf("ingest ended before the crash: %s", r.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if n, err := articleCount(t.Context(), db); err == nil {
			stored = n
		}
	}
	require.NoError(t, c.Crash())
	r = <-done
	t.Logf("ingest after the crash: %s", r.stderr)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "s3cret-pw")
	assert.Contains(t, r.stderr, "error: postgres://newsfacts:xxxxx@/")
	assert.Regexp(t, "database server (went away|unreachable)", r.stderr)

	require.NoError(t, c.Restart())
	want := eventsByArticle(t, ref)
	got := eventsByArticle(t, db)
	assert.GreaterOrEqual(t, len(got), 50, "what was committed before the crash stays")
	assert.Less(t, len(got), 300)
	for source, lines := range got {
		assert.Equal(t, want[source], lines, source)
	}
}

func articleCount(ctx context.Context, db string) (int, error) {
	d, err := store.Open(ctx, db)
	if err != nil {
		return 0, err
	}
	defer d.Close()
	c, err := d.TableCounts(ctx)
	return c["articles"], err
}

// eventsByArticle returns the exported events of each stored article, by
// source id, without operation ids; an article without events maps to an
// empty list.
func eventsByArticle(t *testing.T, db string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for src := range storedArticles(t, db) {
		out[src] = []string{}
	}
	for _, line := range strings.Split(strings.TrimSpace(execCLI(t, "export", "--db", db).stdout), "\n") {
		if line == "" {
			continue
		}
		var ev store.ExportedEvent
		require.NoError(t, json.Unmarshal([]byte(line), &ev))
		// Linking runs at the end of a run, over all its events: a run
		// that stopped has not linked, so operation ids are left out.
		var fields map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(line), &fields))
		delete(fields, "operation_id")
		b, err := json.Marshal(fields)
		require.NoError(t, err)
		out[ev.Article.SourceID] = append(out[ev.Article.SourceID], string(b))
	}
	return out
}
