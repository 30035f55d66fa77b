-- The PostgreSQL form of migrations/sqlite/0002_review.sql: the same tables,
-- columns and meaning, keys compared bytewise (COLLATE "C") as in 0001.
-- Review decisions bound to what the reviewer saw (issue 12).
--
-- review_revisions counts the decisions taken on each event, withdrawals
-- included, so a page can say which state it showed and a decision made on
-- an older page is refused rather than stored over a newer one. It is a
-- table of its own because withdrawing a decision deletes the reviews row,
-- and a revision must never go back to an earlier number.
CREATE TABLE review_revisions (
	event_key TEXT COLLATE "C" PRIMARY KEY,
	revision  INTEGER NOT NULL
);
INSERT INTO review_revisions (event_key, revision) SELECT event_key, 1 FROM reviews;

-- article_key says which article a decision belongs to, so a decision
-- whose event disappeared (an orphan) can be offered that article's events
-- to re-attach to. decided_values are the event's values as the reviewer
-- saw them (JSON, empty for decisions older than this migration), so a
-- stale decision can show what changed since.
ALTER TABLE reviews ADD COLUMN article_key TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN decided_values TEXT NOT NULL DEFAULT '';
UPDATE reviews SET article_key = coalesce((SELECT a.article_key FROM events e JOIN articles a ON a.id = e.article_id
	WHERE e.event_key = reviews.event_key), '');
CREATE INDEX reviews_article ON reviews(article_key);

-- review_history keeps the decision each revision replaced (status '' when
-- there was none), so the last decision on an event can be undone.
CREATE TABLE review_history (
	event_key      TEXT COLLATE "C" NOT NULL,
	revision       INTEGER NOT NULL,
	status         TEXT NOT NULL,
	correction     TEXT NOT NULL DEFAULT '{}',
	reason         TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	reviewer       TEXT NOT NULL DEFAULT '',
	reviewed_at    TEXT NOT NULL DEFAULT '',
	evidence_hash  TEXT NOT NULL DEFAULT '',
	article_key    TEXT NOT NULL DEFAULT '',
	decided_values TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (event_key, revision)
);

-- review_state mirrors each event's review state (0: its decision is stale,
-- 1: pending, 2: decided) so that the review queue's order and filters read
-- one index instead of joining every event to its decision: the queue and
-- event pages then cost about the same at 100,000 events as at 1,000. The
-- store keeps it in step in the transactions that change decisions or
-- events.
ALTER TABLE events ADD COLUMN review_state INTEGER NOT NULL DEFAULT 1;
UPDATE events SET review_state = coalesce((SELECT CASE WHEN r.evidence_hash = events.evidence_hash THEN 2 ELSE 0 END
	FROM reviews r WHERE r.event_key = events.event_key), 1);
CREATE INDEX events_queue ON events(review_state, confidence, id);
-- The queue sorted "most confident first".
CREATE INDEX events_confidence ON events(confidence DESC, id);
-- The queue sorted by country.
CREATE INDEX events_country_queue ON events(country, confidence, id);

-- review_claims marks the event each reviewer has open, so that another
-- reviewer on the same database sees it as "in review" for a few minutes.
CREATE TABLE review_claims (
	event_key  TEXT COLLATE "C" PRIMARY KEY,
	reviewer   TEXT NOT NULL,
	claimed_at TEXT NOT NULL
);
