-- The PostgreSQL form of migrations/sqlite/0009_operation_pick_withdrawals.sql.
-- Withdrawn picks of an operation's value (PickValue with no value).
-- Withdrawing deletes the operation_picks row; this row remembers who
-- withdrew the pick and when, so that copying between databases carries
-- the withdrawal like a pick: the latest act wins, whichever database it
-- was made in, as for review_withdrawals. A field has a row here or in
-- operation_picks, never both: picking a value again deletes its
-- withdrawal. Links (operation_links) need no such table: a reviewer
-- replaces a link decision but never removes one.
CREATE TABLE operation_pick_withdrawals (
	op_key       TEXT COLLATE "C" NOT NULL,
	field        TEXT NOT NULL,
	reviewer     TEXT NOT NULL DEFAULT '',
	withdrawn_at TEXT NOT NULL,
	PRIMARY KEY (op_key, field)
);
