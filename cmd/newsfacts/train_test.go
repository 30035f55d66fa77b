package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
)

// breakdownArticle is an article written for this test: a transfer told in
// one sentence, its breakdown by group in the next, with no trigger word.
func breakdownArticle(id, country, demonym string, total, women, children int) map[string]string {
	return map[string]string{
		"id":           id,
		"title":        fmt.Sprintf("%s brings home %d citizens from Syria", country, total),
		"date_publish": "2024-03-15",
		"maintext": fmt.Sprintf("%s brings home %d citizens from Syria\n"+
			"%s repatriated %d %s citizens from the al-Hol camp in north-east Syria on Monday, the foreign ministry said.\n"+
			"The group was made up of %d women and %d children, officials added.\n"+
			"They will undergo medical checks before they rejoin their families.",
			country, total, country, total, demonym, women, children),
	}
}

func writeJSONL(t *testing.T, path string, recs []map[string]string) {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		line, err := json.Marshal(r)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// reviewAll decides every event of db: accepted as extracted, or with the
// breakdown a reviewer reads in the article set as a correction.
func reviewAll(t *testing.T, path string, breakdown map[string][2]int, correct bool) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	require.NoError(t, err)
	defer db.Close()
	facts, err := db.Facts(ctx, store.Filter{})
	require.NoError(t, err)
	require.NotEmpty(t, facts)
	for _, f := range facts {
		d := store.Decision{Status: store.StatusAccepted, Reviewer: "test"}
		if correct {
			counts := map[string]int{}
			for g, v := range f.Event.Counts {
				counts[g] = v
			}
			wc := breakdown[f.Article.SourceID]
			counts["women"], counts["children"] = wc[0], wc[1]
			d.Status, d.Correction.Counts = store.StatusCorrected, &counts
		}
		require.NoError(t, db.SetReview(ctx, f.Key, d))
	}
}

// TestTrain_LearnsFromReviews shows reviewers' corrections reaching the
// model: on articles whose breakdown sentence the rules miss, reviewers add
// the breakdown; a model retrained on those decisions finds
// it in a similar article it never saw, and a model retrained on the
// same articles accepted as extracted does not.
func TestTrain_LearnsFromReviews(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models; skipped with -short")
	}
	dir := t.TempDir()
	type row struct {
		country, demonym string
		total, w, c      int
	}
	rows := []row{
		{"Norway", "Norwegian", 12, 4, 8}, {"Sweden", "Swedish", 15, 5, 10}, {"Finland", "Finnish", 9, 3, 6},
		{"Denmark", "Danish", 14, 6, 8}, {"Belgium", "Belgian", 22, 7, 15}, {"Austria", "Austrian", 11, 4, 7},
		{"Germany", "German", 37, 10, 27}, {"France", "French", 51, 16, 35}, {"Italy", "Italian", 13, 5, 8},
	}
	var train []map[string]string
	breakdown := map[string][2]int{}
	for i, r := range rows {
		id := fmt.Sprintf("train-%d", i)
		train = append(train, breakdownArticle(id, r.country, r.demonym, r.total, r.w, r.c))
		breakdown[id] = [2]int{r.w, r.c}
	}
	trainPath := filepath.Join(dir, "train.jsonl")
	writeJSONL(t, trainPath, train)
	unseen := filepath.Join(dir, "unseen.jsonl")
	writeJSONL(t, unseen, []map[string]string{breakdownArticle("unseen", "Kazakhstan", "Kazakh", 26, 9, 17)})

	breakdownOf := func(model string) map[string]int {
		db := filepath.Join(t.TempDir(), "unseen.db")
		args := []string{"ingest", "--db", db, "--no-ner", unseen}
		if model != "" {
			args = append(args, "--model", model)
		}
		_, stderr, code := runCLI(t, "", args...)
		require.Equal(t, exitOK, code, stderr)
		out := filepath.Join(t.TempDir(), "events.jsonl")
		_, stderr, code = runCLI(t, "", "export", "--db", db, "--out", out)
		require.Equal(t, exitOK, code, stderr)
		got := map[string]int{}
		for _, ev := range readExport(t, out) {
			if ev.Country == "KZ" {
				for g, v := range ev.Counts {
					got[g] = v
				}
			}
		}
		return got
	}

	trained := map[bool]string{}
	for _, correct := range []bool{false, true} {
		db := filepath.Join(dir, fmt.Sprintf("reviewed-%v.db", correct))
		// The rules alone miss the breakdown sentence: that is the
		// systematic error the reviewers see, whatever the shipped model
		// has learned.
		_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--no-ner", "--rules-only", trainPath)
		require.Equal(t, exitOK, code, stderr)
		reviewAll(t, db, breakdown, correct)
		model := filepath.Join(dir, fmt.Sprintf("model-%v.json", correct))
		_, stderr, code = runCLI(t, "", "train", "--db", db, "--out", model)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stderr, "9 reviewed articles")
		trained[correct] = model
	}

	accepted, corrected := breakdownOf(trained[false]), breakdownOf(trained[true])
	assert.Equal(t, 26, corrected["total"], "the transfer itself is found either way")
	assert.NotEqual(t, 9, accepted["women"], "accepting the extraction as it was teaches nothing new")
	assert.Equal(t, 9, corrected["women"], "the corrected breakdown is learned")
	assert.Equal(t, 17, corrected["children"], "the corrected breakdown is learned")
}

// TestCLI_evalFolds cross-validates on the held-out articles every clone
// has: each fold's table, the mean per kind last, and the floor.
func TestCLI_evalFolds(t *testing.T) {
	args := []string{"eval", "--folds", "3", "--gold", "../../testdata/holdout/gold.jsonl", "--articles", "../../testdata/holdout/articles.jsonl"}
	stdout, stderr, code := runCLI(t, "", args...)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "12 articles in 3 folds")
	assert.Contains(t, stdout, "events by confidence")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], "all "), "the mean's overall row comes last: %q", lines[len(lines)-1])

	_, stderr, code = runCLI(t, "", append(args, "--min-f1", "1.01")...)
	assert.Equal(t, exitPartial, code)
	assert.Contains(t, stderr, "is below the floor 1.0100")

	_, stderr, code = runCLI(t, "", "eval", "--folds", "1", "--gold", "../../testdata/holdout/gold.jsonl", "--articles", "../../testdata/holdout/articles.jsonl")
	assert.Equal(t, exitUsage, code, stderr)

	// Each fold trains its own model: --rules-only would be ignored.
	_, stderr, code = runCLI(t, "", append(args, "--rules-only")...)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "--folds trains its own models")
}
