package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildCLI builds the newsfacts binary into a temporary folder, for tests
// that need real processes: to kill one, or to run two at once.
func buildCLI(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build newsfacts with")
	}
	bin := filepath.Join(t.TempDir(), "newsfacts")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

var (
	countries = []string{"Kazakhstan", "Uzbekistan", "Kosovo", "Bosnia and Herzegovina", "Tajikistan", "Belgium", "Côte d’Ivoire"}
	groups    = []string{"women", "children", "citizens", "orphans", "men"}
)

// writeCorpus writes articles numbered first to last-1 as a news-please
// JSONL file: a few paragraphs of synthetic news, some with curly quotes and
// accents, each with its own id.
func writeCorpus(t *testing.T, path string, first, last int) {
	t.Helper()
	f, err := os.Create(path)
	require.NoError(t, err)
	enc := json.NewEncoder(f)
	for i := first; i < last; i++ {
		c := countries[i%len(countries)]
		var paras []string
		for p := range 40 + i%40 {
			n := 3 + (i*7+p*13)%90
			g := groups[(i+p)%len(groups)]
			paras = append(paras, fmt.Sprintf("%s repatriated %d %s from camps in north-eastern Syria on Monday, "+
				"the ministry said in a statement. “The flight landed in the capital at dawn,” an official told reporters (report %d, part %d).",
				c, n, g, i, p))
		}
		rec := map[string]string{
			"id":           fmt.Sprintf("gen-%04d", i),
			"url":          fmt.Sprintf("https://news.example.org/%d", i),
			"title":        fmt.Sprintf("%s brings %s home", c, groups[i%len(groups)]),
			"date_publish": fmt.Sprintf("2021-%02d-%02d 08:00:00", 1+i%12, 1+i%28),
			"maintext":     strings.Join(paras, "\n\n"),
		}
		require.NoError(t, enc.Encode(rec))
	}
	require.NoError(t, f.Close())
}

// checkDatabase checks the database at path the way a crash or a race could
// break it, and returns its row count per table:
//   - SQLite's integrity and foreign-key checks pass;
//   - every article is whole: it has sentences, each inside its text;
//   - every evidence row is the text at its span, inside its sentence;
//   - no article or event is stored twice.
func checkDatabase(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	require.NoError(t, err)
	defer db.Close()

	var integrity string
	require.NoError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity))
	require.Equal(t, "ok", integrity)
	counts := map[string]int{}
	var tables int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'articles'`).Scan(&tables))
	if tables == 0 {
		return counts // created, but the first migration never committed
	}
	rows, err := db.Query(`PRAGMA foreign_key_check`)
	require.NoError(t, err)
	assert.False(t, rows.Next(), "rows whose parent is missing")
	require.NoError(t, rows.Close())

	texts := map[int64]string{}
	rows, err = db.Query(`SELECT id, text FROM articles`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var text string
		require.NoError(t, rows.Scan(&id, &text))
		texts[id] = text
	}
	require.NoError(t, rows.Err())

	sentences := map[int64]int{}
	rows, err = db.Query(`SELECT article_id, start, end FROM sentences`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var start, end int
		require.NoError(t, rows.Scan(&id, &start, &end))
		require.True(t, 0 <= start && start <= end && end <= len(texts[id]), "article %d: sentence [%d,%d)", id, start, end)
		sentences[id]++
	}
	require.NoError(t, rows.Err())
	for id := range texts {
		assert.Positive(t, sentences[id], "article %d stored without its sentences", id)
	}

	rows, err = db.Query(`SELECT e.article_id, v.text, v.start, v.end, v.sentence_start, v.sentence_end
		FROM evidence v JOIN events e ON e.id = v.event_id`)
	require.NoError(t, err)
	for rows.Next() {
		var id int64
		var surface string
		var start, end, senStart, senEnd int
		require.NoError(t, rows.Scan(&id, &surface, &start, &end, &senStart, &senEnd))
		text := texts[id]
		require.True(t, 0 <= senStart && senStart <= start && start <= end && end <= senEnd && senEnd <= len(text),
			"article %d: evidence [%d,%d) in sentence [%d,%d)", id, start, end, senStart, senEnd)
		require.Equal(t, text[start:end], surface, "article %d: evidence text", id)
	}
	require.NoError(t, rows.Err())

	var dupes int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM (SELECT article_id, ord FROM events GROUP BY 1, 2 HAVING count(*) > 1)`).Scan(&dupes))
	assert.Zero(t, dupes, "events stored twice")

	for _, table := range []string{"articles", "pages", "sentences", "paragraphs", "events", "evidence", "reviews"} {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM `+table).Scan(&n))
		counts[table] = n
	}
	return counts
}

var summaryLine = regexp.MustCompile(`read (\d+), new (\d+), unchanged (\d+), updated (\d+), failed (\d+)`)

// summary returns the numbers in an ingest summary line: read, new,
// unchanged, updated, failed.
func summary(t *testing.T, stderr string) [5]int {
	t.Helper()
	m := summaryLine.FindStringSubmatch(stderr)
	require.NotNil(t, m, "no summary in:\n%s", stderr)
	var out [5]int
	for i := range out {
		out[i], _ = strconv.Atoi(m[i+1])
	}
	return out
}

// articleShapes returns, by source id, how many sentences, paragraphs,
// pages, events and evidence rows each article has: a run that stored an
// article in part would show here against a clean run.
func articleShapes(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT a.source_id,
		(SELECT count(*) FROM sentences WHERE article_id = a.id),
		(SELECT count(*) FROM paragraphs WHERE article_id = a.id),
		(SELECT count(*) FROM pages WHERE article_id = a.id),
		(SELECT count(*) FROM events WHERE article_id = a.id),
		(SELECT count(*) FROM evidence v JOIN events e ON e.id = v.event_id WHERE e.article_id = a.id)
		FROM articles a`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id string
		var n [5]int
		require.NoError(t, rows.Scan(&id, &n[0], &n[1], &n[2], &n[3], &n[4]))
		out[id] = fmt.Sprintf("sentences %d, paragraphs %d, pages %d, events %d, evidence %d", n[0], n[1], n[2], n[3], n[4])
	}
	require.NoError(t, rows.Err())
	return out
}
