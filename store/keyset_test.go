package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDB_Neighbours checks the keyset navigation against the full list, for
// every event under several filters and orders, with ties in confidence,
// stale, decided and pending events.
func TestDB_Neighbours(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		var keys []string
		for i, c := range []struct {
			country string
			conf    float64
			date    string
		}{{"KZ", 0.5, "2024-01"}, {"KZ", 0.5, "2023"}, {"UZ", 0.9, ""}, {"KZ", 0.2, "2024-03-13"}, {"UZ", 0.5, "2022-05"}, {"XK", 0.7, "2024-01"}} {
			it := sampleItem(t, fmt.Sprintf("src-%d", i), sampleText)
			it.Result.Events[0].Country, it.Result.Events[0].Confidence, it.Result.Events[0].Date = c.country, c.conf, c.date
			keys = append(keys, savedKey(t, db, it))
		}
		require.NoError(t, db.SetReview(ctx, keys[0], Decision{Status: StatusAccepted}))
		require.NoError(t, db.SetReview(ctx, keys[2], Decision{Status: StatusRejected}))
		require.NoError(t, db.SetReview(ctx, keys[4], Decision{Status: StatusAccepted}))
		makeStale(t, db, keys[4])

		var filters []Filter
		for _, order := range []string{OrderSource, OrderQueue, OrderConfidence, OrderDate, OrderCountry} {
			filters = append(filters, Filter{Order: order}, Filter{Order: order, Status: "pending,stale"},
				Filter{Order: order, Country: "KZ"}, Filter{Order: order, Search: "SRC-3"})
		}
		for _, f := range filters {
			t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
				list, err := db.Facts(ctx, f)
				require.NoError(t, err)
				var want []string
				for _, fact := range list {
					want = append(want, fact.Key)
				}
				for _, key := range keys {
					n, err := db.Neighbours(ctx, f, key)
					require.NoError(t, err)
					assert.Equal(t, len(want), n.Total)
					i := slices.Index(want, key)
					if i < 0 {
						assert.Zero(t, n.Position, key)
						continue
					}
					assert.Equal(t, i+1, n.Position, key)
					prev, next := "", ""
					if i > 0 {
						prev = want[i-1]
					}
					if i+1 < len(want) {
						next = want[i+1]
					}
					assert.Equal(t, prev, n.Prev, "previous of %s", key)
					assert.Equal(t, next, n.Next, "next of %s", key)
				}
				count, err := db.Count(ctx, f)
				require.NoError(t, err)
				assert.Equal(t, len(want), count)
			})
		}
		t.Run("an event the filter leaves out", func(t *testing.T) {
			n, err := db.Neighbours(ctx, Filter{Order: OrderQueue, Status: StatusPending}, keys[0])
			require.NoError(t, err)
			assert.Zero(t, n.Position)
			assert.NotEmpty(t, n.Prev+n.Next, "still has neighbours to go to")
		})
		t.Run("unknown event", func(t *testing.T) {
			_, err := db.Neighbours(ctx, Filter{}, "e-missing")
			assert.ErrorIs(t, err, ErrNotFound)
		})
	})
}

func TestFilter_searchAndPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		for _, id := range []string{"kz-flight", "uz_mercy", "kz-100%"} {
			savedKey(t, db, sampleItem(t, id, sampleText))
		}
		for _, tc := range []struct {
			name string
			f    Filter
			want []string
		}{
			{"text in the source id", Filter{Search: "KZ"}, []string{"kz-100%", "kz-flight"}},
			{"a LIKE wildcard is text", Filter{Search: "%"}, []string{"kz-100%"}},
			{"an underscore is text", Filter{Search: "z_m"}, []string{"uz_mercy"}},
			{"first page", Filter{Limit: 2}, []string{"kz-100%", "kz-flight"}},
			{"second page", Filter{Limit: 2, Offset: 2}, []string{"uz_mercy"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				facts, err := db.Facts(ctx, tc.f)
				require.NoError(t, err)
				assert.Equal(t, tc.want, sourceIDs(facts))
			})
		}
	})
}
