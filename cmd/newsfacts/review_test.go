package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/store"
)

// reviewedDB ingests the Kazakhstan sample into a new database, decides
// every event with decide, and returns the database's path and the
// article's file, to edit and ingest again.
func reviewedDB(t *testing.T, decide func(store.Fact) store.Decision) (dbPath, article string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "review.db")
	article = filepath.Join(dir, "kz.txt")
	text, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "kazakhstan-flight.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(article, text, 0o644))
	res := execCLI(t, "ingest", "--db", dbPath, "--published", "2023-02-03", article)
	require.Equal(t, exitOK, res.code, res.stderr)

	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	require.NoError(t, err)
	defer db.Close()
	facts, err := db.Facts(ctx, store.Filter{})
	require.NoError(t, err)
	require.NotEmpty(t, facts)
	for _, f := range facts {
		require.NoError(t, db.SetReview(ctx, f.Key, decide(f)))
	}
	return dbPath, article
}

func TestExport_statusAcceptedIncludesCorrected(t *testing.T) {
	first := true
	dbPath, _ := reviewedDB(t, func(f store.Fact) store.Decision {
		if first {
			first = false
			total := 40
			return store.Decision{Status: store.StatusCorrected, Correction: store.Correction{Counts: &map[string]int{"total": total}}}
		}
		return store.Decision{Status: store.StatusAccepted}
	})
	events := exportEvents(t, dbPath, "--status", "accepted")
	require.NotEmpty(t, events)
	assert.Equal(t, store.StatusCorrected, events[0].Status)
	assert.Equal(t, map[string]int{"total": 40}, events[0].Counts)
	require.NotNil(t, events[0].Extracted, "a corrected event carries what was extracted")
	for _, e := range events[1:] {
		assert.Equal(t, store.StatusAccepted, e.Status)
		assert.Nil(t, e.Extracted)
	}
}

func TestExport_staleDecisions(t *testing.T) {
	dbPath, article := reviewedDB(t, func(store.Fact) store.Decision { return store.Decision{Status: store.StatusAccepted} })
	all := exportEvents(t, dbPath, "--status", "accepted")
	require.NotEmpty(t, all)

	// The article is corrected at its source: 26 children become 27.
	text, err := os.ReadFile(article)
	require.NoError(t, err)
	edited := strings.Replace(string(text), "26 children", "27 children", 1)
	require.NotEqual(t, string(text), edited)
	require.NoError(t, os.WriteFile(article, []byte(edited), 0o644))
	res := execCLI(t, "ingest", "--db", dbPath, "--published", "2023-02-03", article)
	require.Equal(t, exitOK, res.code, res.stderr)

	withStale := exportEvents(t, dbPath, "--status", "accepted", "--include-stale")
	var stale []string
	for _, e := range withStale {
		if e.Review != nil && e.Review.Stale {
			stale = append(stale, e.EventID)
		}
	}
	require.NotEmpty(t, stale, "the changed event's decision is stale")
	for _, e := range exportEvents(t, dbPath, "--status", "accepted") {
		assert.NotContains(t, stale, e.EventID, "a stale decision is not passed off as accepted")
	}

	res = execCLI(t, "export", "--db", dbPath, "--format", "csv", "--include-stale", "--status", "accepted")
	require.Equal(t, exitOK, res.code, res.stderr)
	records, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	require.NoError(t, err)
	col := slices.Index(records[0], "stale")
	require.GreaterOrEqual(t, col, 0, "CSV has the stale column JSONL has")
	for _, r := range records[1:] {
		assert.Equal(t, slices.Contains(stale, r[0]), r[col] == "true", r[0])
	}
}

// exportEvents runs "newsfacts export" on the database and decodes its
// JSONL output.
func exportEvents(t testing.TB, dbPath string, args ...string) []store.ExportedEvent {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"export", "--db", dbPath}, args...),
		env{stdout: &stdout, stderr: &stderr})
	require.Equal(t, exitOK, code, stderr.String())
	var out []store.ExportedEvent
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var e store.ExportedEvent
		require.NoError(t, dec.Decode(&e))
		out = append(out, e)
	}
	return out
}

// syncBuffer is a bytes.Buffer safe to write from the server goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRunReview_servesUntilCancelled(t *testing.T) {
	dbPath, _ := reviewedDB(t, func(store.Fact) store.Decision { return store.Decision{Status: store.StatusAccepted} })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"review", "--db", dbPath, "--addr", "127.0.0.1:0", "--reviewer", "ana"},
			env{stdout: io.Discard, stderr: &stderr})
	}()
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var base string
	require.Eventually(t, func() bool {
		m := addr.FindStringSubmatch(stderr.String())
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	}, 10*time.Second, 20*time.Millisecond, "the server says where it listens")
	resp, err := http.Get(base + "/summary")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "reviewing as <b>ana</b>")

	// The command gives the page the gazetteers' partner ids.
	events := exportEvents(t, dbPath)
	require.NotEmpty(t, events)
	resp, err = http.Get(base + "/facts/" + events[0].EventID)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Regexp(t, `<input name="partners"[^>]* pattern="[^"]*UNICEF`, string(body))

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("review did not stop after its context was cancelled")
	}
}

func TestRunReview_usage(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"review", "--db", filepath.Join(t.TempDir(), "none.db")},
		env{stdout: io.Discard, stderr: &stderr})
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr.String(), "run \"newsfacts ingest\" first")
}

// TestImportReviews_labelStudioRoundTrip exports the sample's events as
// Label Studio tasks, answers them as an annotator would, and imports the
// answers as decisions.
func TestImportReviews_labelStudioRoundTrip(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ls.db")
	res := execCLI(t, "ingest", "--db", dbPath, "--published", "2024-03-15", filepath.Join("..", "..", "testdata", "sample"))
	require.Equal(t, exitOK, res.code, res.stderr)
	tasksPath := filepath.Join(dir, "tasks.json")
	res = execCLI(t, "export", "--db", dbPath, "--format", "labelstudio", "--out", tasksPath)
	require.Equal(t, exitOK, res.code, res.stderr)

	raw, err := os.ReadFile(tasksPath)
	require.NoError(t, err)
	var tasks []map[string]any
	require.NoError(t, json.Unmarshal(raw, &tasks))
	require.NotEmpty(t, tasks)
	var ids []string
	for i, task := range tasks {
		data := task["data"].(map[string]any)
		ids = append(ids, data["event_id"].(string))
		require.NotEmpty(t, task["predictions"], "pre-annotated")
		choice := "accept"
		if i == 0 {
			choice = "reject"
		}
		result := []any{map[string]any{"from_name": "decision", "to_name": "text", "type": "choices",
			"value": map[string]any{"choices": []string{choice}}}}
		if i == 1 {
			// Partners from the gazetteers, which the command gives the store.
			result = append(result, map[string]any{"from_name": "correction", "to_name": "text", "type": "textarea",
				"value": map[string]any{"text": []string{"partners=UNICEF, Kazakhstan Red Crescent"}}})
		}
		task["annotations"] = []any{map[string]any{"completed_by": map[string]any{"email": "ana@example.org"},
			"result": result}}
	}
	require.Greater(t, len(tasks), 1)
	answered := filepath.Join(dir, "answered.json")
	b, err := json.Marshal(tasks)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(answered, b, 0o644))

	res = execCLI(t, "import-reviews", "--db", dbPath, answered)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, fmt.Sprintf("stored %d decisions, 0 refused (changed), 0 for missing events", len(tasks)))
	accepted := exportEvents(t, dbPath, "--status", "accepted")
	assert.Len(t, accepted, len(tasks)-1)
	for _, e := range accepted {
		assert.Equal(t, "ana@example.org", e.Review.Reviewer)
		assert.NotEqual(t, ids[0], e.EventID, "the rejected one is not accepted")
		if e.EventID == ids[1] {
			assert.Equal(t, store.StatusCorrected, e.Status)
			assert.Equal(t, []extract.Partner{{ID: "UNICEF", Name: "UNICEF"},
				{ID: "Kazakhstan Red Crescent", Name: "Kazakhstan Red Crescent"}}, e.Partners)
		}
	}

	// Imported again, every decision is refused: the events were decided since.
	res = execCLI(t, "import-reviews", "--db", dbPath, answered)
	assert.Equal(t, exitPartial, res.code)
	assert.Contains(t, res.stderr, "changed since the export: not stored, decide it again")

	res = execCLI(t, "import-reviews", "--config")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, `<Labels name="field" toName="text">`)
	assert.Contains(t, res.stdout, `<Label value="counts.women"/>`)
}
