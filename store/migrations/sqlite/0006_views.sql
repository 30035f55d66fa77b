-- Views for downstream readers (documented in README.md).
--
-- events_flat: one row per event with the reviewed values (a reviewer's
-- correction where there is one, the extracted value elsewhere), the counts
-- as columns, and the review status; stale is 1 when the event changed
-- since its decision.
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
	status, stale, reviewer, reviewed_at
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
		r.reviewer, r.reviewed_at
	FROM events e
	JOIN articles a ON a.id = e.article_id
	LEFT JOIN reviews r ON r.event_key = e.event_key
);

-- evidence_flat: one row per evidence span, keyed by the public event and
-- article ids, with the words and the sentence they stand in. start and
-- "end" are byte offsets into articles.text, so the sentence is cut from
-- the text as bytes. (The table evidence holds the rows by internal ids.)
CREATE VIEW evidence_flat AS
SELECT e.event_key AS event_id, a.article_key AS article_id, a.source_id, v.idx, v.field, v.text, v.start, v."end",
	v.sentence_start, v.sentence_end,
	CAST(substr(CAST(a.text AS BLOB), v.sentence_start + 1, v.sentence_end - v.sentence_start) AS TEXT) AS sentence,
	v.rule
FROM evidence v
JOIN events e ON e.id = v.event_id
JOIN articles a ON a.id = e.article_id;
