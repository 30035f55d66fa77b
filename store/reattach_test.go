package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

// editedItem is sampleItem with the first sentence edited, which changes
// the event's id (it hashes that sentence), and its total changed to 38.
func editedItem(t *testing.T) Item {
	it := sampleItem(t, "kz-1", strings.Replace(sampleText, "brought back", "flew home", 1))
	it.Result.Events[0].Counts["total"] = 38
	return it
}

func TestDB_Save_reattachesDecisions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: "ana", Note: "checked"}))
		shown, err := db.Fact(ctx, key)
		require.NoError(t, err)

		saved, err := db.Save(ctx, editedItem(t))
		require.NoError(t, err)
		assert.Equal(t, 1, saved[0].Reattached)
		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		require.Len(t, facts, 1)
		f := facts[0]
		require.NotEqual(t, key, f.Key, "the id changed with the sentence")
		require.NotNil(t, f.Review, "the decision followed the event")
		assert.Equal(t, StatusAccepted, f.Review.Status)
		assert.Equal(t, "checked", f.Review.Note)
		assert.True(t, f.Review.Stale, "the values changed: it needs a second look")
		require.NotNil(t, f.Review.Decided)
		assert.Equal(t, 37, f.Review.Decided.Counts["total"], "what the decision was about")

		orphans, err := db.Orphans(ctx)
		require.NoError(t, err)
		assert.Empty(t, orphans)
		accepted, err := db.Facts(ctx, Filter{Status: StatusAccepted, ExcludeStale: true})
		require.NoError(t, err)
		assert.Empty(t, accepted, "a stale decision is not passed off as accepted")

		// What a page open before the move showed is out of date.
		err = db.SetReview(ctx, f.Key, Decision{Status: StatusRejected, Version: shown.Version})
		assert.ErrorIs(t, err, ErrConflict)
		assert.ErrorIs(t, db.SetReview(ctx, f.Key, Decision{Status: StatusAccepted, Version: f.Version}), nil)
		checkReviewState(t, db)
	})
}

func TestDB_Save_reattachLeavesUnclearCasesOrphaned(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		t.Run("another country", func(t *testing.T) {
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted}))
			it := editedItem(t)
			it.Result.Events[0].Country = "UZ"
			saved, err := db.Save(ctx, it)
			require.NoError(t, err)
			assert.Zero(t, saved[0].Reattached)
			orphans, err := db.Orphans(ctx)
			require.NoError(t, err)
			require.Len(t, orphans, 1)
			assert.Equal(t, key, orphans[0].Key)
		})
		t.Run("the new event already has a decision", func(t *testing.T) {
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted}))
			it := editedItem(t)
			newKey := EventKeys("kz-1", it.Article.Text, it.Result.Events)[0]
			_, err := db.w.ExecContext(ctx, `INSERT INTO reviews (event_key, status, reviewed_at, evidence_hash, article_key)
				VALUES (?, 'rejected', 'x', 'y', ?)`, newKey, ArticleKey("kz-1"))
			require.NoError(t, err)
			saved, err := db.Save(ctx, it)
			require.NoError(t, err)
			assert.Zero(t, saved[0].Reattached)
			f, err := db.Fact(ctx, newKey)
			require.NoError(t, err)
			assert.Equal(t, StatusRejected, f.Status(), "an event's own decision is never replaced")
		})
	})
}

func TestDB_Orphans(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusRejected, Reason: "duplicate", Reviewer: "ana"}))
		// Re-extraction finds the event in another country: no match.
		it := editedItem(t)
		it.Result.Events[0].Country = "UZ"
		_, err := db.Save(ctx, it)
		require.NoError(t, err)

		orphans, err := db.Orphans(ctx)
		require.NoError(t, err)
		require.Len(t, orphans, 1)
		o := orphans[0]
		assert.Equal(t, key, o.Key)
		assert.Equal(t, ArticleKey("kz-1"), o.ArticleKey)
		assert.Equal(t, StatusRejected, o.Review.Status)
		assert.Equal(t, "duplicate", o.Review.Reason)
		require.NotNil(t, o.Review.Decided)
		assert.Equal(t, "KZ", o.Review.Decided.Country)
		require.Len(t, o.Candidates, 1, "the article's undecided event")
		target := o.Candidates[0].Key

		t.Run("discard needs an orphan", func(t *testing.T) {
			assert.ErrorIs(t, db.DiscardOrphan(ctx, target), ErrNotFound)
		})
		t.Run("re-attach to an unknown event", func(t *testing.T) {
			assert.ErrorIs(t, db.Reattach(ctx, key, "e-missing"), ErrNotFound)
		})
		t.Run("re-attach", func(t *testing.T) {
			// A decision the target had and lost is older news than the
			// one moved there: its withdrawal is forgotten.
			require.NoError(t, db.SetReview(ctx, target, Decision{Status: StatusAccepted, Reviewer: "ben"}))
			require.NoError(t, db.SetReview(ctx, target, Decision{Status: StatusPending, Reviewer: "ben"}))
			require.NoError(t, db.Reattach(ctx, key, target))
			var withdrawals int
			require.NoError(t, db.r.QueryRowContext(ctx, `SELECT count(*) FROM review_withdrawals WHERE event_key = ?`, target).Scan(&withdrawals))
			assert.Zero(t, withdrawals, "an event has a decision or a withdrawal, not both")
			f, err := db.Fact(ctx, target)
			require.NoError(t, err)
			require.NotNil(t, f.Review)
			assert.Equal(t, "duplicate", f.Review.Reason)
			assert.True(t, f.Review.Stale)
			orphans, err := db.Orphans(ctx)
			require.NoError(t, err)
			assert.Empty(t, orphans)
			assert.ErrorIs(t, db.Reattach(ctx, key, target), ErrNotFound, "no longer an orphan")
		})
		t.Run("discard", func(t *testing.T) {
			_, err := db.w.ExecContext(ctx, `INSERT INTO reviews (event_key, status, reviewed_at, evidence_hash) VALUES ('e-gone', 'accepted', 'x', 'y')`)
			require.NoError(t, err)
			assert.ErrorIs(t, db.Reattach(ctx, "e-gone", target), ErrConflict, "the event has a decision")
			require.NoError(t, db.DiscardOrphan(ctx, "e-gone"))
			orphans, err := db.Orphans(ctx)
			require.NoError(t, err)
			assert.Empty(t, orphans)
		})
	})
}

func TestLikeness(t *testing.T) {
	base := extract.Event{Country: "KZ", From: []string{"SY"}, Date: "2024-03", Counts: map[string]int{"women": 12},
		Evidence: []extract.Evidence{{Field: "country", Text: "Kazakhstan"}}}
	tests := []struct {
		name string
		b    extract.Event
		want int
	}{
		{"another country", extract.Event{Country: "UZ", From: []string{"SY"}, Date: "2024-03"}, -1},
		{"nothing shared", extract.Event{Country: "KZ"}, 0},
		{"12 women to 13", extract.Event{Country: "KZ", From: []string{"SY"}, Date: "2024-03", Counts: map[string]int{"women": 13},
			Evidence: []extract.Evidence{{Field: "country", Text: "Kazakhstan"}}}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, likeness(base, tc.b))
		})
	}
}
