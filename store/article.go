package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
)

// StoredArticle is an article as stored, with its sentence boundaries.
type StoredArticle struct {
	ID          int64
	Key         string
	Article     ingest.Article // Raw, Fetched and Paragraphs are not loaded
	ContentHash string
	Version     string // extractor version
	Sentences   []extract.Span
	UpdatedAt   string
}

// Article returns one article by its public key, or ErrNotFound.
func (db *DB) Article(ctx context.Context, key string) (StoredArticle, error) {
	var s StoredArticle
	a := &s.Article
	err := db.r.QueryRowContext(ctx, `SELECT id, article_key, source_id, input, format, url, canonical, title, site, language,
		published, published_source, modified, text, content_hash, extractor_version, updated_at
		FROM articles WHERE article_key = ?`, key).Scan(&s.ID, &s.Key, &a.SourceID, &a.Input, &a.Format, &a.URL, &a.Canonical,
		&a.Title, &a.Site, &a.Language, &a.Published, &a.PublishedSource, &a.Modified, &a.Text, &s.ContentHash,
		&s.Version, &s.UpdatedAt)
	if err == sql.ErrNoRows {
		return s, fmt.Errorf("article %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("article %s: %w", key, describe(err))
	}
	rows, err := db.r.QueryContext(ctx, `SELECT start, "end" FROM sentences WHERE article_id = ? ORDER BY idx`, s.ID)
	if err != nil {
		return s, fmt.Errorf("article %s sentences: %w", key, describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var sp extract.Span
		if err := rows.Scan(&sp.Start, &sp.End); err != nil {
			return s, fmt.Errorf("article %s sentences: %w", key, err)
		}
		s.Sentences = append(s.Sentences, sp)
	}
	return s, rows.Err()
}

// TableCounts returns the number of rows in each table, for summaries and
// for checking that a re-run duplicated nothing.
func (db *DB) TableCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"articles", "pages", "sentences", "paragraphs", "events", "evidence", "reviews"} {
		var n int
		// Table names come from the fixed list above, never from input.
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, describe(err))
		}
		out[t] = n
	}
	return out, nil
}
