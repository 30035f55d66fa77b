// Package store keeps articles, their sentences, extracted events with
// evidence, and human review decisions in SQLite (a file) or PostgreSQL (a
// postgres:// URL), behind one API. Re-saving an article is idempotent:
// unchanged content changes nothing, changed content replaces the article's
// extraction, and review decisions live in their own table so they survive
// both. The schema and its migrations are embedded .sql files, one folder
// per engine with the same names (one schema version); SQL that differs
// between the engines is in the small methods of engine.go. The store also
// holds the job queue that "newsfacts work" processes share, and copies a
// database from one engine to the other.
package store
