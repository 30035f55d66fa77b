-- The PostgreSQL form of migrations/sqlite/0008_review_withdrawals.sql.
-- Withdrawn review decisions (SetReview with status pending, or Undo back
-- to no decision). Withdrawing deletes the reviews row; this row remembers
-- who withdrew the decision and when, so that copying between databases
-- carries the withdrawal like a decision: the latest act wins, whichever
-- database it was made in. An event has a row here or in reviews, never
-- both: deciding it again deletes its withdrawal.
CREATE TABLE review_withdrawals (
	event_key    TEXT COLLATE "C" PRIMARY KEY,
	reviewer     TEXT NOT NULL DEFAULT '',
	withdrawn_at TEXT NOT NULL
);
