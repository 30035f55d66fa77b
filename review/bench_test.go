package review

import (
	"database/sql"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchDB is the fixture grown to n events (10 per article, a third of them
// decided, one in thirty of those stale) by copying the kz-flight article
// and event in SQL, which is far quicker than saving them one by one.
func benchDB(b *testing.B, n int) (*fixture, string) {
	b.Helper()
	f := newFixture(b)
	raw, err := sql.Open("sqlite3", f.path+"?_busy_timeout=10000")
	require.NoError(b, err)
	defer raw.Close()
	kz := f.keys["kz-flight"]
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO articles (article_key, source_id, url, title, site, published, text, content_hash, extractor_version,
			created_at, updated_at)
		SELECT 'abench' || i, printf('bench-%07d', i), url, title || ' ' || i, site, published, text, content_hash,
			extractor_version, created_at, updated_at FROM n, articles WHERE source_id = 'kz-flight'`, []any{n / 10}},
		{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
		INSERT INTO events (event_key, article_id, ord, type, country, origins, date, counts, qualifiers, derived, partners,
			operation, aggregate, confidence, evidence_hash)
		SELECT 'eb' || a.id || '-' || n.i, a.id, n.i, t.type,
			CASE (a.id + n.i) % 4 WHEN 0 THEN 'KZ' WHEN 1 THEN 'UZ' WHEN 2 THEN 'XK' ELSE 'TJ' END,
			t.origins, t.date, t.counts, t.qualifiers, t.derived, t.partners, t.operation, t.aggregate,
			((a.id * 7 + n.i * 13) % 100) / 100.0, t.evidence_hash
		FROM n, articles a, events t WHERE a.source_id LIKE 'bench-%' AND t.event_key = ?`, []any{kz}},
		{`INSERT INTO evidence (event_id, idx, field, text, start, end, sentence_start, sentence_end, rule)
		SELECT e.id, v.idx, v.field, v.text, v.start, v.end, v.sentence_start, v.sentence_end, v.rule
		FROM events e, evidence v, events t WHERE e.event_key LIKE 'eb%' AND t.event_key = ? AND v.event_id = t.id`, []any{kz}},
		{`INSERT INTO reviews (event_key, status, reviewed_at, evidence_hash, article_key)
		SELECT event_key, 'accepted', '2024-01-01T00:00:00Z', CASE WHEN id % 90 = 0 THEN 'old' ELSE evidence_hash END, ''
		FROM events WHERE event_key LIKE 'eb%' AND id % 3 = 0`, nil},
		{`UPDATE events SET review_state = coalesce((SELECT CASE WHEN r.evidence_hash = events.evidence_hash THEN 2 ELSE 0 END
			FROM reviews r WHERE r.event_key = events.event_key), 1)`, nil},
		{`ANALYZE`, nil},
	} {
		_, err := raw.Exec(q.sql, q.args...)
		require.NoError(b, err)
	}
	var middle string
	require.NoError(b, raw.QueryRow(`SELECT event_key FROM events WHERE event_key LIKE 'eb%' AND id % 3 != 0
		ORDER BY id LIMIT 1 OFFSET ?`, n/20).Scan(&middle))
	return f, middle
}

// BenchmarkReview_pages times the queue page and an event page, whose cost
// must not grow with the number of events the way loading the whole queue
// did (130-180 ms at 3,000 events before keyset navigation).
func BenchmarkReview_pages(b *testing.B) {
	for _, n := range []int{3_000, 100_000} {
		f, key := benchDB(b, n)
		h := f.handler(b)
		for _, page := range []struct{ name, target string }{
			{"queue", "/"},
			{"queue page 50 by confidence", "/?status=all&sort=confidence&page=50"},
			{"event", "/facts/" + key},
			{"event by country", "/facts/" + key + "?country=KZ&status=all&sort=country"},
		} {
			b.Run(fmt.Sprintf("events=%d/%s", n, page.name), func(b *testing.B) {
				for b.Loop() {
					w := request(b, h, "GET", page.target, nil)
					if w.Code != http.StatusOK {
						b.Fatalf("%s: %d %s", page.target, w.Code, w.Body.String())
					}
				}
			})
		}
	}
}
