package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

// dump is everything a database exports, for comparing two databases.
func dump(t *testing.T, db *DB) (counts map[string]int, events, articles string) {
	t.Helper()
	ctx := context.Background()
	counts, err := db.TableCounts(ctx)
	require.NoError(t, err)
	var ev, ar bytes.Buffer
	_, err = db.ExportEvents(ctx, &ev, FormatJSONL, Filter{})
	require.NoError(t, err)
	_, err = db.ExportArticles(ctx, &ar, FormatJSONL)
	require.NoError(t, err)
	return counts, ev.String(), ar.String()
}

// TestCopy copies a database with a raw page, paragraphs and review
// decisions between engines: the target then exports the same, copying
// again changes nothing, a changed article is replaced and a later
// decision in the target is kept.
func TestCopy(t *testing.T) {
	for _, pair := range [][2]int{{0, 1}, {1, 0}, {0, 0}} {
		from, to := testEngines[pair[0]], testEngines[pair[1]]
		t.Run(from.name+" to "+to.name, func(t *testing.T) {
			ctx := context.Background()
			src, err := Open(ctx, from.dsn(t))
			require.NoError(t, err)
			defer src.Close()
			dst, err := Open(ctx, to.dsn(t))
			require.NoError(t, err)
			defer dst.Close()

			page := sampleItem(t, "kz-page", sampleText)
			page.Article.Raw = []byte("<html><p>Kazakhstan brought back 37 citizens</p>\x00\xff</html>")
			page.Article.Fetched = &ingest.Fetch{URL: "https://example.org/kz", Status: 200, ETag: `"v1"`, Header: map[string]string{"Content-Type": "text/html"}}
			page.Article.Paragraphs = []ingest.Paragraph{{Start: 0, End: 47, Path: "html>p"}}
			items := []Item{sampleItem(t, "kz-1", sampleText), page, sampleItem(t, "kz-2", sampleText)}
			_, err = src.Save(ctx, items...)
			require.NoError(t, err)
			keys := EventKeys("kz-1", sampleText, items[0].Result.Events)
			src.now = func() time.Time { return time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC) }
			require.NoError(t, src.SetReview(ctx, keys[0], Decision{Status: StatusCorrected, Reviewer: "ana", Note: "checked",
				Correction: Correction{Operation: ptr("Zhusan")}}))
			key2 := EventKeys("kz-2", sampleText, items[2].Result.Events)[0]
			require.NoError(t, src.SetReview(ctx, key2, Decision{Status: StatusRejected, Reason: "duplicate", Reviewer: "ana"}))

			st, err := Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, CopyStats{Articles: 3, Events: 3, Reviews: 2}, st)
			wantCounts, wantEvents, wantArticles := dump(t, src)
			gotCounts, gotEvents, gotArticles := dump(t, dst)
			assert.Equal(t, wantCounts, gotCounts)
			assert.Equal(t, wantEvents, gotEvents)
			assert.Equal(t, wantArticles, gotArticles)
			a, err := readArticle(ctx, dst, mustArticleID(t, dst, "kz-page"))
			require.NoError(t, err)
			require.NotNil(t, a.page)
			assert.Equal(t, page.Article.Raw, a.page.raw)
			assert.Equal(t, []spanRow{{0, 47, "html>p"}}, a.paragraphs)

			st, err = Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, CopyStats{ArticlesUnchanged: 3, ReviewsUnchanged: 2}, st)
			c, e, ar := dump(t, dst)
			assert.Equal(t, []any{wantCounts, wantEvents, wantArticles}, []any{c, e, ar}, "a second copy changes nothing")

			// The source re-extracts one article; the target made a later
			// decision on another event.
			changed := sampleItem(t, "kz-2", sampleText+" They are in quarantine.")
			_, err = src.Save(ctx, changed)
			require.NoError(t, err)
			dst.now = func() time.Time { return time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC) }
			require.NoError(t, dst.SetReview(ctx, keys[0], Decision{Status: StatusAccepted, Reviewer: "ben"}))
			st, err = Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, CopyStats{Articles: 1, ArticlesUnchanged: 2, Events: 1, ReviewsUnchanged: 1, ReviewsKeptNewer: 1}, st)
			f, err := dst.Fact(ctx, keys[0])
			require.NoError(t, err)
			assert.Equal(t, "ben", f.Review.Reviewer)
			_, _, ar = dump(t, dst)
			assert.Contains(t, ar, "They are in quarantine.")
		})
	}
}

func mustArticleID(t *testing.T, db *DB, sourceID string) int64 {
	t.Helper()
	a, err := db.Article(context.Background(), ArticleKey(sourceID))
	require.NoError(t, err)
	return a.ID
}

// TestCopy_operations copies a linked database with a reviewer's merge
// between engines: the target lists the same operations and exports every
// event with the same operation id, and copying again changes nothing.
func TestCopy_operations(t *testing.T) {
	for _, pair := range [][2]int{{0, 1}, {1, 0}} {
		from, to := testEngines[pair[0]], testEngines[pair[1]]
		t.Run(from.name+" to "+to.name, func(t *testing.T) {
			ctx := context.Background()
			src, err := Open(ctx, from.dsn(t))
			require.NoError(t, err)
			defer src.Close()
			dst, err := Open(ctx, to.dsn(t))
			require.NoError(t, err)
			defer dst.Close()
			opItems(t, src)
			_, err = src.Relink(ctx, false)
			require.NoError(t, err)
			facts, err := src.Facts(ctx, Filter{})
			require.NoError(t, err)
			require.NoError(t, src.MergeOperations(ctx, facts[0].Operation, facts[2].Operation, "ana"))
			ops, err := src.Operations(ctx, OperationFilter{Multi: true})
			require.NoError(t, err)
			require.Len(t, ops, 1)
			require.Len(t, ops[0].Members, 3)
			var links int
			require.NoError(t, src.r.QueryRowContext(ctx, `SELECT count(*) FROM operation_links`).Scan(&links))
			require.Positive(t, links)

			exports := func(db *DB) (string, string) {
				t.Helper()
				_, events, _ := dump(t, db)
				var o bytes.Buffer
				_, err := db.ExportOperations(ctx, &o, FormatJSONL, OperationFilter{})
				require.NoError(t, err)
				return events, o.String()
			}
			wantEvents, wantOps := exports(src)
			st, err := Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, 3, st.Operations, "every event's operation")
			assert.Equal(t, links, st.OperationDecisions, "the merge's links")
			gotEvents, gotOps := exports(dst)
			assert.Equal(t, wantEvents, gotEvents)
			assert.Equal(t, wantOps, gotOps)
			assert.Contains(t, gotEvents, ops[0].ID)

			st, err = Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, CopyStats{ArticlesUnchanged: 3}, st, "a second copy changes nothing")
			gotEvents, gotOps = exports(dst)
			assert.Equal(t, []string{wantEvents, wantOps}, []string{gotEvents, gotOps})
		})
	}
}
