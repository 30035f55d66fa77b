package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// newsPlease is a news-please article record. Only the fields newsfacts uses
// are declared; the rest are ignored.
type newsPlease struct {
	ID           string  `json:"id"`
	URL          string  `json:"url"`
	Title        *string `json:"title"`
	DatePublish  *string `json:"date_publish"`
	DateModify   *string `json:"date_modify"`
	SourceDomain string  `json:"source_domain"`
	Language     string  `json:"language"`
	Maintext     *string `json:"maintext"`
}

var errMissingMaintext = errors.New(`missing "maintext"`)

// isArticle reports whether the record has any news-please article field.
func (r newsPlease) isArticle() bool {
	return r.Maintext != nil || r.Title != nil || r.URL != ""
}

func (r newsPlease) article(input, format string, opts Options) (Article, error) {
	if r.Maintext == nil {
		return Article{}, errMissingMaintext
	}
	text := strings.TrimSpace(CleanText(*r.Maintext))
	if text == "" {
		return Article{}, ErrNoText
	}
	a := Article{
		SourceID: r.ID,
		Input:    input,
		Format:   format,
		URL:      strings.TrimSpace(r.URL),
		Site:     r.SourceDomain,
		Language: r.Language,
		Text:     text,
	}
	if a.SourceID == "" {
		a.SourceID = a.URL
	}
	if a.SourceID == "" {
		return Article{}, errors.New(`record has neither "id" nor "url"`)
	}
	if r.Title != nil {
		a.Title = strings.TrimSpace(CleanText(*r.Title))
	}
	if r.DatePublish != nil {
		if d := normalizeDate(*r.DatePublish); d != "" {
			a.Published, a.PublishedSource = d, "date_publish"
		}
	}
	if r.DateModify != nil {
		a.Modified = normalizeDate(*r.DateModify)
	}
	if a.Published == "" && opts.Published != "" {
		a.Published, a.PublishedSource = opts.Published, "flag"
	}
	if a.Site == "" && a.URL != "" {
		a.Site = hostOf(a.URL)
	}
	return a, nil
}

// utf8BOM is the byte-order mark some Windows tools put before UTF-8.
var utf8BOM = []byte("\uFEFF")

// isUTF16 reports whether data starts with a UTF-16 byte-order mark.
func isUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
}

// utf16Decoder decodes UTF-16 in the byte order its BOM gives.
func utf16Decoder() transform.Transformer {
	return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
}

// readJSON reads a .json file: one news-please object or an array of them.
// UTF-16 is decoded and a byte-order mark dropped; binary data is refused
// with one error.
func readJSON(ctx context.Context, path string, data []byte, opts Options, yield yieldFunc) bool {
	if isUTF16(data) {
		out, _, err := transform.Bytes(utf16Decoder(), data)
		if err != nil {
			return yield(Article{}, &ParseError{Path: path, Err: fmt.Errorf("decode UTF-16: %w", err)})
		}
		data = out
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if looksBinary(data) {
		return yield(Article{}, &ParseError{Path: path, Err: ErrBinary})
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return yield(Article{}, &ParseError{Path: path, Err: ErrNoText})
	}
	records := []jsonRecord{{raw: data}}
	if trimmed[0] == '[' {
		var all []json.RawMessage
		if err := json.Unmarshal(data, &all); err != nil {
			return yield(Article{}, jsonError(path, data, 0, 0, err))
		}
		records = arrayRecords(data)
	}
	for i, r := range records {
		if ctx.Err() != nil {
			return false
		}
		var rec newsPlease
		if err := json.Unmarshal(r.raw, &rec); err != nil {
			if i == 0 && notAnObject(err) {
				return yield(Article{}, &ParseError{Path: path, Err: ErrNotArticle})
			}
			if !yield(Article{}, jsonError(path, data, r.off, 0, err)) {
				return false
			}
			continue
		}
		if i == 0 && !rec.isArticle() {
			return yield(Article{}, &ParseError{Path: path, Err: ErrNotArticle})
		}
		input := path
		if len(records) > 1 {
			input = fmt.Sprintf("%s[%d]", path, i)
		}
		a, err := rec.article(input, "json", opts)
		if err != nil {
			if !yield(Article{}, &ParseError{Path: input, Err: err}) {
				return false
			}
			continue
		}
		if !yield(a, nil) {
			return false
		}
	}
	return true
}

// jsonRecord is one record of a JSON file and its byte offset in the file.
type jsonRecord struct {
	raw json.RawMessage
	off int64
}

// arrayRecords splits a valid JSON array into its elements, keeping where
// each starts so that an error in one can be located in the file.
func arrayRecords(data []byte) []jsonRecord {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var out []jsonRecord
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		out = append(out, jsonRecord{raw: raw, off: dec.InputOffset() - int64(len(raw))})
	}
	return out
}

func readJSONLFile(ctx context.Context, path string, opts Options, yield yieldFunc) bool {
	f, err := openRegular(path)
	if err != nil {
		return yield(Article{}, &ParseError{Path: path, Err: err})
	}
	defer f.Close()
	return readJSONL(ctx, path, f, opts, yield)
}

// readJSONL reads one news-please record a line, streaming: a bad line is
// reported with its line number and the next line is read. Like readJSON it
// decodes UTF-16, drops a byte-order mark and refuses binary data, judging
// by the first 8 KiB, so that such a file gives one error, not one a line.
func readJSONL(ctx context.Context, path string, r io.Reader, opts Options, yield yieldFunc) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8192) // a read error shows again on the first line
	switch {
	case isUTF16(head):
		br = bufio.NewReaderSize(transform.NewReader(br, utf16Decoder()), 64<<10)
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(len(utf8BOM))
	case looksBinary(head):
		return yield(Article{}, &ParseError{Path: path, Err: ErrBinary})
	}
	max := opts.maxBytes()
	seen := false // a record has been read
	for lineNo := 1; ; lineNo++ {
		if ctx.Err() != nil {
			return false
		}
		line, tooLong, err := readLine(br, max)
		if err != nil && err != io.EOF {
			return yield(Article{}, &ParseError{Path: path, Line: lineNo, Err: unwrapPathError(err)})
		}
		if tooLong {
			if !yield(Article{}, &ParseError{Path: path, Line: lineNo, Err: fmt.Errorf("%w (%d bytes)", ErrTooLarge, max)}) {
				return false
			}
		} else if t := bytes.TrimSpace(line); len(t) > 0 {
			first := !seen
			seen = true
			input := fmt.Sprintf("%s:%d", path, lineNo)
			var rec newsPlease
			if jerr := json.Unmarshal(t, &rec); first && notAnObject(jerr) {
				return yield(Article{}, &ParseError{Path: path, Err: ErrNotArticle})
			} else if jerr != nil {
				perr := jsonError(path, t, 0, lineNo, jerr)
				if !yield(Article{}, perr) {
					return false
				}
			} else if first && !rec.isArticle() {
				return yield(Article{}, &ParseError{Path: path, Err: ErrNotArticle})
			} else if a, aerr := rec.article(input, "jsonl", opts); aerr != nil {
				if !yield(Article{}, &ParseError{Path: path, Line: lineNo, Err: aerr}) {
					return false
				}
			} else if !yield(a, nil) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
	}
}

// readLine reads one line of at most max bytes. A longer line is consumed
// and reported as tooLong without being held in memory.
func readLine(br *bufio.Reader, max int64) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if int64(len(buf)+len(chunk)) > max {
			tooLong = true
			buf = buf[:0]
		} else if !tooLong {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return buf, tooLong, err
	}
}

// notAnObject reports whether a record failed to decode because it is a
// number, string, array or the like rather than an object: no article.
func notAnObject(err error) bool {
	var typ *json.UnmarshalTypeError
	return errors.As(err, &typ) && typ.Field == ""
}

// plainJSONError says in plain words what is wrong with a record, instead of
// encoding/json's Go terms ("cannot unmarshal number into Go value of type
// ingest.newsPlease").
func plainJSONError(err error) error {
	var typ *json.UnmarshalTypeError
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("the record is a JSON %s, want a news-please article object", typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("field %q is a JSON %s, want a %s", typ.Field, typ.Value, jsonKind(typ.Type.Kind().String()))
	case errors.As(err, &syn):
		msg := syn.Error()
		char, rest, ok := strings.Cut(strings.TrimPrefix(msg, "invalid character "), " ")
		switch {
		case !strings.HasPrefix(msg, "invalid character ") || !ok:
			return fmt.Errorf("invalid JSON: %s", msg)
		case strings.HasPrefix(rest, "in literal"):
			// "invalid character 'o' in literal null (expecting 'u')":
			// a bare word where a value should be.
			return errors.New("invalid JSON: a bare word where a value should be (text values need double quotes)")
		}
		return fmt.Errorf("invalid JSON: unexpected %s %s", char, rest)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// jsonKind names a Go kind as JSON does.
func jsonKind(kind string) string {
	switch kind {
	case "ptr":
		return "string" // the optional text fields
	case "slice", "array":
		return "list"
	case "map", "struct":
		return "object"
	}
	return kind
}

// jsonError converts a decoding error into a ParseError with line and
// column. The error's offset counts from byte base of data; line is the line
// data starts on (0 for a whole file).
func jsonError(path string, data []byte, base int64, line int, err error) *ParseError {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	pe := &ParseError{Path: path, Line: line, Err: plainJSONError(err)}
	if off < 0 {
		return pe
	}
	off += base
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	l, c := lineCol(data[:off])
	if line > 0 {
		pe.Line = line + l - 1
	} else {
		pe.Line = l
	}
	pe.Col = c
	return pe
}

// lineCol returns the 1-based line and column just past prefix.
func lineCol(prefix []byte) (line, col int) {
	line = 1 + bytes.Count(prefix, []byte{'\n'})
	last := bytes.LastIndexByte(prefix, '\n')
	return line, len(prefix) - last
}
