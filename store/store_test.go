package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// testEngines are the engines every store test runs on: a SQLite file in a
// temporary folder, and a new database on a throwaway PostgreSQL cluster
// (skipped where no server is installed, see pgtest.RequireEnv).
var testEngines = []struct {
	name string
	dsn  func(testing.TB) string
}{
	{"sqlite", func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "test.db") }},
	{"postgres", pgtest.Database},
}

// forEachEngine runs fn once per engine, as a subtest named after it.
// mustOpen opens a new, empty database of that engine, closed when the test
// ends.
func forEachEngine(t *testing.T, fn func(t *testing.T, mustOpen func(testing.TB) *DB)) {
	for _, e := range testEngines {
		t.Run(e.name, func(t *testing.T) {
			fn(t, func(tb testing.TB) *DB {
				tb.Helper()
				db, err := Open(context.Background(), e.dsn(tb))
				require.NoError(tb, err)
				tb.Cleanup(func() { db.Close() })
				return db
			})
		})
	}
}

// mustOpen opens a SQLite database in a temporary folder, closed when the
// test ends, for benchmarks and tests about SQLite alone.
func mustOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), testEngines[0].dsn(tb))
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db
}

const sampleText = "Kazakhstan brought back 37 citizens from Syria. Eleven women and 26 children landed on Wednesday."

// span returns the span of the first occurrence of sub in sampleText.
func span(tb testing.TB, text, sub string) extract.Span {
	tb.Helper()
	i := strings.Index(text, sub)
	require.GreaterOrEqual(tb, i, 0, "%q not in text", sub)
	return extract.Span{Start: i, End: i + len(sub)}
}

func evidence(tb testing.TB, text, field, sub string, sentence extract.Span) extract.Evidence {
	return extract.Evidence{Field: field, Text: sub, Span: span(tb, text, sub), Sentence: sentence, Rule: "test"}
}

// makeStale makes an event's decision stale, as a re-extraction that
// changed its evidence would.
func makeStale(t *testing.T, db *DB, key string) {
	t.Helper()
	err := db.inTx(context.Background(), func(tx *tx) error {
		if _, err := tx.ExecContext(context.Background(), `UPDATE reviews SET evidence_hash = 'old' WHERE event_key = ?`, key); err != nil {
			return err
		}
		return syncReviewState(context.Background(), tx, "event_key = ?", key)
	})
	require.NoError(t, err)
}

// checkReviewState checks that every event's review_state agrees with its
// decision, as the store keeps it.
func checkReviewState(t *testing.T, db *DB) {
	t.Helper()
	var wrong int
	require.NoError(t, db.r.QueryRowContext(context.Background(), `SELECT count(*) FROM events e LEFT JOIN reviews r ON r.event_key = e.event_key
		WHERE e.review_state != CASE WHEN r.status IS NULL THEN 1 WHEN r.evidence_hash = e.evidence_hash THEN 2 ELSE 0 END`).Scan(&wrong))
	assert.Zero(t, wrong, "events whose review_state disagrees with their decision")
}

// sourceIDs lists the facts' article source ids, in order.
func sourceIDs(facts []Fact) []string {
	var ids []string
	for _, f := range facts {
		ids = append(ids, f.Article.SourceID)
	}
	return ids
}

// sampleItem is an article with one event whose spans are right.
func sampleItem(tb testing.TB, sourceID, text string) Item {
	s1 := extract.Span{Start: 0, End: strings.Index(text, ".") + 1}
	s2 := extract.Span{Start: s1.End + 1, End: len(text)}
	ev := extract.Event{
		Country:    "KZ",
		From:       []string{"SY"},
		Date:       "2024-03-13",
		Counts:     map[string]int{"total": 37, "women": 11, "children": 26},
		Qualifiers: map[string]string{},
		Derived:    []string{},
		Partners:   []extract.Partner{{ID: "US", Name: "United States"}},
		Confidence: 0.9,
		Evidence: []extract.Evidence{
			evidence(tb, text, "country", strings.Fields(text)[0], s1),
			evidence(tb, text, "counts.total", "37 citizens", s1),
			evidence(tb, text, "counts.women", "Eleven women", s2),
		},
	}
	return Item{
		Article: ingest.Article{SourceID: sourceID, Input: sourceID + ".txt", Format: "txt", Title: "T",
			Published: "2024-03-15", PublishedSource: "flag", Text: text},
		Result: &extract.Result{Document: extract.Document{Text: text, Sentences: []extract.Span{s1, s2}}, Events: []extract.Event{ev}},
	}
}

func TestDB_SaveIsIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		it := sampleItem(t, "kz-1", sampleText)

		saved, err := db.Save(ctx, it)
		require.NoError(t, err)
		assert.Equal(t, []Saved{{Status: New, ArticleKey: ArticleKey("kz-1"), Events: 1}}, saved)
		before, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"articles": 1, "pages": 0, "sentences": 2, "paragraphs": 0, "events": 1, "evidence": 3, "reviews": 0}, before)

		same, err := db.IsUnchanged(ctx, it.Article)
		require.NoError(t, err)
		assert.True(t, same)
		saved, err = db.Save(ctx, it)
		require.NoError(t, err)
		assert.Equal(t, Unchanged, saved[0].Status)
		after, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, before, after)
	})
}

func TestDB_SaveReplacesChangedContent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		_, err := db.Save(ctx, sampleItem(t, "kz-1", sampleText))
		require.NoError(t, err)
		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		require.Len(t, facts, 1)
		key := facts[0].Key

		changed := sampleItem(t, "kz-1", sampleText+" More text.")
		changed.Result.Events[0].Evidence[2].Sentence.End = len(changed.Article.Text)
		same, err := db.IsUnchanged(ctx, changed.Article)
		require.NoError(t, err)
		assert.False(t, same)
		saved, err := db.Save(ctx, changed)
		require.NoError(t, err)
		assert.Equal(t, Updated, saved[0].Status)
		counts, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, counts["articles"])
		assert.Equal(t, 1, counts["events"])
		assert.Equal(t, 3, counts["evidence"])

		facts, err = db.Facts(ctx, Filter{})
		require.NoError(t, err)
		require.Len(t, facts, 1)
		assert.Equal(t, key, facts[0].Key, "an event anchored on the same sentence keeps its id")
	})
}

// TestDB_SaveBadItemFailsAlone saves a batch in which some items are bad:
// each bad item is reported in its own Saved.Err with nothing of it stored,
// and the good items around it are stored.
func TestDB_SaveBadItemFailsAlone(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		offText := sampleItem(t, "kz-off-text", sampleText)
		offText.Result.Events[0].Evidence[1].Span.Start++ // checked after the article's rows are written
		noResult := sampleItem(t, "kz-no-result", sampleText)
		noResult.Result = nil
		// PostgreSQL refuses a NUL byte in text and aborts the transaction:
		// only a savepoint lets the batch go on. SQLite stores it.
		nul := sampleItem(t, "kz-nul", sampleText)
		nul.Article.Title = "a\x00b"
		items := []Item{sampleItem(t, "kz-1", sampleText), offText, noResult, nul, sampleItem(t, "kz-2", sampleText)}
		wantErr := []string{"", "save kz-off-text: event 0: evidence \"37 citizens\" for counts.total does not match the text",
			"save kz-no-result: no extraction result", "", ""}
		if db.Engine() == "postgres" {
			wantErr[3] = "save kz-nul: "
		}

		saved, err := db.Save(ctx, items...)
		require.NoError(t, err)
		require.Len(t, saved, len(items))
		var stored []string
		for i, s := range saved {
			if wantErr[i] == "" {
				assert.NoError(t, s.Err, items[i].Article.SourceID)
				assert.Equal(t, New, s.Status)
				stored = append(stored, items[i].Article.SourceID)
				continue
			}
			require.Error(t, s.Err, items[i].Article.SourceID)
			assert.Contains(t, s.Err.Error(), wantErr[i])
		}
		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		var got []string
		for _, f := range facts {
			got = append(got, f.Article.SourceID)
		}
		slices.Sort(stored) // facts come by source id
		assert.Equal(t, stored, got)
		counts, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, len(stored), counts["articles"], "nothing of a bad item is stored")
		assert.Equal(t, 2*len(stored), counts["sentences"])
		assert.Equal(t, 3*len(stored), counts["evidence"])
	})
}

func TestDB_FactRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		it := sampleItem(t, "kz-1", sampleText)
		_, err := db.Save(ctx, it)
		require.NoError(t, err)
		facts, err := db.Facts(ctx, Filter{Country: "kz"})
		require.NoError(t, err)
		require.Len(t, facts, 1)
		got, err := db.Fact(ctx, facts[0].Key)
		require.NoError(t, err)
		assert.Equal(t, it.Result.Events[0], got.Event)
		assert.Equal(t, "kz-1", got.Article.SourceID)
		assert.Equal(t, StatusPending, got.Status())

		_, err = db.Fact(ctx, "e-missing")
		assert.ErrorIs(t, err, ErrNotFound)

		art, err := db.Article(ctx, got.Article.Key)
		require.NoError(t, err)
		assert.Equal(t, sampleText, art.Article.Text)
		assert.Equal(t, it.Result.Document.Sentences, art.Sentences)
	})
}

func TestFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		a := sampleItem(t, "kz-1", sampleText)
		b := sampleItem(t, "uz-1", strings.Replace(sampleText, "Kazakhstan", "Uzbekistan", 1))
		b.Result.Events[0].Country = "UZ"
		b.Result.Events[0].Date = "2019"
		_, err := db.Save(ctx, a, b)
		require.NoError(t, err)
		tests := []struct {
			name string
			f    Filter
			want []string
		}{
			{"everything", Filter{}, []string{"kz-1", "uz-1"}},
			{"country", Filter{Country: "UZ"}, []string{"uz-1"}},
			{"since a day", Filter{Since: "2020-01-01"}, []string{"kz-1"}},
			{"pending", Filter{Status: StatusPending}, []string{"kz-1", "uz-1"}},
			{"accepted", Filter{Status: "accepted,corrected"}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				facts, err := db.Facts(ctx, tc.f)
				require.NoError(t, err)
				assert.Equal(t, tc.want, sourceIDs(facts))
			})
		}
	})
}

func TestDB_ExportEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		_, err := db.Save(ctx, sampleItem(t, "kz-1", sampleText))
		require.NoError(t, err)

		var buf bytes.Buffer
		n, err := db.ExportEvents(ctx, &buf, FormatJSONL, Filter{})
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		var got map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
		assert.Equal(t, "repatriation", got["type"])
		assert.Equal(t, "KZ", got["country"])
		assert.Equal(t, []any{"SY"}, got["from"])
		assert.Equal(t, map[string]any{"total": 37.0, "women": 11.0, "children": 26.0}, got["counts"])
		assert.Nil(t, got["operation"])
		assert.Equal(t, "pending", got["status"])
		art := got["article"].(map[string]any)
		assert.Equal(t, "kz-1", art["source_id"])
		assert.Equal(t, "2024-03-15", art["published"])
		evi := got["evidence"].([]any)
		require.Len(t, evi, 3)
		first := evi[0].(map[string]any)
		start, end := int(first["start"].(float64)), int(first["end"].(float64))
		assert.Equal(t, first["text"], sampleText[start:end])

		buf.Reset()
		_, err = db.ExportEvents(ctx, &buf, FormatCSV, Filter{})
		require.NoError(t, err)
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 2)
		col := map[string]string{}
		for i, h := range rows[0] {
			col[h] = rows[1][i]
		}
		assert.Equal(t, "37", col["total"])
		assert.Equal(t, "11", col["women"])
		assert.Equal(t, "", col["men"])
		assert.Equal(t, "US", col["partners"])

		_, err = db.ExportEvents(ctx, &buf, "xml", Filter{})
		assert.ErrorContains(t, err, `unknown export format "xml"`)
	})
}

func TestDB_ExportArticles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		_, err := db.Save(ctx, sampleItem(t, "kz-1", sampleText))
		require.NoError(t, err)
		var buf bytes.Buffer
		n, err := db.ExportArticles(ctx, &buf, FormatJSONL)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		var got ExportedArticle
		require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
		assert.Equal(t, ExportedArticle{ID: ArticleKey("kz-1"), SourceID: "kz-1", Title: "T", Published: "2024-03-15",
			PublishedSource: "flag", Text: sampleText}, got)
	})
}

func TestOpen_newerSchemaIsRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	raw, err := sql.Open("sqlite3", path)
	require.NoError(t, err)
	_, err = raw.Exec(`INSERT INTO migrations (name, applied_at) VALUES ('9999_future.sql', 'x')`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	_, err = Open(ctx, path)
	require.ErrorIs(t, err, ErrNewerSchema)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "9999_future.sql")
}

func TestEventKeys(t *testing.T) {
	it := sampleItem(t, "kz-1", sampleText)
	ev := it.Result.Events[0]
	keys := EventKeys("kz-1", sampleText, []extract.Event{ev, ev})
	require.Len(t, keys, 2)
	assert.NotEqual(t, keys[0], keys[1], "events anchored on one sentence are numbered")
	again := EventKeys("kz-1", sampleText, []extract.Event{ev, ev})
	assert.Equal(t, keys, again)
	other := EventKeys("kz-2", sampleText, []extract.Event{ev})
	assert.NotEqual(t, keys[0], other[0])
}

// mustOpenSame opens another handle on db's database, as another process
// would. Test databases have no password, so db.Path() opens them.
func mustOpenSame(tb testing.TB, db *DB) *DB {
	tb.Helper()
	other, err := Open(context.Background(), db.Path())
	require.NoError(tb, err)
	tb.Cleanup(func() { other.Close() })
	return other
}
