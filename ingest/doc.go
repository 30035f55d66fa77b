// Package ingest reads news articles from files, folders, news-please JSON
// and JSONL, HTML pages, WARC archives and http(s) URLs, and yields them as
// Articles: the main text (NFC-normalised UTF-8, one paragraph a line,
// furniture removed) with its metadata, where the text came from in the
// page, and the raw page. It knows nothing of extraction or storage.
package ingest
