package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

func ptr[T any](v T) *T { return &v }

func TestIsCountryCode(t *testing.T) {
	assert.Len(t, strings.Fields(isoCodes), 250, "249 ISO codes and XK")
	tests := []struct {
		code string
		want bool
	}{
		{"KZ", true},
		{"XK", true},
		{"SY", true},
		{"kz", false},
		{"ZZ", false},
		{"EU", false},
		{"KAZ", false},
		{"", false},
		{" K", false},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			assert.Equal(t, tc.want, IsCountryCode(tc.code))
		})
	}
}

func TestIsEventDate(t *testing.T) {
	tests := []struct {
		date string
		want bool
	}{
		{"2019", true},
		{"2019-03", true},
		{"2019-03-16", true},
		{"XXXX-03", true},
		{"XXXX-03-16", true},
		{"XXXX-02-29", true},
		{"2024-02-29", true},
		{"2023-02-29", false},
		{"XXXX", false},
		{"2019-13", false},
		{"2019-00", false},
		{"2019-04-31", false},
		{"2019-3-1", false},
		{"19-03-16", false},
		{"+201-03", false},
		{"2019-03-16-01", false},
		{"2019/03/16", false},
		{"March 2019", false},
	}
	for _, tc := range tests {
		t.Run(tc.date, func(t *testing.T) {
			assert.Equal(t, tc.want, IsEventDate(tc.date))
		})
	}
}

func TestDecision_Validate(t *testing.T) {
	tests := []struct {
		name  string
		d     Decision
		field string // "" when valid
	}{
		{"accept", Decision{Status: StatusAccepted}, ""},
		{"withdraw", Decision{Status: StatusPending}, ""},
		{"kosovo", Decision{Status: StatusCorrected, Correction: Correction{Country: ptr("XK")}}, ""},
		{"unknown date", Decision{Status: StatusCorrected, Correction: Correction{Date: ptr("")}}, ""},
		{"qualified count", Decision{Status: StatusCorrected, Correction: Correction{
			Counts: &map[string]int{"total": 600}, Qualifiers: &map[string]string{"total": "more_than"}}}, ""},
		{"bad status", Decision{Status: "maybe"}, "status"},
		{"rejected with correction", Decision{Status: StatusRejected, Correction: Correction{Country: ptr("KZ")}}, "status"},
		{"bad ISO code", Decision{Status: StatusCorrected, Correction: Correction{Country: ptr("ZZ")}}, "country"},
		{"lower-case code", Decision{Status: StatusCorrected, Correction: Correction{Country: ptr("kz")}}, "country"},
		{"bad origin", Decision{Status: StatusCorrected, Correction: Correction{From: &[]string{"SY", "Syria"}}}, "from"},
		{"bad date", Decision{Status: StatusCorrected, Correction: Correction{Date: ptr("2019-13-01")}}, "date"},
		{"negative count", Decision{Status: StatusCorrected, Correction: Correction{Counts: &map[string]int{"women": -1}}}, "counts.women"},
		{"unknown group", Decision{Status: StatusCorrected, Correction: Correction{Counts: &map[string]int{"families": 3}}}, "counts"},
		{"bad qualifier", Decision{Status: StatusCorrected, Correction: Correction{
			Counts: &map[string]int{"total": 5}, Qualifiers: &map[string]string{"total": "roughly"}}}, "qualifiers.total"},
		{"qualifier without count", Decision{Status: StatusCorrected, Correction: Correction{
			Counts: &map[string]int{"total": 5}, Qualifiers: &map[string]string{"women": "about"}}}, "qualifiers.women"},
		{"empty partner", Decision{Status: StatusCorrected, Correction: Correction{Partners: &[]extract.Partner{{ID: " "}}}}, "partners"},
		{"long note", Decision{Status: StatusAccepted, Note: strings.Repeat("x", MaxNote+1)}, "note"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.d.Validate()
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
}

// savedKey saves the sample article and returns its event's key.
func savedKey(t *testing.T, db *DB, it Item) string {
	t.Helper()
	_, err := db.Save(context.Background(), it)
	require.NoError(t, err)
	facts, err := db.Facts(context.Background(), Filter{Article: ArticleKey(it.Article.SourceID)})
	require.NoError(t, err)
	require.NotEmpty(t, facts)
	return facts[0].Key
}

func TestDB_SetReview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		db.now = func() time.Time { return time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("X", 3600)) }
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))

		tests := []struct {
			name       string
			d          Decision
			wantStatus string
			wantCorr   Correction
		}{
			{"accept", Decision{Status: StatusAccepted, Reviewer: "ana", Note: "checked"}, StatusAccepted, Correction{}},
			{"reject", Decision{Status: StatusRejected, Reviewer: "ana", Reason: "duplicate"}, StatusRejected, Correction{}},
			{"correct one count", Decision{Status: StatusCorrected, Reviewer: "ana", Correction: Correction{
				Country: ptr("KZ"), Counts: &map[string]int{"total": 38, "women": 11, "children": 26}}},
				StatusCorrected, Correction{Counts: &map[string]int{"total": 38, "women": 11, "children": 26}}},
			{"correction that changes nothing", Decision{Status: StatusCorrected, Reviewer: "ana", Correction: Correction{
				Country: ptr("KZ"), From: &[]string{"SY"}}}, StatusAccepted, Correction{}},
			{"accept with a change", Decision{Status: StatusAccepted, Reviewer: "ana", Correction: Correction{Date: ptr("2024-03")}},
				StatusCorrected, Correction{Date: ptr("2024-03")}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				require.NoError(t, db.SetReview(ctx, key, tc.d))
				f, err := db.Fact(ctx, key)
				require.NoError(t, err)
				require.NotNil(t, f.Review)
				assert.Equal(t, tc.wantStatus, f.Review.Status)
				assert.Equal(t, tc.wantCorr, f.Review.Correction)
				assert.Equal(t, tc.d.Reason, f.Review.Reason)
				assert.Equal(t, tc.d.Note, f.Review.Note)
				assert.Equal(t, "ana", f.Review.Reviewer)
				assert.Equal(t, "2024-05-01T11:00:00Z", f.Review.ReviewedAt)
				assert.False(t, f.Review.Stale)
			})
		}

		t.Run("withdraw", func(t *testing.T) {
			require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusPending}))
			f, err := db.Fact(ctx, key)
			require.NoError(t, err)
			assert.Nil(t, f.Review)
		})
		t.Run("unknown event", func(t *testing.T) {
			err := db.SetReview(ctx, "e-missing", Decision{Status: StatusAccepted})
			assert.ErrorIs(t, err, ErrNotFound)
		})
		t.Run("invalid correction stores nothing", func(t *testing.T) {
			err := db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: Correction{Country: ptr("ZZ")}})
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			counts, err := db.TableCounts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, counts["reviews"])
		})
	})
}

func TestDB_ReviewSurvivesResave(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		it := sampleItem(t, "kz-1", sampleText)
		key := savedKey(t, db, it)
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusCorrected, Reviewer: "ana",
			Correction: Correction{Operation: ptr("Zhusan")}}))

		stale := func(t *testing.T) bool {
			t.Helper()
			f, err := db.Fact(ctx, key)
			require.NoError(t, err, "the event keeps its key")
			require.NotNil(t, f.Review, "the decision stays attached")
			assert.Equal(t, StatusCorrected, f.Review.Status)
			assert.Equal(t, "Zhusan", f.Current().Operation)
			return f.Review.Stale
		}

		// Saving the same article again writes nothing.
		saved, err := db.Save(ctx, it)
		require.NoError(t, err)
		require.Equal(t, Unchanged, saved[0].Status)
		assert.False(t, stale(t))

		// A new title rewrites the article and its events, but the evidence is
		// the same.
		retitled := sampleItem(t, "kz-1", sampleText)
		retitled.Article.Title = "A new title"
		saved, err = db.Save(ctx, retitled)
		require.NoError(t, err)
		require.Equal(t, Updated, saved[0].Status)
		assert.False(t, stale(t))

		// Changed text moves a sentence: the evidence changed.
		changed := sampleItem(t, "kz-1", sampleText+" More text.")
		changed.Result.Events[0].Evidence[2].Sentence.End = len(changed.Article.Text)
		saved, err = db.Save(ctx, changed)
		require.NoError(t, err)
		require.Equal(t, Updated, saved[0].Status)
		assert.True(t, stale(t))
		stales, err := db.Facts(ctx, Filter{Status: StatusStale})
		require.NoError(t, err)
		assert.Len(t, stales, 1)

		// Deciding again clears it.
		checkReviewState(t, db)
		require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusCorrected, Correction: Correction{Operation: ptr("Zhusan")}}))
		assert.False(t, stale(t))
	})
}

func TestDB_ExportCarriesCorrections(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		kz := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		uz := sampleItem(t, "uz-1", strings.Replace(sampleText, "Kazakhstan", "Uzbekistan", 1))
		uz.Result.Events[0].Country = "UZ"
		uzKey := savedKey(t, db, uz)
		require.NoError(t, db.SetReview(ctx, kz, Decision{Status: StatusCorrected, Reviewer: "ana",
			Correction: Correction{Counts: &map[string]int{"total": 38, "women": 11, "children": 26},
				Qualifiers: &map[string]string{"total": "about"}}}))
		require.NoError(t, db.SetReview(ctx, uzKey, Decision{Status: StatusRejected, Reason: "not a repatriation"}))

		var buf bytes.Buffer
		n, err := db.ExportEvents(ctx, &buf, FormatJSONL, Filter{Status: "accepted,corrected"})
		require.NoError(t, err)
		require.Equal(t, 1, n, "the rejected event is left out")
		var got ExportedEvent
		require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
		assert.Equal(t, kz, got.EventID)
		assert.Equal(t, StatusCorrected, got.Status)
		assert.Equal(t, map[string]int{"total": 38, "women": 11, "children": 26}, got.Counts)
		assert.Equal(t, map[string]string{"total": "about"}, got.Qualifiers)
		require.NotNil(t, got.Extracted)
		assert.Equal(t, map[string]int{"total": 37, "women": 11, "children": 26}, got.Extracted.Counts)
		assert.Equal(t, map[string]string{}, got.Extracted.Qualifiers)
		require.NotNil(t, got.Review)
		assert.Equal(t, "ana", got.Review.Reviewer)
	})
}

func TestDB_Summary(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		var keys []string
		for _, c := range []struct{ id, country string }{{"kz-1", "KZ"}, {"kz-2", "KZ"}, {"uz-1", "UZ"}, {"xk-1", "XK"}, {"be-1", "BE"}} {
			it := sampleItem(t, c.id, sampleText)
			it.Result.Events[0].Country = c.country
			keys = append(keys, savedKey(t, db, it))
		}
		require.NoError(t, db.SetReview(ctx, keys[0], Decision{Status: StatusAccepted}))
		require.NoError(t, db.SetReview(ctx, keys[2], Decision{Status: StatusRejected}))
		makeStale(t, db, keys[0])
		// A country corrected from XK to AL counts under AL.
		require.NoError(t, db.SetReview(ctx, keys[3], Decision{Status: StatusCorrected, Correction: Correction{Country: ptr("AL")}}))
		_, err := db.w.ExecContext(ctx, `INSERT INTO reviews (event_key, status, reviewed_at, evidence_hash) VALUES ('e-gone', 'accepted', 'x', 'y')`)
		require.NoError(t, err)

		s, err := db.Summary(ctx)
		require.NoError(t, err)
		assert.Equal(t, []CountrySummary{
			{Country: "AL", Corrected: 1, Total: 1},
			{Country: "BE", Pending: 1, Total: 1},
			{Country: "KZ", Pending: 1, Accepted: 1, Stale: 1, Total: 2},
			{Country: "UZ", Rejected: 1, Total: 1},
		}, s.Countries)
		assert.Equal(t, CountrySummary{Pending: 2, Accepted: 1, Rejected: 1, Corrected: 1, Stale: 1, Total: 5}, s.Total)
		assert.Equal(t, 1, s.Orphaned)
	})
}

func TestFilter_queueOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		keys := map[string]string{}
		for _, c := range []struct {
			id   string
			conf float64
		}{{"high", 0.9}, {"low", 0.2}, {"mid", 0.5}, {"decided", 0.1}, {"stale", 0.95}} {
			it := sampleItem(t, c.id, sampleText)
			it.Result.Events[0].Confidence = c.conf
			keys[c.id] = savedKey(t, db, it)
		}
		require.NoError(t, db.SetReview(ctx, keys["decided"], Decision{Status: StatusAccepted}))
		require.NoError(t, db.SetReview(ctx, keys["stale"], Decision{Status: StatusAccepted}))
		makeStale(t, db, keys["stale"])

		tests := []struct {
			name string
			f    Filter
			want []string
		}{
			{"source order", Filter{}, []string{"decided", "high", "low", "mid", "stale"}},
			{"queue", Filter{Order: OrderQueue}, []string{"stale", "low", "mid", "high", "decided"}},
			{"to review", Filter{Order: OrderQueue, Status: "pending,stale"}, []string{"stale", "low", "mid", "high"}},
			{"stale only", Filter{Status: StatusStale}, []string{"stale"}},
			{"limit", Filter{Order: OrderQueue, Limit: 2}, []string{"stale", "low"}},
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

// TestDB_SetReview_recordsWithdrawals: withdrawing a decision (status
// pending, or Undo back to no decision) records who withdrew it and when,
// for Copy; storing a decision again forgets the withdrawal, so an event
// has one or the other; withdrawing where nothing was decided records
// nothing.
func TestDB_SetReview_recordsWithdrawals(t *testing.T) {
	tests := []struct {
		name string
		acts []string // "accept", "withdraw" or "undo", by reviewer ana at successive hours
		want string   // the withdrawal recorded, as "reviewer at", or ""
	}{
		{"never decided", []string{"withdraw"}, ""},
		{"withdrawn", []string{"accept", "withdraw"}, "ana 2024-05-01T11:00:00Z"},
		{"withdrawn twice", []string{"accept", "withdraw", "withdraw"}, "ana 2024-05-01T11:00:00Z"},
		{"decided again", []string{"accept", "withdraw", "accept"}, ""},
		{"withdrawal undone", []string{"accept", "withdraw", "undo"}, ""},
		{"decision undone", []string{"accept", "undo"}, " 2024-05-01T11:00:00Z"},
	}
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				db := mustOpen(t)
				key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
				for i, act := range tc.acts {
					db.now = func() time.Time { return time.Date(2024, 5, 1, 10+i, 0, 0, 0, time.UTC) }
					switch act {
					case "accept":
						require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusAccepted, Reviewer: "ana"}))
					case "withdraw":
						require.NoError(t, db.SetReview(ctx, key, Decision{Status: StatusPending, Reviewer: "ana"}))
					case "undo":
						f, err := db.Fact(ctx, key)
						require.NoError(t, err)
						require.NoError(t, db.Undo(ctx, key, f.Version))
					}
				}
				var got string
				err := db.r.QueryRowContext(ctx, `SELECT reviewer || ' ' || withdrawn_at FROM review_withdrawals WHERE event_key = ?`, key).Scan(&got)
				if !errors.Is(err, sql.ErrNoRows) {
					require.NoError(t, err)
				}
				assert.Equal(t, tc.want, got)
			})
		}
	})
}
