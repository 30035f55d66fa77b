package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
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

// copyStep is one step of a scenario of acts in two databases a and b: a
// decision or a withdrawal made on one of them by a reviewer at an hour of
// one day, or a copy into one of them from the other.
type copyStep struct {
	act  string // "decide", "withdraw" or "copy"
	on   string // "a" or "b"; for copy, the target
	hour int
	who  string
}

// copyEnginePairs are the engines of databases a and b in scenarios.
var copyEnginePairs = [][2]int{{0, 0}, {0, 1}, {1, 0}}

// withdrawalScenarios are the scenarios every kind of decision that can be
// withdrawn goes through: withdrawing is an act like deciding, and copying
// carries it both ways with the latest act winning, whichever database it
// was made in.
var withdrawalScenarios = []struct {
	name         string
	steps        []copyStep
	wantA, wantB string // the reviewer whose decision a and b hold afterwards, or ""
	last         string // what the last copy did: "wrote", "withdrew", "kept" (the target's act was later) or "none"
}{
	{
		name:  "withdrawn in the source after a copy",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
		last:  "withdrew",
	},
	{
		name:  "withdrawn in the target after a copy, the older decision copied again",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"}, {"copy", "b", 0, ""}},
		wantA: "ana",
		last:  "kept",
	},
	{
		name: "withdrawn in the target, copied back",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"},
			{"copy", "a", 0, ""}},
		last: "withdrew",
	},
	{
		name: "decided again in the source after the target withdrew",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "b", 11, "ben"},
			{"decide", "a", 12, "cem"}, {"copy", "b", 0, ""}},
		wantA: "cem", wantB: "cem",
		last: "wrote",
	},
	{
		name: "withdrawn in the source, decided later in the target",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"decide", "b", 12, "ben"},
			{"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
		wantB: "ben",
		last:  "kept",
	},
	{
		name:  "withdrawn in the same second as the decision it withdraws",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"withdraw", "a", 10, "ana"}, {"copy", "b", 0, ""}},
		last:  "withdrew",
	},
	{
		name:  "decided and withdrawn before the first copy",
		steps: []copyStep{{"decide", "a", 10, "ana"}, {"withdraw", "a", 11, "ana"}, {"copy", "b", 0, ""}},
		last:  "none",
	},
}

// copyOther names the other database of a pair.
var copyOther = map[string]string{"a": "b", "b": "a"}

// forEachEnginePair runs fn, as a subtest named after the engines and
// name, on new databases "a" and "b" of each of copyEnginePairs.
func forEachEnginePair(t *testing.T, name string, fn func(t *testing.T, dbs map[string]*DB)) {
	for _, pair := range copyEnginePairs {
		t.Run(testEngines[pair[0]].name+" and "+testEngines[pair[1]].name+"/"+name, func(t *testing.T) {
			dbs := map[string]*DB{}
			for i, name := range []string{"a", "b"} {
				db, err := Open(context.Background(), testEngines[pair[i]].dsn(t))
				require.NoError(t, err)
				t.Cleanup(func() { db.Close() })
				dbs[name] = db
			}
			fn(t, dbs)
		})
	}
}

// runSteps carries out steps on dbs, each at its hour: a copy copies into
// s.on from the other database, act makes any other step. It returns what
// each copy said.
func runSteps(t *testing.T, dbs map[string]*DB, steps []copyStep, act func(db *DB, s copyStep)) []CopyStats {
	t.Helper()
	var out []CopyStats
	for _, s := range steps {
		db := dbs[s.on]
		db.now = func() time.Time { return time.Date(2024, 5, 1, s.hour, 0, 0, 0, time.UTC) }
		if s.act != "copy" {
			act(db, s)
			continue
		}
		st, err := Copy(context.Background(), db, dbs[copyOther[s.on]])
		require.NoError(t, err)
		out = append(out, st)
	}
	return out
}

// runWithdrawalScenarios runs each of withdrawalScenarios on new databases
// a and b of each pair of engines. prepare fills a and returns act, which
// makes a step's decision or withdrawal on db, and state, what db holds:
// first the reviewer of its decision ("" for none), then anything else a
// copy must leave alone. stats is what the last copy says for each outcome.
// Afterwards copying the same way again must write nothing and change
// nothing.
func runWithdrawalScenarios(t *testing.T, stats map[string]CopyStats,
	prepare func(t *testing.T, a *DB) (act func(db *DB, s copyStep), state func(db *DB) []string)) {
	for _, sc := range withdrawalScenarios {
		forEachEnginePair(t, sc.name, func(t *testing.T, dbs map[string]*DB) {
			act, state := prepare(t, dbs["a"])
			copies := runSteps(t, dbs, sc.steps, act)
			a, b := state(dbs["a"]), state(dbs["b"])
			assert.Equal(t, sc.wantA, a[0], "the decision in a")
			assert.Equal(t, sc.wantB, b[0], "the decision in b")
			assert.Equal(t, stats[sc.last], copies[len(copies)-1])

			last := sc.steps[len(sc.steps)-1].on // a copy
			again, err := Copy(context.Background(), dbs[last], dbs[copyOther[last]])
			require.NoError(t, err)
			assert.Zero(t, again.Reviews+again.ReviewsWithdrawn+again.OperationDecisions+again.OperationWithdrawals,
				"a second copy writes no decision: %+v", again)
			assert.Equal(t, [][]string{a, b}, [][]string{state(dbs["a"]), state(dbs["b"])}, "a second copy changes nothing")
		})
	}
}

// TestCopy_withdrawals: review decisions, withdrawn by setting the event
// back to pending, go through withdrawalScenarios.
func TestCopy_withdrawals(t *testing.T) {
	stats := map[string]CopyStats{
		"wrote":    {ArticlesUnchanged: 1, Reviews: 1},
		"withdrew": {ArticlesUnchanged: 1, ReviewsWithdrawn: 1},
		"kept":     {ArticlesUnchanged: 1, ReviewsKeptNewer: 1},
		"none":     {Articles: 1, Events: 1},
	}
	runWithdrawalScenarios(t, stats, func(t *testing.T, a *DB) (func(*DB, copyStep), func(*DB) []string) {
		ctx := context.Background()
		key := savedKey(t, a, sampleItem(t, "kz-1", sampleText))
		act := func(db *DB, s copyStep) {
			status := map[string]string{"decide": StatusAccepted, "withdraw": StatusPending}[s.act]
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: status, Reviewer: s.who}))
		}
		// state is the reviewer of the decision and the event's version.
		state := func(db *DB) []string {
			f, err := db.Fact(ctx, key)
			require.NoError(t, err)
			if f.Review == nil {
				return []string{"", f.Version}
			}
			return []string{f.Review.Reviewer, f.Version}
		}
		return act, state
	})
}

// TestCopy_pickWithdrawals: a reviewer's pick of an operation's value,
// withdrawn by picking no value, goes through withdrawalScenarios.
func TestCopy_pickWithdrawals(t *testing.T) {
	stats := map[string]CopyStats{
		"wrote":    {ArticlesUnchanged: 3, OperationDecisions: 1},
		"withdrew": {ArticlesUnchanged: 3, OperationWithdrawals: 1},
		"kept":     {ArticlesUnchanged: 3}, // operation decisions left alone are not counted
		"none":     {Articles: 3, Events: 3, Operations: 3},
	}
	runWithdrawalScenarios(t, stats, func(t *testing.T, a *DB) (func(*DB, copyStep), func(*DB) []string) {
		ctx := context.Background()
		opID, total := multiOperationTotal(t, a)
		act := func(db *DB, s copyStep) {
			value := map[string]string{"decide": total.Value, "withdraw": ""}[s.act]
			require.NoError(t, db.PickValue(ctx, opID, total.Name, value, s.who))
		}
		// state is the reviewer of the pick, whether the operation shows
		// the value as picked, and the withdrawal recorded.
		state := func(db *DB) []string {
			var who string
			err := db.r.QueryRowContext(ctx, `SELECT reviewer FROM operation_picks WHERE op_key = ? AND field = ?`, opID, total.Name).
				Scan(&who)
			if err != sql.ErrNoRows {
				require.NoError(t, err)
			}
			op, err := db.Operation(ctx, opID)
			require.NoError(t, err)
			return []string{who, fmt.Sprint(op.Consensus.Counts[0].Picked), pickWithdrawal(t, db, opID, total.Name)}
		}
		return act, state
	})
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

// TestCopy_orphanedDecisions: discarding an orphaned decision, and moving
// a decision off its event id (ingest re-attaching it to the re-extracted
// event, or a reviewer re-attaching an orphan), withdraw it from that id,
// and copy carries the withdrawal like any other: the decision is not
// brought back to the old id from a database that still has it there, and
// is withdrawn there too; a decision made on the event later elsewhere is
// copied.
func TestCopy_orphanedDecisions(t *testing.T) {
	tests := []struct {
		name string
		// act "decide" (on the event), "orphan" (re-extract it away),
		// "edit" (re-extract it changed, so ingest moves the decision),
		// "discard", "reattach" (the orphan, to the article's event), or
		// "copy"
		steps   []copyStep
		want    []CopyStats
		decided string // the reviewer whose decision both databases hold on the event's first id afterwards, or ""
		moved   string // the reviewer whose decision both databases hold on the article's event afterwards, or ""
	}{
		{
			name: "discarded in the source after a copy",
			steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"orphan", "a", 11, ""}, {"discard", "a", 12, ""},
				{"copy", "b", 0, ""}, {"copy", "a", 0, ""}},
			want: []CopyStats{{Articles: 1, Events: 1, Reviews: 1}, {Articles: 1, Events: 1, ReviewsWithdrawn: 1}, {ArticlesUnchanged: 1}},
		},
		{
			name: "discarded in the target, the orphan copied again",
			steps: []copyStep{{"decide", "a", 10, "ana"}, {"orphan", "a", 11, ""}, {"copy", "b", 0, ""}, {"discard", "b", 12, ""},
				{"copy", "b", 0, ""}, {"copy", "a", 0, ""}},
			want: []CopyStats{{Articles: 1, Events: 1, Reviews: 1}, {ArticlesUnchanged: 1, ReviewsKeptNewer: 1},
				{ArticlesUnchanged: 1, ReviewsWithdrawn: 1}},
		},
		{
			// b still has the article as it was, and the event: its later
			// decision comes back with it.
			name: "discarded, then decided later where the event still is",
			steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"orphan", "a", 11, ""}, {"discard", "a", 12, ""},
				{"decide", "b", 13, "ben"}, {"copy", "a", 0, ""}},
			want:    []CopyStats{{Articles: 1, Events: 1, Reviews: 1}, {Articles: 1, Events: 1, Reviews: 1}},
			decided: "ben", moved: "ben",
		},
		{
			name: "moved by ingest in the source after a copy",
			steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"edit", "a", 11, ""}, {"copy", "b", 0, ""},
				{"copy", "a", 0, ""}},
			want: []CopyStats{{Articles: 1, Events: 1, Reviews: 1}, {Articles: 1, Events: 1, Reviews: 1, ReviewsWithdrawn: 1},
				{ArticlesUnchanged: 1, ReviewsUnchanged: 1}},
			moved: "ana",
		},
		{
			name: "re-attached in the source after a copy",
			steps: []copyStep{{"decide", "a", 10, "ana"}, {"copy", "b", 0, ""}, {"orphan", "a", 11, ""}, {"reattach", "a", 12, ""},
				{"copy", "b", 0, ""}, {"copy", "a", 0, ""}},
			want: []CopyStats{{Articles: 1, Events: 1, Reviews: 1}, {Articles: 1, Events: 1, Reviews: 1, ReviewsWithdrawn: 1},
				{ArticlesUnchanged: 1, ReviewsUnchanged: 1}},
			moved: "ana",
		},
	}
	for _, tc := range tests {
		forEachEnginePair(t, tc.name, func(t *testing.T, dbs map[string]*DB) {
			ctx := context.Background()
			key := savedKey(t, dbs["a"], sampleItem(t, "kz-1", sampleText))
			got := runSteps(t, dbs, tc.steps, func(db *DB, s copyStep) {
				switch s.act {
				case "decide":
					require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: s.who}))
				case "orphan", "edit":
					it := editedItem(t)
					if s.act == "orphan" {
						// Re-extraction finds the event in another country: no match.
						it.Result.Events[0].Country = "UZ"
					}
					_, err := db.Save(ctx, it)
					require.NoError(t, err)
				case "discard":
					require.NoError(t, db.DiscardOrphan(ctx, key))
				case "reattach":
					require.NoError(t, db.Reattach(ctx, key, articleEvent(t, db).Key))
				}
			})
			assert.Equal(t, tc.want, got)
			again := CopyStats{ArticlesUnchanged: 1}
			for _, who := range []string{tc.decided, tc.moved} {
				if who != "" {
					again.ReviewsUnchanged = 1 // one event, whose first id it may be
				}
			}
			for _, s := range []string{"b", "a", "b"} {
				st, err := Copy(ctx, dbs[s], dbs[copyOther[s]])
				require.NoError(t, err)
				assert.Equal(t, again, st, "copying again to %s changes nothing", s)
			}
			for name, db := range dbs {
				orphans, err := db.Orphans(ctx)
				require.NoError(t, err)
				assert.Empty(t, orphans, "the orphan is discarded in %s", name)
				var who string
				err = db.r.QueryRowContext(ctx, `SELECT reviewer FROM reviews WHERE event_key = ?`, key).Scan(&who)
				if err != sql.ErrNoRows {
					require.NoError(t, err)
				}
				assert.Equal(t, tc.decided, who, "the decision on the first id in %s", name)
				who = ""
				if f := articleEvent(t, db); f.Review != nil {
					who = f.Review.Reviewer
				}
				assert.Equal(t, tc.moved, who, "the decision on the article's event in %s", name)
				checkReviewState(t, db)
			}
		})
	}
}

// articleEvent returns the one event of article kz-1 in db.
func articleEvent(t *testing.T, db *DB) Fact {
	t.Helper()
	facts, err := db.Facts(context.Background(), Filter{Article: ArticleKey("kz-1")})
	require.NoError(t, err)
	require.Len(t, facts, 1)
	return facts[0]
}
