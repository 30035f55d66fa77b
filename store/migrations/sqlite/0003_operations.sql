-- Operations: events of different articles that report one repatriation,
-- as the last linking run grouped them. Keyed by public ids, never row ids:
-- events are deleted and rewritten on re-extraction, and an operation's
-- membership and the decisions on it must outlive that. Each linking run
-- rewrites both tables.
CREATE TABLE operations (
	op_key    TEXT PRIMARY KEY,
	country   TEXT NOT NULL,
	linked_at TEXT NOT NULL
);

CREATE TABLE operation_members (
	event_key TEXT PRIMARY KEY,
	op_key    TEXT NOT NULL REFERENCES operations(op_key) ON DELETE CASCADE,
	seq       INTEGER NOT NULL -- 0 is the founding member, whose key gave op_key
);
CREATE INDEX operation_members_op ON operation_members(op_key, seq);

-- Reviewers' decisions on links: two events kept apart (an event detached
-- from an operation) or together (operations merged). event_a < event_b.
-- Not foreign keys, like reviews: they outlive re-extraction and relinking.
CREATE TABLE operation_links (
	event_a    TEXT NOT NULL,
	event_b    TEXT NOT NULL,
	decision   TEXT NOT NULL CHECK (decision IN ('apart', 'together')),
	reviewer   TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL,
	PRIMARY KEY (event_a, event_b)
);

-- A reviewer's choice among an operation's conflicting values of a field
-- (date, operation, counts.women, …).
CREATE TABLE operation_picks (
	op_key     TEXT NOT NULL,
	field      TEXT NOT NULL,
	value      TEXT NOT NULL,
	reviewer   TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL,
	PRIMARY KEY (op_key, field)
);
