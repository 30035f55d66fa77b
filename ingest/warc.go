package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// A small streaming WARC reader: WARC/1.0 and 1.1 records, plain or as
// gzip members (one per record, as Common Crawl writes them, or one for the
// whole file). It holds one record's HTML at a time, never the archive.
// Checked first and not used: github.com/nlnwa/gowarc (only v1.0.0 is
// served, and it pulls in prometheus/prometheus), github.com/slyrz/warc
// (unmaintained since 2015, ignores separator errors, reports no record
// offsets and cannot resynchronise), github.com/internetarchive/gowarc (not
// served).

// errCorrupt marks a record the reader could not parse; readWARC reports it
// and looks for the next record.
var errCorrupt = errors.New("corrupt WARC record")

// warcReader yields the records of one WARC file in order.
type warcReader struct {
	raw  *bufio.Reader // the file
	pos  *countReader  // bytes of the file read into raw
	gz   bool
	zr   *gzip.Reader
	cur  *bufio.Reader // the current record stream: raw, or a gzip member
	body io.Reader     // the previous record's unread block
	// memberOff is the file offset of the current gzip member.
	memberOff int64
	// resync asks next to skip ahead to the next record start.
	resync bool
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newWARCReader(r io.Reader) *warcReader {
	pos := &countReader{r: r}
	raw := bufio.NewReaderSize(pos, 64<<10)
	w := &warcReader{raw: raw, pos: pos}
	if magic, _ := raw.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		w.gz = true
	} else {
		w.cur = raw
	}
	return w
}

// offset is the file offset raw will read next.
func (w *warcReader) offset() int64 { return w.pos.n - int64(w.raw.Buffered()) }

// warcRecord is one record: its header and a reader of its block, valid
// until the next call to next.
type warcRecord struct {
	Offset int64 // in the file: the record's start, or its gzip member's
	Header textproto.MIMEHeader
	Block  io.Reader
}

// next returns the next record, io.EOF at the end, or an error wrapping
// errCorrupt that names the record's offset; after that error next goes
// on with the record that follows, where it can find one.
func (w *warcReader) next() (*warcRecord, error) {
	if w.body != nil {
		_, err := io.Copy(io.Discard, w.body)
		w.body = nil
		if err != nil {
			w.cur, w.resync = nil, true
			if !w.gz {
				return nil, err
			}
		}
	}
	for {
		if w.gz && w.cur == nil {
			if w.resync && !w.seekMagic() {
				return nil, io.EOF
			}
			w.resync = false
			if _, err := w.raw.Peek(1); err == io.EOF {
				return nil, io.EOF
			}
			w.memberOff = w.offset()
			var err error
			if w.zr == nil {
				w.zr, err = gzip.NewReader(w.raw)
			} else {
				err = w.zr.Reset(w.raw)
			}
			if err != nil {
				w.resync = true
				if _, perr := w.raw.ReadByte(); perr != nil {
					return nil, io.EOF
				}
				return nil, fmt.Errorf("%w at offset %d: %w", errCorrupt, w.memberOff, err)
			}
			w.zr.Multistream(false)
			w.cur = bufio.NewReaderSize(w.zr, 16<<10)
		}
		off := w.memberOff
		if !w.gz {
			w.skipLineBreaks()
			off = w.offset()
		}
		if w.resync && !w.gz {
			var ok bool
			if off, ok = w.seekVersionLine(); !ok {
				return nil, io.EOF
			}
			w.resync = false
		}
		rec, err := readWARCRecord(w.cur)
		switch {
		case err == io.EOF && w.gz:
			w.cur = nil // end of this member; on to the next
			continue
		case err == io.EOF:
			return nil, io.EOF
		case err != nil:
			if w.gz {
				// Skip the rest of the member; only a broken member needs
				// a search for the next one.
				_, derr := io.Copy(io.Discard, w.zr)
				w.cur, w.resync = nil, derr != nil
			} else {
				w.resync = true
			}
			return nil, fmt.Errorf("%w at offset %d: %w", errCorrupt, off, err)
		}
		rec.Offset = off
		w.body = rec.Block
		return rec, nil
	}
}

// skipLineBreaks skips the blank lines between plain records.
func (w *warcReader) skipLineBreaks() {
	for {
		b, err := w.raw.Peek(1)
		if err != nil || (b[0] != '\r' && b[0] != '\n') {
			return
		}
		w.raw.ReadByte()
	}
}

// seekMagic moves raw to the next gzip member header, reporting whether
// there is one.
func (w *warcReader) seekMagic() bool {
	for {
		b, err := w.raw.Peek(3)
		if err != nil {
			return false
		}
		if b[0] == 0x1f && b[1] == 0x8b && b[2] == 0x08 {
			return true
		}
		w.raw.ReadByte()
	}
}

// seekVersionLine moves a plain file to the next line that starts a WARC
// record and returns its offset.
func (w *warcReader) seekVersionLine() (int64, bool) {
	atLineStart := true
	for {
		if atLineStart {
			if b, err := w.raw.Peek(5); err == nil && string(b) == "WARC/" {
				return w.offset(), true
			}
		}
		c, err := w.raw.ReadByte()
		if err != nil {
			return 0, false
		}
		atLineStart = c == '\n'
	}
}

// readWARCRecord reads a record's version line and header from r, and
// returns it with a reader of its Content-Length bytes of block. It
// returns io.EOF when r ends before a record starts.
func readWARCRecord(r *bufio.Reader) (*warcRecord, error) {
	var line string
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && strings.TrimSpace(l) == "" {
				return nil, io.EOF
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if line = strings.TrimRight(l, "\r\n"); line != "" {
			break
		}
	}
	if !strings.HasPrefix(line, "WARC/") {
		if len(line) > 40 {
			line = line[:40] + "…"
		}
		return nil, fmt.Errorf("expected a WARC/1.x version line, found %q", line)
	}
	h, err := textproto.NewReader(r).ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get("Content-Length")), 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("invalid Content-Length %q", h.Get("Content-Length"))
	}
	return &warcRecord{Header: h, Block: &block{r: r, n: n}}, nil
}

// block reads a record's Content-Length bytes and remembers whether the
// archive ended or broke before them.
type block struct {
	r   io.Reader
	n   int64
	err error
}

func (b *block) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	if err == io.EOF && b.n > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// readWARC yields an article for each response record of a .warc or
// .warc.gz file that holds a successful HTML response. Other records
// (requests, metadata, images, redirects) are skipped without a message.
// A corrupt record is yielded as an error naming the file and the record's
// offset, and reading goes on with the next record it can find.
func readWARC(ctx context.Context, path string, opts Options, yield yieldFunc) bool {
	f, err := openRegular(path)
	if err != nil {
		return yield(Article{}, &ParseError{Path: path, Err: err})
	}
	defer f.Close()
	w := newWARCReader(f)
	for {
		if ctx.Err() != nil {
			return false
		}
		rec, err := w.next()
		if err == io.EOF {
			return true
		}
		if err != nil {
			if !yield(Article{}, &ParseError{Path: path, Err: err}) {
				return false
			}
			continue
		}
		a, ok, err := warcArticle(path, rec, opts)
		if err != nil {
			err = &ParseError{Path: path, Err: fmt.Errorf("record at offset %d (%s): %w", rec.Offset, targetURI(rec.Header), err)}
		}
		if (ok || err != nil) && !yield(a, err) {
			return false
		}
	}
}

func targetURI(h textproto.MIMEHeader) string {
	return strings.Trim(strings.TrimSpace(h.Get("WARC-Target-URI")), "<>")
}

// warcArticle turns a response record into an article; ok is false for a
// record that holds no HTML page.
func warcArticle(path string, rec *warcRecord, opts Options) (a Article, ok bool, err error) {
	h := rec.Header
	mt, params, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if !strings.EqualFold(h.Get("WARC-Type"), "response") || mt != "application/http" ||
		(params["msgtype"] != "" && params["msgtype"] != "response") {
		return Article{}, false, nil
	}
	resp, err := http.ReadResponse(bufio.NewReader(rec.Block), nil)
	if err != nil {
		return Article{}, false, fmt.Errorf("parse HTTP response: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Article{}, false, nil
	}
	ct := resp.Header.Get("Content-Type")
	if pmt, _, _ := mime.ParseMediaType(ct); ct != "" && pmt != "text/html" && pmt != "application/xhtml+xml" {
		return Article{}, false, nil
	}
	max := opts.maxBytes()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if b, ok := rec.Block.(*block); ok && b.err != nil {
		return Article{}, false, fmt.Errorf("truncated or damaged record: %w", b.err)
	}
	// A complete record whose HTTP Content-Length overstates the stored
	// body (crawlers that decoded it) is read as it is.
	if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && len(raw) > 0) {
		return Article{}, false, fmt.Errorf("read HTTP body: %w", err)
	}
	if int64(len(raw)) > max {
		return Article{}, false, fmt.Errorf("%w (%d bytes)", ErrTooLarge, max)
	}
	if raw, err = decodeContent(raw, resp.Header.Get("Content-Encoding")); err != nil {
		return Article{}, false, err
	}
	if ct == "" && !strings.HasPrefix(http.DetectContentType(raw), "text/html") {
		return Article{}, false, nil
	}
	uri := targetURI(h)
	a, err = ParseHTML(raw, HTMLOptions{URL: uri, ContentType: ct})
	if err != nil {
		return Article{}, false, err
	}
	a.SourceID, a.Input, a.Format = uri, fmt.Sprintf("%s@%d", path, rec.Offset), "warc"
	a.Fetched = &Fetch{
		URL:          uri,
		Status:       resp.StatusCode,
		Header:       firstValues(resp.Header),
		FetchedAt:    strings.TrimSpace(h.Get("WARC-Date")),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	opts.fallbackDate(&a)
	return a, true, nil
}

// decodeContent undoes a gzip or deflate Content-Encoding that a crawler
// stored as sent.
// Crawlers that stored the decoded body but kept the header are allowed
// for: a body that already sniffs as text is returned as it is.
func decodeContent(b []byte, encoding string) ([]byte, error) {
	if strings.HasPrefix(http.DetectContentType(b), "text/") {
		return b, nil
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return b, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gzip content encoding: %w", err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("gzip content encoding: %w", err)
		}
		return out, nil
	case "deflate":
		out, err := io.ReadAll(flate.NewReader(bytes.NewReader(b)))
		if err != nil {
			return nil, fmt.Errorf("deflate content encoding: %w", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("content encoding %q: %w", encoding, ErrUnsupported)
}
