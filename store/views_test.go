package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestViews reads the downstream views on both engines: events_flat gives
// each event's reviewed values and status as the export does, and
// evidence_flat cuts each sentence from the text by byte offsets.
func TestViews(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		// Accents before the evidence: character and byte offsets differ.
		text := "Kazakhstan’s ministry — «official» — brought back 37 citizens from Syria. Eleven women and 26 children landed on Wednesday."
		items := []Item{sampleItem(t, "kz-1", text), sampleItem(t, "kz-2", text), sampleItem(t, "kz-3", text)}
		_, err := db.Save(ctx, items...)
		require.NoError(t, err)
		key := func(i int) string { return EventKeys(items[i].Article.SourceID, text, items[i].Result.Events)[0] }
		require.NoError(t, db.SetReview(ctx, key(0), Decision{Status: StatusCorrected, Reviewer: "ana",
			Correction: Correction{Country: ptr("UZ"), Counts: ptr(map[string]int{"total": 40, "men": 3}), Operation: ptr("Mehr")}}))
		require.NoError(t, db.SetReview(ctx, key(1), Decision{Status: StatusRejected, Reason: "duplicate", Reviewer: "ben"}))
		_, err = db.w.ExecContext(ctx, `UPDATE reviews SET evidence_hash = 'old' WHERE event_key = ?`, key(1))
		require.NoError(t, err)

		// kz-3 is left unlinked.
		_, err = db.Relink(ctx, false)
		require.NoError(t, err)
		_, err = db.w.ExecContext(ctx, `DELETE FROM operation_members WHERE event_key = ?`, key(2))
		require.NoError(t, err)

		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		rows, err := db.r.QueryContext(ctx, `SELECT event_id, article_id, source_id, country, date, total, women, men, children,
			operation, aggregate, status, stale, reviewer, operation_id FROM events_flat ORDER BY source_id`)
		require.NoError(t, err)
		defer rows.Close()
		i := 0
		for rows.Next() {
			require.Less(t, i, len(facts))
			want := facts[i].Exported()
			var id, article, source, country, status string
			var date, operation, reviewer, opID sql.NullString
			var total, women, men, children sql.NullInt64
			var aggregate, stale bool
			require.NoError(t, rows.Scan(&id, &article, &source, &country, &date, &total, &women, &men, &children,
				&operation, &aggregate, &status, &stale, &reviewer, &opID))
			count := func(g string) sql.NullInt64 {
				n, ok := want.Counts[g]
				return sql.NullInt64{Int64: int64(n), Valid: ok}
			}
			assert.Equal(t, want.EventID, id)
			assert.Equal(t, want.Article.Key, article)
			assert.Equal(t, want.Article.SourceID, source)
			assert.Equal(t, want.Country, country)
			assert.Equal(t, deref(want.Date), date.String)
			assert.Equal(t, []sql.NullInt64{count("total"), count("women"), count("men"), count("children")},
				[]sql.NullInt64{total, women, men, children}, id)
			assert.Equal(t, deref(want.Operation), operation.String)
			assert.Equal(t, want.Aggregate, aggregate)
			assert.Equal(t, want.Status, status)
			assert.Equal(t, want.Review != nil && want.Review.Stale, stale)
			assert.Equal(t, deref(want.OperationID), opID.String, id)
			assert.Equal(t, want.OperationID != nil, opID.Valid, id)
			i++
		}
		require.NoError(t, rows.Err())
		assert.Equal(t, len(facts), i)
		assert.Equal(t, "UZ", facts[0].Exported().Country, "the view was compared with a correction")
		assert.True(t, slices.ContainsFunc(facts[:2], func(f Fact) bool { return f.Exported().OperationID != nil }),
			"the view was compared with a linked event")
		assert.Nil(t, facts[2].Exported().OperationID, "the view was compared with an unlinked event")

		// README.md's example query runs on both engines.
		require.NoError(t, db.SetReview(ctx, key(2), Decision{Status: StatusAccepted}))
		var country, year string
		var people int
		require.NoError(t, db.r.QueryRowContext(ctx, `SELECT country, substr(date, 1, 4) AS year,
			sum(coalesce(total, women + children, children, women)) AS people
			FROM events_flat
			WHERE status IN ('accepted', 'corrected') AND NOT aggregate AND date IS NOT NULL
			GROUP BY country, year ORDER BY country, year`).Scan(&country, &year, &people))
		assert.Equal(t, []any{"KZ", "2024", 37}, []any{country, year, people}, "UZ comes after KZ")

		ev, err := db.r.QueryContext(ctx, `SELECT event_id, field, text, start, "end", sentence_start, sentence, rule FROM evidence_flat
			WHERE source_id = 'kz-3' ORDER BY idx`)
		require.NoError(t, err)
		defer ev.Close()
		n := 0
		for ev.Next() {
			var id, field, surface, sentence, rule string
			var start, end, sentStart int
			require.NoError(t, ev.Scan(&id, &field, &surface, &start, &end, &sentStart, &sentence, &rule))
			assert.Equal(t, key(2), id)
			assert.Equal(t, text[start:end], surface)
			assert.Equal(t, text[sentStart:sentStart+len(sentence)], sentence)
			assert.Contains(t, sentence, surface)
			n++
		}
		require.NoError(t, ev.Err())
		assert.Equal(t, 3, n)
	})
}
