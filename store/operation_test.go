package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/link"
)

// opItems saves three articles: two report one transfer (37 people on
// 13 March), the third another (12 people in January).
func opItems(t *testing.T, db *DB) {
	t.Helper()
	a := sampleItem(t, "kz-a", sampleText)
	b := sampleItem(t, "kz-b", sampleText)
	b.Article.Published = "2024-03-20"
	b.Result.Events[0].Date = "2024-03"
	c := sampleItem(t, "kz-c", sampleText)
	c.Result.Events[0].Date = "2024-01-10"
	c.Result.Events[0].Counts = map[string]int{"total": 12}
	_, err := db.Save(context.Background(), a, b, c)
	require.NoError(t, err)
}

func TestDB_Relink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		opItems(t, db)
		st, err := db.Relink(ctx, false)
		require.NoError(t, err)
		assert.Equal(t, LinkStats{Events: 3, Operations: 2, Multi: 1}, st)

		ops, err := db.Operations(ctx, OperationFilter{Multi: true})
		require.NoError(t, err)
		require.Len(t, ops, 1)
		op := ops[0]
		assert.Equal(t, "KZ", op.Country)
		assert.Equal(t, "2024-03-13", op.Date(), "the more precise date")
		require.Len(t, op.Members, 2)
		assert.Equal(t, "kz-a", op.Members[0].Article.SourceID)
		assert.NotEmpty(t, op.Members[0].Event.Evidence, "members carry their evidence")

		// Every event names its operation in the export.
		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		for _, f := range facts {
			assert.NotEmpty(t, f.Exported().OperationID, f.Article.SourceID)
		}
		assert.Equal(t, op.ID, facts[0].Operation)
		assert.Equal(t, op.ID, facts[1].Operation)
		assert.NotEqual(t, op.ID, facts[2].Operation)

		// Relinking changes nothing; the id is stable.
		_, err = db.Relink(ctx, true)
		require.NoError(t, err)
		again, err := db.Operation(ctx, op.ID)
		require.NoError(t, err)
		assert.Len(t, again.Members, 2)

		t.Run("filters", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				f    OperationFilter
				want int
			}{
				{"all", OperationFilter{}, 2},
				{"country", OperationFilter{Country: "kz"}, 2},
				{"other country", OperationFilter{Country: "FR"}, 0},
				{"since", OperationFilter{Since: "2024-02"}, 1},
			} {
				got, err := db.Operations(ctx, tc.f)
				require.NoError(t, err)
				assert.Len(t, got, tc.want, tc.name)
			}
		})
		t.Run("unknown operation", func(t *testing.T) {
			_, err := db.Operation(ctx, "onope")
			assert.ErrorIs(t, err, ErrNotFound)
		})
	})
}

func TestDB_ExportOperations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		opItems(t, db)
		_, err := db.Relink(ctx, false)
		require.NoError(t, err)

		var buf bytes.Buffer
		n, err := db.ExportOperations(ctx, &buf, FormatJSONL, OperationFilter{})
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		require.Len(t, lines, 2)
		var got map[string]any
		require.NoError(t, json.Unmarshal([]byte(lines[1]), &got))
		assert.Equal(t, "2024-03-13", got["date"])
		assert.Equal(t, map[string]any{"total": 37.0, "women": 11.0, "children": 26.0}, got["counts"])
		assert.Equal(t, 2.0, got["sources"])
		assert.Equal(t, []any{}, got["conflicts"], "a contained month is no conflict")
		fields := got["fields"].([]any)
		date := fields[0].(map[string]any)
		assert.Equal(t, "date", date["field"])
		assert.Len(t, date["sources"], 1)

		buf.Reset()
		n, err = db.ExportOperations(ctx, &buf, FormatCSV, OperationFilter{})
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Len(t, rows, 3)
		assert.Equal(t, []string{"operation_id", "country", "date", "from"}, rows[0][:4])
		assert.Equal(t, "2", rows[2][len(rows[2])-4], "sources")

		_, err = db.ExportOperations(ctx, &buf, "xml", OperationFilter{})
		assert.Error(t, err)
	})
}

func TestDB_OperationDecisions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		opItems(t, db)
		_, err := db.Relink(ctx, false)
		require.NoError(t, err)
		multi := func() []OperationView {
			t.Helper()
			ops, err := db.Operations(ctx, OperationFilter{Multi: true})
			require.NoError(t, err)
			return ops
		}
		op := multi()[0]
		b := op.Members[1].Key

		t.Run("detach survives re-ingest and relinking", func(t *testing.T) {
			require.NoError(t, db.DetachEvent(ctx, op.ID, b, "ana"))
			assert.Empty(t, multi())
			// Re-extraction of the detached event's article (same event key).
			it := sampleItem(t, "kz-b", sampleText)
			it.Article.Published = "2024-03-21"
			_, err := db.Save(ctx, it)
			require.NoError(t, err)
			_, err = db.Relink(ctx, true)
			require.NoError(t, err)
			assert.Empty(t, multi())
			assert.ErrorIs(t, db.DetachEvent(ctx, op.ID, b, "ana"), ErrNotFound)
		})
		t.Run("merge", func(t *testing.T) {
			facts, err := db.Facts(ctx, Filter{})
			require.NoError(t, err)
			require.NoError(t, db.MergeOperations(ctx, facts[0].Operation, facts[2].Operation, "ana"))
			ops := multi()
			require.Len(t, ops, 1)
			assert.Len(t, ops[0].Members, 2)
			assert.Contains(t, []string{facts[0].Operation, facts[2].Operation}, ops[0].ID, "one of the two ids stays")
			_, err = db.Relink(ctx, true)
			require.NoError(t, err)
			require.Len(t, multi(), 1, "a merge survives relinking from scratch")
		})
		t.Run("pick", func(t *testing.T) {
			op := multi()[0]
			require.Len(t, op.Consensus.Counts, 3)
			total := op.Consensus.Counts[0]
			require.Equal(t, "counts.total", total.Name)
			require.Len(t, total.Conflicts, 1)
			other := total.Conflicts[0].Value
			require.NoError(t, db.PickValue(ctx, op.ID, "counts.total", other, "ana"))
			_, err := db.Relink(ctx, false)
			require.NoError(t, err)
			got, err := db.Operation(ctx, op.ID)
			require.NoError(t, err)
			assert.Equal(t, other, got.Consensus.Counts[0].Value)
			assert.True(t, got.Consensus.Counts[0].Picked)

			var ve *ValidationError
			assert.ErrorAs(t, db.PickValue(ctx, op.ID, "counts.total", "999", "ana"), &ve, "no source says 999")
			require.NoError(t, db.PickValue(ctx, op.ID, "counts.total", "", "ana"))
			got, err = db.Operation(ctx, op.ID)
			require.NoError(t, err)
			assert.False(t, got.Consensus.Counts[0].Picked)
		})
	})
}

// TestDB_Relink_leavesOutRejected: linking reads every event but a
// rejected one, which joins no operation.
func TestDB_Relink_leavesOutRejected(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		opItems(t, db)
		facts, err := db.Facts(ctx, Filter{})
		require.NoError(t, err)
		require.Len(t, facts, 3)
		require.Equal(t, "kz-b", facts[1].Article.SourceID)
		require.NoError(t, db.SetReview(ctx, facts[1].Key, Decision{Status: StatusRejected, Reason: "duplicate", Reviewer: "ana"}))

		st, err := db.Relink(ctx, true)
		require.NoError(t, err)
		assert.Equal(t, LinkStats{Events: 2, Operations: 2, Multi: 0}, st)
		facts, err = db.Facts(ctx, Filter{})
		require.NoError(t, err)
		assert.Empty(t, facts[1].Operation, "the rejected event")
		assert.NotEmpty(t, facts[0].Operation)
	})
}

// TestDB_PickValue_recordsWithdrawals: withdrawing a pick records who
// withdrew it and when, for Copy; picking again forgets the withdrawal, so
// a field has one or the other; withdrawing where nothing was picked
// records nothing.
func TestDB_PickValue_recordsWithdrawals(t *testing.T) {
	tests := []struct {
		name string
		acts []string // "pick" or "withdraw", by reviewer ana at successive hours
		want string   // the withdrawal recorded, as "reviewer at", or ""
	}{
		{"never picked", []string{"withdraw"}, ""},
		{"withdrawn", []string{"pick", "withdraw"}, "ana 2024-05-01T11:00:00Z"},
		{"withdrawn twice", []string{"pick", "withdraw", "withdraw"}, "ana 2024-05-01T11:00:00Z"},
		{"picked again", []string{"pick", "withdraw", "pick"}, ""},
	}
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				db := mustOpen(t)
				op, total := multiOperationTotal(t, db)
				for i, act := range tc.acts {
					db.now = func() time.Time { return time.Date(2024, 5, 1, 10+i, 0, 0, 0, time.UTC) }
					value := map[string]string{"pick": total.Value, "withdraw": ""}[act]
					require.NoError(t, db.PickValue(ctx, op, total.Name, value, "ana"))
				}
				assert.Equal(t, tc.want, pickWithdrawal(t, db, op, total.Name))
			})
		}
	})
}

// multiOperationTotal saves opItems in db, links them, and returns the
// operation of more than one event with its total, which can be picked.
func multiOperationTotal(t *testing.T, db *DB) (string, link.Field) {
	t.Helper()
	ctx := context.Background()
	opItems(t, db)
	_, err := db.Relink(ctx, false)
	require.NoError(t, err)
	ops, err := db.Operations(ctx, OperationFilter{Multi: true})
	require.NoError(t, err)
	require.Len(t, ops, 1)
	total := ops[0].Consensus.Counts[0]
	require.Equal(t, "counts.total", total.Name)
	return ops[0].ID, total
}

// pickWithdrawal returns the withdrawal recorded of a pick, as "reviewer
// at", or "".
func pickWithdrawal(t *testing.T, db *DB, opID, field string) string {
	t.Helper()
	var got string
	err := db.r.QueryRowContext(context.Background(), `SELECT reviewer || ' ' || withdrawn_at FROM operation_pick_withdrawals
		WHERE op_key = ? AND field = ?`, opID, field).Scan(&got)
	if !errors.Is(err, sql.ErrNoRows) {
		require.NoError(t, err)
	}
	return got
}
