package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDB_SaveSameArticlesFromTwoHandles saves the same articles through two
// handles on one file at once, as two ingest processes with overlapping
// inputs do: neither fails on the UNIQUE source id, each article is new to
// exactly one of them, and nothing is stored twice.
func TestDB_SaveSameArticlesFromTwoHandles(t *testing.T) {
	for _, eng := range testEngines {
		t.Run(eng.name, func(t *testing.T) { saveFromTwoHandles(t, eng.dsn(t)) })
	}
}

func saveFromTwoHandles(t *testing.T, path string) {
	ctx := context.Background()
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(ctx, path)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	items := make([]Item, 50)
	for i := range items {
		items[i] = sampleItem(t, "kz-"+string(rune('a'+i%26))+string(rune('a'+i/26)), sampleText)
	}

	statuses := make([][]Saved, len(dbs))
	errs := make([]error, len(dbs))
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() {
			for _, it := range items {
				saved, err := db.Save(ctx, it)
				if err == nil {
					err = saved[0].Err
				}
				if err != nil {
					errs[i] = err
					return
				}
				statuses[i] = append(statuses[i], saved...)
			}
		})
	}
	wg.Wait()
	for i := range dbs {
		require.NoError(t, errs[i])
	}
	for k := range items {
		got := []Status{statuses[0][k].Status, statuses[1][k].Status}
		assert.ElementsMatch(t, []Status{New, Unchanged}, got, "article %d", k)
	}
	counts, err := dbs[0].TableCounts(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(items), counts["articles"])
	assert.Equal(t, len(items), counts["events"])
}

// TestDB_SaveChangedArticlesInOppositeOrders has two handles replace the
// same stored articles at once, one in reverse order, as two workers with
// overlapping inputs may: on PostgreSQL their row locks can deadlock, and
// the server's victim must try again rather than fail.
func TestDB_SaveChangedArticlesInOppositeOrders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		a := mustOpen(t)
		b := mustOpenSame(t, a)
		const n = 30
		for round := range 8 {
			var fwd, rev []Item
			for i := range n {
				fwd = append(fwd, sampleItem(t, fmt.Sprintf("kz-%02d", i), sampleText+strings.Repeat(" A.", round*2)))
			}
			for i := n - 1; i >= 0; i-- {
				rev = append(rev, sampleItem(t, fmt.Sprintf("kz-%02d", i), sampleText+strings.Repeat(" A.", round*2+1)))
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, job := range []struct {
				db    *DB
				items []Item
			}{{a, fwd}, {b, rev}} {
				wg.Go(func() {
					saved, err := job.db.Save(ctx, job.items...)
					if err == nil {
						for _, s := range saved {
							err = errors.Join(err, s.Err)
						}
					}
					errs[i] = err
				})
			}
			wg.Wait()
			require.NoError(t, errors.Join(errs...), "round %d", round)
		}
		counts, err := a.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, n, counts["articles"])
		assert.Equal(t, n, counts["events"])
	})
}
