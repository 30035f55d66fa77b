package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// warcRec is one record to write into a test archive.
type warcRec struct {
	typ, uri, date, contentType string
	block                       []byte
	rawHeader                   string // replaces the generated header when set
}

func (r warcRec) bytes() []byte {
	var b bytes.Buffer
	if r.rawHeader != "" {
		b.WriteString(r.rawHeader)
	} else {
		fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\n", r.typ, len(r.block))
		if r.uri != "" {
			fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
		}
		fmt.Fprintf(&b, "WARC-Date: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", r.date, r.contentType, len(r.block))
	}
	b.Write(r.block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func httpBlock(status string, header string, body []byte) []byte {
	return append([]byte("HTTP/1.1 "+status+"\r\n"+header+fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body))), body...)
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

func TestRead_WARC(t *testing.T) {
	pageA := readFixture(t, "jsonld.html")
	pageB := readFixture(t, "time.html")
	const (
		uriA = "https://courier.example/news/oak-chest"
		uriB = "https://courier.example/2021/06/05/oak-chest-again"
		date = "2024-01-10T12:00:00Z"
	)
	resp := func(uri string, block []byte) warcRec {
		return warcRec{typ: "response", uri: uri, date: date, contentType: "application/http; msgtype=response", block: block}
	}
	info := warcRec{typ: "warcinfo", date: date, contentType: "application/warc-fields", block: []byte("software: newsfacts-test\r\n")}
	request := warcRec{typ: "request", uri: uriA, date: date, contentType: "application/http; msgtype=request",
		block: []byte("GET /news/oak-chest HTTP/1.1\r\nHost: courier.example\r\n\r\n")}
	a := resp(uriA, httpBlock("200 OK", "Content-Type: text/html; charset=utf-8\r\nETag: \"a1\"\r\n", pageA))
	image := resp("https://courier.example/chest.jpg", httpBlock("200 OK", "Content-Type: image/jpeg\r\n", []byte("\xff\xd8\xff\xe0 not really a photo")))
	redirect := resp("http://courier.example/news/oak-chest", httpBlock("301 Moved Permanently", "Location: "+uriA+"\r\n", nil))
	corrupt := warcRec{rawHeader: "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\n",
		block: httpBlock("200 OK", "Content-Type: text/html\r\n", []byte("<p>lost</p>"))}
	b := resp(uriB, httpBlock("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzipped(t, pageB)))
	meta := warcRec{typ: "metadata", uri: uriB, date: date, contentType: "application/warc-fields", block: []byte("fetchTimeMs: 12\r\n")}

	type file struct {
		data        []byte
		corruptAt   []int64 // offsets of records that must be reported
		wantErrText []string
	}
	plain := func() file {
		var f file
		for _, r := range []warcRec{info, request, a, image, redirect, corrupt, b, meta} {
			if r.rawHeader != "" {
				f.corruptAt = append(f.corruptAt, int64(len(f.data)))
			}
			f.data = append(f.data, r.bytes()...)
		}
		f.wantErrText = []string{`invalid Content-Length "abc"`}
		return f
	}
	perRecordGzip := func() file {
		var f file
		for _, r := range []warcRec{info, request, a, image, redirect, corrupt} {
			if r.rawHeader != "" {
				f.corruptAt = append(f.corruptAt, int64(len(f.data)))
			}
			f.data = append(f.data, gzipped(t, r.bytes())...)
		}
		f.corruptAt = append(f.corruptAt, int64(len(f.data)))
		f.data = append(f.data, "these bytes are not a gzip member"...)
		for _, r := range []warcRec{b, meta} {
			f.data = append(f.data, gzipped(t, r.bytes())...)
		}
		f.wantErrText = []string{`invalid Content-Length "abc"`, "gzip: invalid header"}
		return f
	}
	wholeGzip := func() file {
		var all []byte
		for _, r := range []warcRec{info, request, a, image, redirect, b, meta} {
			all = append(all, r.bytes()...)
		}
		return file{data: gzipped(t, all)}
	}
	tests := []struct {
		name, file string
		f          file
	}{
		{"plain WARC with a corrupt record", "crawl.warc", plain()},
		{"gzip member per record, one corrupt, junk between members", "crawl.warc.gz", perRecordGzip()},
		{"one gzip member for the whole file", "whole.warc.gz", wholeGzip()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			require.NoError(t, os.WriteFile(path, tc.f.data, 0o644))
			var arts []Article
			var errs []error
			for art, err := range Read(t.Context(), []string{path}, Options{}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				arts = append(arts, art)
			}
			require.Len(t, errs, len(tc.f.corruptAt), "errors: %v", errs)
			for i, err := range errs {
				var pe *ParseError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, path, pe.Path)
				assert.Contains(t, err.Error(), fmt.Sprintf("corrupt WARC record at offset %d: ", tc.f.corruptAt[i]))
				assert.Contains(t, err.Error(), tc.f.wantErrText[i])
			}
			require.Len(t, arts, 2)
			assert.Equal(t, uriA, arts[0].SourceID)
			assert.Equal(t, "warc", arts[0].Format)
			assert.Equal(t, "2023-02-16", arts[0].Published, "the page's date, not the WARC-Date")
			assert.Equal(t, "json-ld", arts[0].PublishedSource)
			assert.Equal(t, chestHeadline, arts[0].Title)
			require.NotNil(t, arts[0].Fetched)
			assert.Equal(t, date, arts[0].Fetched.FetchedAt)
			assert.Equal(t, `"a1"`, arts[0].Fetched.ETag)
			assert.Equal(t, 200, arts[0].Fetched.Status)
			assert.Equal(t, pageA, arts[0].Raw)
			assert.True(t, strings.HasPrefix(arts[0].Input, path+"@"))

			assert.Equal(t, uriB, arts[1].SourceID)
			assert.Equal(t, "2021-06-05", arts[1].Published)
			assert.Equal(t, "time", arts[1].PublishedSource)
			assert.Contains(t, arts[1].Text, "carved oak chest")
			assert.Equal(t, pageB, arts[1].Raw, "gzip content encoding undone")
		})
	}
}

func TestReadWARCRecord_Truncated(t *testing.T) {
	data := warcRec{typ: "response", uri: "https://courier.example/a", date: "2024-01-10T12:00:00Z",
		contentType: "application/http; msgtype=response", block: httpBlock("200 OK", "Content-Type: text/html\r\n", readFixture(t, "meta.html"))}.bytes()
	path := filepath.Join(t.TempDir(), "cut.warc.gz")
	gz := gzipped(t, data)
	require.NoError(t, os.WriteFile(path, gz[:len(gz)/2], 0o644))
	var errs []error
	for _, err := range Read(t.Context(), []string{path}, Options{}) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), path+": record at offset 0 (https://courier.example/a): ")
}
