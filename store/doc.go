// Package store keeps articles, their sentences, extracted events with
// evidence, and human review decisions in SQLite. Re-saving an article is
// idempotent: unchanged content changes nothing, changed content replaces the
// article's extraction, and review decisions live in their own table so they
// survive both. The schema and its migrations are embedded .sql files.
package store
