-- The PostgreSQL form of migrations/sqlite/0007_views_operations.sql.
-- events_flat gains operation_id: the operation (see 0003_operations)
-- the event belongs to after the last linking run, NULL when unlinked.
-- A view cannot gain a column in place in SQLite, so it is made again.
DROP VIEW events_flat;

CREATE VIEW events_flat AS
SELECT event_id, article_id, source_id, url, title, published, site, country,
	NULLIF(date, '') AS date,
	(counts ->> 'total')::integer AS total,
	(counts ->> 'women')::integer AS women,
	(counts ->> 'men')::integer AS men,
	(counts ->> 'children')::integer AS children,
	(counts ->> 'adults')::integer AS adults,
	(counts ->> 'orphans')::integer AS orphans,
	origins, partners, NULLIF(operation, '') AS operation, aggregate, confidence,
	status, stale, reviewer, reviewed_at, operation_id
FROM (
	SELECT e.event_key AS event_id, a.article_key AS article_id, a.source_id, a.url, a.title, a.published, a.site,
		coalesce(r.correction::jsonb ->> 'country', e.country) AS country,
		coalesce(r.correction::jsonb ->> 'date', e.date) AS date,
		coalesce(r.correction::jsonb -> 'counts', e.counts::jsonb) AS counts,
		coalesce(r.correction::jsonb -> 'from', e.origins::jsonb) AS origins,
		coalesce(r.correction::jsonb -> 'partners', e.partners::jsonb) AS partners,
		coalesce(r.correction::jsonb ->> 'operation', e.operation) AS operation,
		coalesce((r.correction::jsonb ->> 'aggregate')::boolean, e.aggregate) AS aggregate,
		e.confidence,
		coalesce(r.status, 'pending') AS status,
		coalesce(r.evidence_hash != e.evidence_hash, false) AS stale,
		r.reviewer, r.reviewed_at, m.op_key AS operation_id
	FROM events e
	JOIN articles a ON a.id = e.article_id
	LEFT JOIN reviews r ON r.event_key = e.event_key
	LEFT JOIN operation_members m ON m.event_key = e.event_key
) f;
