-- Articles as extraction saw them. text is NFC UTF-8; every offset in
-- sentences, paragraphs and evidence is a byte offset into it.
CREATE TABLE articles (
	id                INTEGER PRIMARY KEY,
	article_key       TEXT NOT NULL UNIQUE, -- public id, derived from source_id
	source_id         TEXT NOT NULL UNIQUE,
	input             TEXT NOT NULL DEFAULT '',
	format            TEXT NOT NULL DEFAULT '',
	url               TEXT NOT NULL DEFAULT '',
	canonical         TEXT NOT NULL DEFAULT '',
	title             TEXT NOT NULL DEFAULT '',
	site              TEXT NOT NULL DEFAULT '',
	language          TEXT NOT NULL DEFAULT '',
	published         TEXT NOT NULL DEFAULT '',
	published_source  TEXT NOT NULL DEFAULT '',
	modified          TEXT NOT NULL DEFAULT '',
	text              TEXT NOT NULL,
	content_hash      TEXT NOT NULL,
	extractor_version TEXT NOT NULL,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);

-- The raw page an HTML article came from, and the HTTP response details when
-- it was fetched, so it can be re-extracted without fetching again.
CREATE TABLE pages (
	article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	raw           BLOB NOT NULL,
	final_url     TEXT NOT NULL DEFAULT '', -- after redirects
	status        INTEGER NOT NULL DEFAULT 0,
	headers       TEXT NOT NULL DEFAULT '{}',
	fetched_at    TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sentences (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	idx        INTEGER NOT NULL,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

-- Where each paragraph of text stands in the raw page.
CREATE TABLE paragraphs (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	idx        INTEGER NOT NULL,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	path       TEXT NOT NULL,
	PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
	id            INTEGER PRIMARY KEY,
	event_key     TEXT NOT NULL UNIQUE, -- public id, stable across re-extraction
	article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	ord           INTEGER NOT NULL,
	type          TEXT NOT NULL DEFAULT 'repatriation',
	country       TEXT NOT NULL,
	origins       TEXT NOT NULL DEFAULT '[]', -- JSON array of ISO codes
	date          TEXT NOT NULL DEFAULT '',
	counts        TEXT NOT NULL DEFAULT '{}', -- JSON object group -> integer
	qualifiers    TEXT NOT NULL DEFAULT '{}',
	derived       TEXT NOT NULL DEFAULT '[]',
	partners      TEXT NOT NULL DEFAULT '[]', -- JSON array of {id, name}
	operation     TEXT NOT NULL DEFAULT '',
	aggregate     INTEGER NOT NULL DEFAULT 0,
	confidence    REAL NOT NULL DEFAULT 0,
	evidence_hash TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_country ON events(country, date);

CREATE TABLE evidence (
	event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	idx            INTEGER NOT NULL,
	field          TEXT NOT NULL,
	text           TEXT NOT NULL,
	start          INTEGER NOT NULL,
	end            INTEGER NOT NULL,
	sentence_start INTEGER NOT NULL,
	sentence_end   INTEGER NOT NULL,
	rule           TEXT NOT NULL,
	PRIMARY KEY (event_id, idx)
) WITHOUT ROWID;

-- Human decisions, keyed by the event's public id and deliberately not a
-- foreign key: re-extraction deletes and rewrites events, and a decision must
-- outlive that. evidence_hash is the event's evidence when it was decided;
-- when the event's evidence changes the decision is shown as stale.
CREATE TABLE reviews (
	event_key     TEXT PRIMARY KEY,
	status        TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'corrected')),
	correction    TEXT NOT NULL DEFAULT '{}', -- JSON: corrected fields only
	reason        TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	reviewer      TEXT NOT NULL DEFAULT '',
	reviewed_at   TEXT NOT NULL,
	evidence_hash TEXT NOT NULL
);
