package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/internal/corpustest"
	"github.com/newsfacts/newsfacts/link"
	"github.com/newsfacts/newsfacts/store"
)

// Two outlets report one flight, a third an earlier one. Written for this
// test.
var opArticles = map[string]string{
	"wire-a.txt": "Kazakhstan repatriates citizens from Syria\n" +
		"Kazakhstan brought back 37 citizens from Syria on March 13, 2024, the foreign ministry said. " +
		"Eleven women and 26 children were on the flight.\n",
	"paper-b.txt": "Families return to Kazakhstan\n" +
		"In March, Kazakhstan repatriated 37 citizens from camps in Syria.\n",
	"older-c.txt": "Kazakhstan returns 12 nationals\n" +
		"Kazakhstan repatriated 12 citizens from Syria on January 10, 2024.\n",
}

func ingestOpArticles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.Mkdir(in, 0o755))
	for name, text := range opArticles {
		require.NoError(t, os.WriteFile(filepath.Join(in, name), []byte(text), 0o644))
	}
	db := filepath.Join(dir, "nf.db")
	_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--published", "2024-03-20", in)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "linked 3 events into 2 operations (1 reported by several sources)")
	return db
}

func TestCLI_operations(t *testing.T) {
	db := ingestOpArticles(t)

	stdout, stderr, code := runCLI(t, "", "operations", "--db", db, "--multi")
	require.Equal(t, exitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, 2, stdout)
	assert.True(t, strings.HasPrefix(lines[0], "OPERATION"))
	fields := strings.Fields(lines[1])
	id := fields[0]
	assert.Equal(t, []string{"2024-03-13", "KZ"}, fields[1:3], lines[1])
	assert.Contains(t, lines[1], "total=37")

	stdout, _, code = runCLI(t, "", "operations", "--db", db, "--since", "2024-03-01", "--json")
	require.Equal(t, exitOK, code)
	var op store.ExportedOperation
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(stdout)), &op), stdout)
	assert.Equal(t, id, op.OperationID)
	assert.Equal(t, 2, op.Sources)

	stdout, stderr, code = runCLI(t, "", "show", "--db", db, id)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "operation "+id+": KZ, 2024-03-13, 2 sources in 2 articles")
	assert.Contains(t, stdout, "[[37 citizens]]", "each source's evidence")
	assert.Equal(t, 2, strings.Count(stdout, "[[37 citizens]]"), stdout)

	_, stderr, code = runCLI(t, "", "show", "--db", db, "onosuchop")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "not found")

	// Every exported event carries its operation.
	out := filepath.Join(t.TempDir(), "events.jsonl")
	_, stderr, code = runCLI(t, "", "export", "--db", db, "--out", out)
	require.Equal(t, exitOK, code, stderr)
	events := readExport(t, out)
	require.Len(t, events, 3)
	n := 0
	for _, e := range events {
		require.NotNil(t, e.OperationID, e.Article.SourceID)
		if *e.OperationID == id {
			n++
		}
	}
	assert.Equal(t, 2, n)

	for _, format := range []string{"jsonl", "csv"} {
		stdout, stderr, code = runCLI(t, "", "export", "--db", db, "--table", "operations", "--format", format)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stdout, id, format)
		assert.Contains(t, stderr, "exported 2 operations")
	}
}

// scoreOpsPy finds the corpus's score_ops.py and python3, skipping (or
// failing in CI) without them.
func scoreOpsPy(t *testing.T) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "corpus", "score_ops.py")
	if _, err := os.Stat(p); err != nil {
		corpustest.Skip(t, "../shared/corpus/score_ops.py is absent")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		corpustest.Skip(t, "python3 is not installed")
	}
	return p
}

const corpusDir = "../../../shared/corpus"

// TestCLI_evalOperationsMatchesScoreOpsPy checks that eval --operations
// scores linking exactly as score_ops.py does, on our extraction and on
// the gold events, and guards the linker's F1.
func TestCLI_evalOperationsMatchesScoreOpsPy(t *testing.T) {
	script := scoreOpsPy(t)
	if testing.Short() {
		t.Skip("ingests the development corpus")
	}
	ops := filepath.Join(corpusDir, "operations.jsonl")
	golds := []string{filepath.Join(corpusDir, "gold.jsonl"), filepath.Join(corpusDir, "seeds", "gold.jsonl")}
	dir := t.TempDir()
	db := filepath.Join(dir, "nf.db")
	args := []string{"eval", "--db", db, "--gold", golds[0], "--gold", golds[1],
		"--articles", filepath.Join(corpusDir, "articles.jsonl"), "--articles", filepath.Join(corpusDir, "seeds"),
		"--operations", ops, "--json"}
	python := func(events string) link.Score {
		t.Helper()
		out, err := exec.Command("python3", script, ops, strings.Join(golds, ","), events, "--json").Output()
		require.NoError(t, err)
		var s link.Score
		require.NoError(t, json.Unmarshal(out, &s))
		return s
	}
	ours := func(stdout string) link.Score {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		var got struct {
			Operations link.Score `json:"operations"`
		}
		require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &got))
		return got.Operations
	}
	same := func(want, got link.Score) {
		t.Helper()
		assert.Equal(t, [5]int{want.TP, want.FP, want.FN, want.GoldEvents, want.Aligned},
			[5]int{got.TP, got.FP, got.FN, got.GoldEvents, got.Aligned})
		assert.InDelta(t, want.F1, got.F1, 1e-9)
	}

	t.Run("extracted events", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, stderr)
		events := filepath.Join(dir, "events.jsonl")
		_, stderr, code = runCLI(t, "", "export", "--db", db, "--out", events)
		require.Equal(t, exitOK, code, stderr)
		got := ours(stdout)
		same(python(events), got)
		t.Logf("end to end: %s", got)
	})
	t.Run("gold events", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "", append(args, "--gold-events")...)
		require.Equal(t, exitOK, code, stderr)
		got := ours(stdout)
		t.Logf("linker alone: %s", got)
		assert.GreaterOrEqual(t, got.F1, 0.95, "the linker alone fell below 0.95 (target 0.90)")

		// The same linking written as an export, for the script.
		gold := map[string][]extract.GoldEvent{}
		for _, g := range golds {
			m, err := extract.ReadGoldFile(g)
			require.NoError(t, err)
			for k, v := range m {
				gold[k] = v
			}
		}
		pub, err := publishedDates(t.Context(), []string{filepath.Join(corpusDir, "articles.jsonl"), filepath.Join(corpusDir, "seeds")})
		require.NoError(t, err)
		evs := goldLinkEvents(gold, pub)
		opOf := map[string]string{}
		for _, op := range link.Link(evs, nil, link.Constraints{}) {
			for _, m := range op.Members {
				opOf[m] = op.ID
			}
		}
		path := filepath.Join(dir, "gold-linked.jsonl")
		f, err := os.Create(path)
		require.NoError(t, err)
		enc := json.NewEncoder(f)
		for _, e := range evs {
			require.NoError(t, enc.Encode(map[string]any{
				"article": map[string]string{"source_id": e.Article}, "country": e.Country, "from": e.From,
				"date": e.Date, "counts": e.Counts, "aggregate": e.Aggregate, "operation_id": opOf[e.Key],
			}))
		}
		require.NoError(t, f.Close())
		same(python(path), got)
	})
}
