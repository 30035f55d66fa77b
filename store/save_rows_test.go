package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
)

// TestDB_SaveManyRows: an article with more sentences, paragraphs and
// events than one multi-row INSERT takes is stored whole, each event with
// its own evidence and its decision's state.
func TestDB_SaveManyRows(t *testing.T) {
	const n = 2*maxRowsPerInsert + 7
	var text strings.Builder
	var sentences []extract.Span
	var paragraphs []ingest.Paragraph
	var events []extract.Event
	for i := range n {
		start := text.Len()
		fmt.Fprintf(&text, "Kazakhstan brought back %d citizens.", i+1)
		s := extract.Span{Start: start, End: text.Len()}
		text.WriteString("\n")
		sentences = append(sentences, s)
		paragraphs = append(paragraphs, ingest.Paragraph{Start: s.Start, End: s.End, Path: fmt.Sprintf("p[%d]", i)})
		count := fmt.Sprintf("%d citizens", i+1)
		events = append(events, extract.Event{Country: "KZ", Counts: map[string]int{"total": i + 1}, Confidence: 0.5,
			Evidence: []extract.Evidence{
				{Field: "country", Text: "Kazakhstan", Span: extract.Span{Start: s.Start, End: s.Start + len("Kazakhstan")}, Sentence: s, Rule: "test"},
				{Field: "counts.total", Text: count, Span: extract.Span{Start: s.End - len(count) - 1, End: s.End - 1}, Sentence: s, Rule: "test"},
			}})
	}
	it := Item{
		Article: ingest.Article{SourceID: "many", Input: "many.txt", Format: "txt", Text: text.String(), Paragraphs: paragraphs},
		Result:  &extract.Result{Document: extract.Document{Text: text.String(), Sentences: sentences}, Events: events},
	}
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		keys := EventKeys(it.Article.SourceID, it.Article.Text, events)
		// A decision stored before the article (a copied database): its
		// event starts decided.
		require.NoError(t, db.inTx(ctx, func(tx *tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO reviews (event_key, article_key, status, evidence_hash, reviewer, reviewed_at)
				VALUES (?, ?, 'accepted', ?, 'ana', '2024-01-01T00:00:00Z')`, keys[150], ArticleKey("many"), EvidenceHash(events[150]))
			return err
		}))

		saved, err := db.Save(ctx, it)
		require.NoError(t, err)
		require.NoError(t, saved[0].Err)
		require.Equal(t, New, saved[0].Status)
		assert.Equal(t, n, saved[0].Events)

		counts, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, n, counts["sentences"])
		assert.Equal(t, n, counts["paragraphs"])
		assert.Equal(t, n, counts["events"])
		assert.Equal(t, 2*n, counts["evidence"])
		for _, i := range []int{0, maxRowsPerInsert, n - 1} {
			f, err := db.Fact(ctx, keys[i])
			require.NoError(t, err)
			assert.Equal(t, i+1, f.Event.Counts["total"], "event %d", i)
			require.Len(t, f.Event.Evidence, 2)
			assert.Equal(t, fmt.Sprintf("%d citizens", i+1), f.Event.Evidence[1].Text, "event %d keeps its own evidence", i)
		}
		checkReviewState(t, db)
		decided, err := db.Facts(ctx, Filter{Status: StatusAccepted})
		require.NoError(t, err)
		require.Len(t, decided, 1)
		assert.Equal(t, keys[150], decided[0].Key)
	})
}
