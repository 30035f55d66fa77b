// Package ingest reads news articles from files, folders, news-please JSON
// and JSONL, HTML pages and URLs, and yields them as Articles: the main text
// (NFC-normalised UTF-8, furniture removed) with its metadata. It knows
// nothing of extraction or storage.
package ingest
