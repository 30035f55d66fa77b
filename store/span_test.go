package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

func TestDB_SaveRefusesSpanInsideACharacter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		const text = "Mañana llegaron 12 niños."
		it := sampleItem(t, "es-1", sampleText+" "+text)
		whole := len(it.Article.Text)
		start := whole - len(text) + 3 // the second byte of "ñ"
		it.Result.Events[0].Evidence[2] = extract.Evidence{Field: "date", Text: it.Article.Text[start : start+4],
			Span: extract.Span{Start: start, End: start + 4}, Sentence: extract.Span{Start: whole - len(text), End: whole}}

		saved, err := db.Save(ctx, it)
		require.NoError(t, err)
		require.Error(t, saved[0].Err)
		assert.Contains(t, saved[0].Err.Error(), "save es-1")
		assert.Contains(t, saved[0].Err.Error(), "splits a character")
		counts, err := db.TableCounts(ctx)
		require.NoError(t, err)
		assert.Equal(t, 0, counts["articles"])
	})
}
