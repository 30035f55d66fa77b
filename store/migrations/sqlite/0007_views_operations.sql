-- events_flat gains operation_id: the operation (see 0003_operations)
-- the event belongs to after the last linking run, NULL when unlinked.
-- A view cannot gain a column in place in SQLite, so it is made again.
DROP VIEW events_flat;

CREATE VIEW events_flat AS
SELECT event_id, article_id, source_id, url, title, published, site, country,
	NULLIF(date, '') AS date,
	CAST(json_extract(counts, '$.total') AS INTEGER) AS total,
	CAST(json_extract(counts, '$.women') AS INTEGER) AS women,
	CAST(json_extract(counts, '$.men') AS INTEGER) AS men,
	CAST(json_extract(counts, '$.children') AS INTEGER) AS children,
	CAST(json_extract(counts, '$.adults') AS INTEGER) AS adults,
	CAST(json_extract(counts, '$.orphans') AS INTEGER) AS orphans,
	origins, partners, NULLIF(operation, '') AS operation, aggregate, confidence,
	status, stale, reviewer, reviewed_at, operation_id
FROM (
	SELECT e.event_key AS event_id, a.article_key AS article_id, a.source_id, a.url, a.title, a.published, a.site,
		coalesce(json_extract(r.correction, '$.country'), e.country) AS country,
		coalesce(json_extract(r.correction, '$.date'), e.date) AS date,
		coalesce(json_extract(r.correction, '$.counts'), e.counts) AS counts,
		coalesce(json_extract(r.correction, '$.from'), e.origins) AS origins,
		coalesce(json_extract(r.correction, '$.partners'), e.partners) AS partners,
		coalesce(json_extract(r.correction, '$.operation'), e.operation) AS operation,
		coalesce(json_extract(r.correction, '$.aggregate'), e.aggregate) AS aggregate,
		e.confidence,
		coalesce(r.status, 'pending') AS status,
		CASE WHEN r.evidence_hash IS NOT NULL AND r.evidence_hash != e.evidence_hash THEN 1 ELSE 0 END AS stale,
		r.reviewer, r.reviewed_at, m.op_key AS operation_id
	FROM events e
	JOIN articles a ON a.id = e.article_id
	LEFT JOIN reviews r ON r.event_key = e.event_key
	LEFT JOIN operation_members m ON m.event_key = e.event_key
);
