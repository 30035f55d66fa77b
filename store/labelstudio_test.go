package store

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

// annotate adds a finished annotation to each exported task, made by
// results (by event id), as Label Studio would export them.
func annotate(t *testing.T, export []byte, results map[string]string) []byte {
	t.Helper()
	var tasks []map[string]any
	require.NoError(t, json.Unmarshal(export, &tasks))
	for _, task := range tasks {
		id := task["data"].(map[string]any)["event_id"].(string)
		res, ok := results[id]
		if !ok {
			continue
		}
		var result []any
		require.NoError(t, json.Unmarshal([]byte(res), &result))
		task["annotations"] = []any{
			map[string]any{"result": []any{}, "was_cancelled": true, "updated_at": "2024-06-02T00:00:00Z"},
			map[string]any{"result": result, "completed_by": 7, "updated_at": "2024-06-01T00:00:00Z"},
		}
	}
	b, err := json.Marshal(tasks)
	require.NoError(t, err)
	return b
}

func TestLabelStudio_roundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		// "Qazaqstan’s" puts a three-byte character before the evidence, so
		// byte and code point offsets differ.
		text := "Qazaqstan’s news: Kazakhstan brought back 37 citizens from Syria. Eleven women and 26 children landed on Wednesday."
		it := sampleItem(t, "kz-1", text)
		it.Result.Document.Sentences[0].Start = 0
		kz := savedKey(t, db, it)
		uz := sampleItem(t, "uz-1", strings.Replace(sampleText, "Kazakhstan", "Uzbekistan", 1))
		uz.Result.Events[0].Country = "UZ"
		uzKey := savedKey(t, db, uz)
		gone := savedKey(t, db, sampleItem(t, "gone-1", sampleText))

		var buf bytes.Buffer
		n, err := db.ExportEvents(ctx, &buf, FormatLabelStudio, Filter{})
		require.NoError(t, err)
		require.Equal(t, 3, n)
		var tasks []lsTask
		require.NoError(t, json.Unmarshal(buf.Bytes(), &tasks), buf.String())
		require.Len(t, tasks, 3)
		task := tasks[slices.IndexFunc(tasks, func(t lsTask) bool { return t.Data.EventID == kz })]
		assert.Equal(t, text, task.Data.Text)
		assert.Contains(t, task.Data.Values, "counts.total=37")
		require.Len(t, task.Predictions, 1)
		for _, r := range task.Predictions[0].Result {
			var want string
			require.NoError(t, json.Unmarshal(r.Value.Text, &want))
			runes := []rune(task.Data.Text)
			assert.Equal(t, want, string(runes[*r.Value.Start:*r.Value.End]), "code point offsets for %v", r.Value.Labels)
		}

		annotated := annotate(t, buf.Bytes(), map[string]string{
			kz: `[{"from_name":"decision","to_name":"text","type":"choices","value":{"choices":["accept"]}},
				{"from_name":"correction","to_name":"text","type":"textarea","value":{"text":["counts.total=38\ndate=2024-03\npartners=US,UNICEF"]}},
				{"from_name":"note","to_name":"text","type":"textarea","value":{"text":["checked the statement"]}}]`,
			uzKey: `[{"from_name":"decision","to_name":"text","type":"choices","value":{"choices":["reject"]}},
				{"from_name":"reason","to_name":"text","type":"textarea","value":{"text":["a plan, not a flight"]}}]`,
			gone: `[{"from_name":"decision","to_name":"text","type":"choices","value":{"choices":["accept"]}}]`,
		})
		reviews, err := ReadLabelStudio(bytes.NewReader(annotated), "")
		require.NoError(t, err)
		require.Len(t, reviews, 3)

		// Before the import, one event changes and one disappears.
		require.NoError(t, db.SetReview(ctx, gone, Decision{Status: StatusRejected}))
		_, err = db.w.ExecContext(ctx, `DELETE FROM events WHERE event_key = ?`, gone)
		require.NoError(t, err)

		rep, err := db.ImportReviews(ctx, reviews, knownPartners(t))
		require.NoError(t, err)
		assert.Equal(t, 2, rep.Stored)
		assert.Empty(t, rep.Conflicts)
		require.Len(t, rep.Missing, 1)
		assert.Equal(t, gone, rep.Missing[0].EventKey)

		f, err := db.Fact(ctx, kz)
		require.NoError(t, err)
		assert.Equal(t, StatusCorrected, f.Status())
		assert.Equal(t, map[string]int{"total": 38, "women": 11, "children": 26}, f.Current().Counts, "the other groups are kept")
		assert.Equal(t, "2024-03", f.Current().Date)
		assert.Equal(t, []string{"US", "UNICEF"}, partnerIDs(f.Current().Partners), "a known partner added on import")
		assert.Equal(t, "checked the statement", f.Review.Note)
		assert.Equal(t, "labelstudio:7", f.Review.Reviewer)
		u, err := db.Fact(ctx, uzKey)
		require.NoError(t, err)
		assert.Equal(t, StatusRejected, u.Status())
		assert.Equal(t, "a plan, not a flight", u.Review.Reason)

		t.Run("decided again since the export", func(t *testing.T) {
			i := slices.IndexFunc(reviews, func(r ImportedReview) bool { return r.EventKey == kz })
			rep, err := db.ImportReviews(ctx, reviews[i:i+1], knownPartners(t))
			require.NoError(t, err)
			assert.Zero(t, rep.Stored)
			require.Len(t, rep.Conflicts, 1, "the export's version is out of date")
		})
	})
}

// TestImportReviews_partners checks that an imported correction's partners
// are checked against the known ids the import is given.
func TestImportReviews_partners(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		key := savedKey(t, db, sampleItem(t, "kz-1", sampleText))
		review := func(id string) []ImportedReview {
			return []ImportedReview{{Task: 3, EventKey: key, Decision: Decision{Status: StatusAccepted,
				Correction: Correction{Partners: &[]extract.Partner{{ID: id}}}}}}
		}
		for _, tc := range []struct {
			name, id string
			known    extract.PartnerIDs
		}{
			{"typo", "UNICEFF", knownPartners(t)},
			{"no known ids", "UNICEF", extract.PartnerIDs{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rep, err := db.ImportReviews(ctx, review(tc.id), tc.known)
				var ve *ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, "partners", ve.Field)
				assert.Contains(t, err.Error(), "task 3")
				assert.Zero(t, rep.Stored)
			})
		}
		rep, err := db.ImportReviews(ctx, review("UNICEF"), knownPartners(t))
		require.NoError(t, err)
		assert.Equal(t, 1, rep.Stored)
	})
}

func TestReadLabelStudio_errors(t *testing.T) {
	tests := []struct {
		name, result, want string
	}{
		{"no decision", `[]`, "no decision"},
		{"unknown choice", `[{"from_name":"decision","value":{"choices":["maybe"]}}]`, `decision "maybe"`},
		{"unknown field", `[{"from_name":"decision","value":{"choices":["accept"]}},
			{"from_name":"correction","value":{"text":["casualties=3"]}}]`, `correction "casualties=3": unknown field`},
		{"not a number", `[{"from_name":"decision","value":{"choices":["accept"]}},
			{"from_name":"correction","value":{"text":["counts.women=a dozen"]}}]`, "not a whole number"},
		{"rejected with a correction", `[{"from_name":"decision","value":{"choices":["reject"]}},
			{"from_name":"correction","value":{"text":["country=UZ"]}}]`, "a rejected event carries no correction"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := `[{"data":{"event_id":"e1","text":"x"},"annotations":[{"result":` + tc.result + `}]}]`
			_, err := ReadLabelStudio(strings.NewReader(in), "ana")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "task 1 (event e1)")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		_, err := ReadLabelStudio(strings.NewReader("<xml>"), "")
		assert.ErrorContains(t, err, "read Label Studio export")
	})
}
