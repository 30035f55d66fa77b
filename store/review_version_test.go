package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

// TestDB_SetReview_version checks that a decision lands only on the event
// state the reviewer saw.
func TestDB_SetReview_version(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()

		t.Run("re-extracted with a new date", func(t *testing.T) {
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			shown, err := db.Fact(ctx, key)
			require.NoError(t, err)

			redated := sampleItem(t, "kz-1", sampleText)
			redated.Article.Title = "retitled, so the article is saved again"
			redated.Result.Events[0].Date = "2024-03-14"
			_, err = db.Save(ctx, redated)
			require.NoError(t, err)

			err = db.SetReview(ctx, key, Decision{Status: StatusAccepted, Version: shown.Version})
			require.ErrorIs(t, err, ErrConflict)
			now, err := db.Fact(ctx, key)
			require.NoError(t, err)
			assert.Nil(t, now.Review, "nothing is stored")
			assert.NotEqual(t, shown.Version, now.Version)

			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Version: now.Version}))
		})

		t.Run("decided by someone else", func(t *testing.T) {
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			shown, err := db.Fact(ctx, key)
			require.NoError(t, err)
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusRejected, Reviewer: "ana", Version: shown.Version}))
			err = db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: "ben", Version: shown.Version})
			require.ErrorIs(t, err, ErrConflict)
			f, err := db.Fact(ctx, key)
			require.NoError(t, err)
			assert.Equal(t, "ana", f.Review.Reviewer)
		})

		t.Run("withdrawn and decided again", func(t *testing.T) {
			// The revision never goes back, so a page from before a decision
			// and its withdrawal is still out of date.
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			shown, err := db.Fact(ctx, key)
			require.NoError(t, err)
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted}))
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusPending}))
			err = db.SetReview(ctx, key, Decision{Status: StatusRejected, Version: shown.Version})
			require.ErrorIs(t, err, ErrConflict)
		})

		t.Run("two reviewers at once", func(t *testing.T) {
			db := mustOpen(t)
			key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
			shown, err := db.Fact(ctx, key)
			require.NoError(t, err)
			const n = 8
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					errs[i] = db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: fmt.Sprint("r", i), Version: shown.Version})
				})
			}
			wg.Wait()
			stored := 0
			for _, err := range errs {
				if err == nil {
					stored++
				} else {
					assert.ErrorIs(t, err, ErrConflict)
				}
			}
			assert.Equal(t, 1, stored, "exactly one decision is stored")
			var revision int
			require.NoError(t, db.r.QueryRowContext(ctx, `SELECT revision FROM review_revisions WHERE event_key = ?`, key).Scan(&revision))
			assert.Equal(t, 1, revision)
		})
	})
}

func TestDB_SetReview_checksValues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		known := knownPartners(t)
		next := time.Now().Year() + 1
		tests := []struct {
			name  string
			c     Correction
			field string // "" when valid
		}{
			{"gazetteer partner", Correction{Partners: &[]extract.Partner{{ID: "UNICEF"}}}, ""},
			{"state as partner", Correction{Partners: &[]extract.Partner{{ID: "DE"}}}, ""},
			{"national society", Correction{Partners: &[]extract.Partner{{ID: "Kazakhstan Red Crescent"}}}, ""},
			{"partner the event has", Correction{Partners: &[]extract.Partner{{ID: "US"}, {ID: "ICRC"}}}, ""},
			{"unknown partner", Correction{Partners: &[]extract.Partner{{ID: "UNICEFF"}}}, "partners"},
			{"year 1990", Correction{Date: ptr("1990-01")}, ""},
			{"next year", Correction{Date: ptr(fmt.Sprint(next))}, ""},
			{"year 1989", Correction{Date: ptr("1989")}, "date"},
			{"year after next", Correction{Date: ptr(fmt.Sprint(next + 1))}, "date"},
			{"unknown year", Correction{Date: ptr("XXXX-03-16")}, ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				err := db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: tc.c, KnownPartners: known})
				if tc.field == "" {
					assert.NoError(t, err)
					return
				}
				var ve *ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, tc.field, ve.Field)
			})
		}
	})
}

func TestFilter_ExcludeStale(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		fresh := savedKey(t, db, sampleItem(t, "fresh", sampleText))
		stale := savedKey(t, db, sampleItem(t, "stale", sampleText))
		savedKey(t, db, sampleItem(t, "pending", sampleText))
		require.NoError(t, db.SetReview(ctx, fresh, Decision{Status: StatusAccepted}))
		require.NoError(t, db.SetReview(ctx, stale, Decision{Status: StatusAccepted}))
		makeStale(t, db, stale)

		for _, tc := range []struct {
			name string
			f    Filter
			want []string
		}{
			{"accepted", Filter{Status: StatusAccepted}, []string{"fresh", "stale"}},
			{"accepted, not stale", Filter{Status: StatusAccepted, ExcludeStale: true}, []string{"fresh"}},
			{"all, not stale", Filter{ExcludeStale: true}, []string{"fresh", "pending"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				facts, err := db.Facts(ctx, tc.f)
				require.NoError(t, err)
				assert.Equal(t, tc.want, sourceIDs(facts))
			})
		}
	})
}

func TestDB_Undo(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		fact := func() Fact {
			t.Helper()
			f, err := db.Fact(ctx, key)
			require.NoError(t, err)
			return f
		}
		assert.ErrorIs(t, db.Undo(ctx, key, fact().Version), ErrNothingToUndo, "never decided")

		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Note: "first", Reviewer: "ana"}))
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusRejected, Reason: "dup", Reviewer: "ben"}))
		shown := fact()

		require.NoError(t, db.Undo(ctx, key, shown.Version))
		f := fact()
		require.NotNil(t, f.Review)
		assert.Equal(t, StatusAccepted, f.Review.Status, "the decision before the last one is back")
		assert.Equal(t, "first", f.Review.Note)
		assert.Equal(t, "ana", f.Review.Reviewer)
		assert.ErrorIs(t, db.Undo(ctx, key, shown.Version), ErrConflict, "an undo offered before the change is out of date")

		require.NoError(t, db.Undo(ctx, key, f.Version))
		assert.Equal(t, StatusRejected, fact().Status(), "undoing the undo redoes")

		other := savedKey(t, db, sampleItem(t, "kz-2", sampleText))
		o, err := db.Fact(ctx, other)
		require.NoError(t, err)
		require.NoError(t, db.SetReview(ctx, other, Decision{Status: StatusAccepted, Version: o.Version}))
		o, err = db.Fact(ctx, other)
		require.NoError(t, err)
		require.NoError(t, db.Undo(ctx, other, o.Version))
		o, err = db.Fact(ctx, other)
		require.NoError(t, err)
		assert.Nil(t, o.Review, "undoing the first decision leaves it pending")
		assert.ErrorIs(t, db.Undo(ctx, "e-missing", ""), ErrNotFound)
		checkReviewState(t, db)
	})
}

func TestDB_AcceptBatch(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		keys := map[string]string{}
		for _, c := range []struct {
			id, country string
			conf        float64
		}{{"kz-high", "KZ", 0.96}, {"kz-low", "KZ", 0.5}, {"kz-decided", "KZ", 0.99}, {"uz-high", "UZ", 0.97}} {
			it := sampleItem(t, c.id, sampleText)
			it.Result.Events[0].Country, it.Result.Events[0].Confidence = c.country, c.conf
			keys[c.id] = savedKey(t, db, it)
		}
		require.NoError(t, db.SetReview(ctx, keys["kz-decided"], Decision{Status: StatusRejected, Reviewer: "ana"}))
		f := Filter{Country: "KZ", MinConfidence: 0.95}

		b, err := db.PendingBatch(ctx, f)
		require.NoError(t, err)
		assert.Equal(t, []string{keys["kz-high"]}, b.Keys, "pending, in the country, confident enough")

		t.Run("changed since the confirmation", func(t *testing.T) {
			other := sampleItem(t, "kz-new", sampleText)
			other.Result.Events[0].Confidence = 0.98
			newKey := savedKey(t, db, other)
			_, err := db.AcceptBatch(ctx, f, b.Digest, "ben")
			require.ErrorIs(t, err, ErrConflict)
			f, err := db.Fact(ctx, keys["kz-high"])
			require.NoError(t, err)
			assert.Nil(t, f.Review, "nothing stored")
			require.NoError(t, db.SetReview(ctx, newKey, Decision{Status: StatusRejected}))
		})
		t.Run("as confirmed", func(t *testing.T) {
			b, err := db.PendingBatch(ctx, f)
			require.NoError(t, err)
			n, err := db.AcceptBatch(ctx, f, b.Digest, "ben")
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			got, err := db.Fact(ctx, keys["kz-high"])
			require.NoError(t, err)
			assert.Equal(t, StatusAccepted, got.Status())
			assert.Equal(t, "ben", got.Review.Reviewer)
			dec, err := db.Fact(ctx, keys["kz-decided"])
			require.NoError(t, err)
			assert.Equal(t, StatusRejected, dec.Status(), "decided events are left alone")
			uz, err := db.Fact(ctx, keys["uz-high"])
			require.NoError(t, err)
			assert.Nil(t, uz.Review, "other countries are left alone")
			checkReviewState(t, db)
		})
	})
}

// TestDB_SetReview_knownPartners checks that the store checks corrected
// partners against the ids the caller gives, and refuses new ones when it
// is given none rather than letting any string through.
func TestDB_SetReview_knownPartners(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		unicef := Correction{Partners: &[]extract.Partner{{ID: "UNICEF"}}}

		err := db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: unicef})
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, "no known ids: a new partner is refused")
		assert.Equal(t, "partners", ve.Field)

		keep := Correction{Partners: &[]extract.Partner{{ID: "US"}}}
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: keep}),
			"no known ids: the event's own partners may stay")

		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: unicef, KnownPartners: knownPartners(t)}))
		f, err := db.Fact(ctx, key)
		require.NoError(t, err)
		assert.Equal(t, []string{"UNICEF"}, partnerIDs(f.Current().Partners))
	})
}

// knownPartners returns the partner ids of the embedded gazetteers, as
// the CLI gives them to the store.
func knownPartners(tb testing.TB) extract.PartnerIDs {
	tb.Helper()
	x, err := extract.New(extract.Options{RulesOnly: true})
	require.NoError(tb, err)
	return x.PartnerIDs()
}

func partnerIDs(ps []extract.Partner) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}
