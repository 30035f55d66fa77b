package store

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
)

// TestDB_Stored: one look-up says whether an article is stored, its date
// and where the date came from, and whether its extraction is current.
func TestDB_Stored(t *testing.T) {
	forEachEngine(t, func(t *testing.T, mustOpen func(testing.TB) *DB) {
		ctx := context.Background()
		db := mustOpen(t)
		it := sampleItem(t, "kz-1", sampleText)

		s, err := db.Stored(ctx, "kz-1")
		require.NoError(t, err)
		assert.Equal(t, Stored{}, s, "nothing stored yet")
		assert.False(t, s.Unchanged(it.Article))

		_, err = db.Save(ctx, it)
		require.NoError(t, err)
		s, err = db.Stored(ctx, "kz-1")
		require.NoError(t, err)
		assert.Equal(t, Stored{Found: true, Published: "2024-03-15", PublishedSource: "flag",
			ContentHash: ContentHash(it.Article), Version: extract.Version}, s)
		assert.True(t, s.Unchanged(it.Article))
		changed := it.Article
		changed.Title = "Another title"
		assert.False(t, s.Unchanged(changed))
	})
}
