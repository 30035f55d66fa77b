-- Inputs (files, folders' files, URLs, WARC files) waiting for
-- "newsfacts work" processes, on one or many machines. A worker claims a
-- pending job, or a running one whose lease ran out (its worker died), and
-- keeps the lease alive while it works. A job that failed max-attempts
-- times is parked as failed with its last error.
CREATE TABLE jobs (
	id          INTEGER PRIMARY KEY,
	input       TEXT NOT NULL UNIQUE,
	published   TEXT NOT NULL DEFAULT '', -- --published for inputs without a date
	state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	worker      TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0, -- milliseconds since 1970, by the database's clock
	error       TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state, id);
