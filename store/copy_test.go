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

// TestCopy_withdrawals: withdrawing a decision is an act like deciding, and
// copying carries it both ways with the latest act winning, whichever
// database it was made in. Each step acts on database a or b at an hour of
// one day (or copies a to b, or b to a); after the steps each database holds
// the decision of the reviewer named, or none ("").
func TestCopy_withdrawals(t *testing.T) {
	type step struct {
		act  string // "decide", "withdraw" or "copy"
		on   string // "a" or "b"; for copy, the target
		hour int
		who  string
	}
	tests := []struct {
		name         string
		steps        []step
		wantA, wantB string
		want         CopyStats // of the last copy
	}{
		{
			name:  "withdrawn in the source after a copy",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
			want:  CopyStats{ArticlesUnchanged: 1, ReviewsWithdrawn: 1},
		},
		{
			name:  "withdrawn in the target after a copy, the older decision copied again",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"}, {"copy", "b", 0, ""}},
			wantA: "ana",
			want:  CopyStats{ArticlesUnchanged: 1, ReviewsKeptNewer: 1},
		},
		{
			name: "withdrawn in the target, copied back",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"},
				{"copy", "a", 0, ""}},
			want: CopyStats{ArticlesUnchanged: 1, ReviewsWithdrawn: 1},
		},
		{
			name: "decided again in the source after the target withdrew",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"},
				{"decide", "a", 12, "cem"}, {"copy", "b", 0, ""}},
			wantA: "cem", wantB: "cem",
			want: CopyStats{ArticlesUnchanged: 1, Reviews: 1},
		},
		{
			name: "withdrawn in the source, decided later in the target",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"decide", "b", 12, "ben"},
				{"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
			wantB: "ben",
			want:  CopyStats{ArticlesUnchanged: 1, ReviewsKeptNewer: 1},
		},
		{
			name:  "withdrawn in the same second as the decision it withdraws",
			steps: []step{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "a", 10, "ana"}, {"copy", "b", 0, ""}},
			want:  CopyStats{ArticlesUnchanged: 1, ReviewsWithdrawn: 1},
		},
		{
			name:  "decided and withdrawn before the first copy",
			steps: []step{{"decide", "a", 10, "ana"}, {"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
			want:  CopyStats{Articles: 1, Events: 1},
		},
	}
	for _, pair := range [][2]int{{0, 0}, {0, 1}, {1, 0}} {
		for _, tc := range tests {
			t.Run(testEngines[pair[0]].name+" and "+testEngines[pair[1]].name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				dbs := map[string]*DB{}
				for i, name := range []string{"a", "b"} {
					db, err := Open(ctx, testEngines[pair[i]].dsn(t))
					require.NoError(t, err)
					defer db.Close()
					dbs[name] = db
				}
				other := map[string]string{"a": "b", "b": "a"}
				it := sampleItem(t, "kz-1", sampleText)
				_, err := dbs["a"].Save(ctx, it)
				require.NoError(t, err)
				key := EventKeys("kz-1", sampleText, it.Result.Events)[0]
				var st CopyStats
				last := ""
				for _, s := range tc.steps {
					db := dbs[s.on]
					db.now = func() time.Time { return time.Date(2024, 5, 1, s.hour, 0, 0, 0, time.UTC) }
					switch s.act {
					case "decide":
						require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: s.who}))
					case "withdraw":
						require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusPending, Reviewer: s.who}))
					case "copy":
						st, err = Copy(ctx, db, dbs[other[s.on]])
						require.NoError(t, err)
						last = s.on
					}
				}
				// state returns the reviewer of each database's decision
				// ("" for none) and the event's versions there.
				state := func() (map[string]string, map[string]string) {
					who, versions := map[string]string{}, map[string]string{}
					for name, db := range dbs {
						f, err := db.Fact(ctx, key)
						require.NoError(t, err)
						if f.Review != nil {
							who[name] = f.Review.Reviewer
						}
						versions[name] = f.Version
					}
					return who, versions
				}
				who, versions := state()
				assert.Equal(t, tc.wantA, who["a"], "the decision in a")
				assert.Equal(t, tc.wantB, who["b"], "the decision in b")
				assert.Equal(t, tc.want, st)

				again, err := Copy(ctx, dbs[last], dbs[other[last]])
				require.NoError(t, err)
				assert.Zero(t, again.Reviews+again.ReviewsWithdrawn, "a second copy writes no decision: %+v", again)
				who2, versions2 := state()
				assert.Equal(t, []any{who, versions}, []any{who2, versions2}, "a second copy changes nothing")
			})
		}
	}
}

// TestCopy_withdrawalRevisesTarget: a withdrawal copied into the target
// moves the event's revision on, so a review page open there on the
// decision is refused, and Undo there brings the decision back.
func TestCopy_withdrawalRevisesTarget(t *testing.T) {
	for _, to := range testEngines {
		t.Run("sqlite to "+to.name, func(t *testing.T) {
			ctx := context.Background()
			src := mustOpen(t)
			dst, err := Open(ctx, to.dsn(t))
			require.NoError(t, err)
			defer dst.Close()
			it := sampleItem(t, "kz-1", sampleText)
			_, err = src.Save(ctx, it)
			require.NoError(t, err)
			key := EventKeys("kz-1", sampleText, it.Result.Events)[0]
			src.now = func() time.Time { return time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC) }
			require.NoError(t, src.SetReview(ctx, key, Decision{Status: StatusRejected, Reason: "duplicate", Reviewer: "ana"}))
			_, err = Copy(ctx, dst, src)
			require.NoError(t, err)
			open, err := dst.Fact(ctx, key)
			require.NoError(t, err)
			require.NotNil(t, open.Review)

			src.now = func() time.Time { return time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC) }
			require.NoError(t, src.SetReview(ctx, key, Decision{Status: StatusPending, Reviewer: "ana"}))
			st, err := Copy(ctx, dst, src)
			require.NoError(t, err)
			assert.Equal(t, 1, st.ReviewsWithdrawn)
			err = dst.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: "ben", Version: open.Version})
			require.ErrorIs(t, err, ErrConflict, "the page showed the withdrawn decision")
			f, err := dst.Fact(ctx, key)
			require.NoError(t, err)
			assert.Nil(t, f.Review)
			assert.Equal(t, StatusPending, f.Status())

			require.NoError(t, dst.Undo(ctx, key, f.Version))
			f, err = dst.Fact(ctx, key)
			require.NoError(t, err)
			require.NotNil(t, f.Review)
			assert.Equal(t, []string{StatusRejected, "ana", "duplicate"}, []string{f.Review.Status, f.Review.Reviewer, f.Review.Reason})
		})
	}
}
