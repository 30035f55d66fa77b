package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// DefaultMaxBytes caps one input file (or one JSONL line): larger inputs
// are refused with ErrTooLarge instead of being read into memory.
const DefaultMaxBytes = 32 << 20

// Options configure reading. The zero value is usable.
type Options struct {
	// Published is the publication date (YYYY-MM-DD) given to articles whose
	// input carries none.
	Published string
	// MaxBytes caps one file, JSONL line or WARC record page (a WARC file
	// itself is streamed), and fetched pages when Fetcher is nil; 0 means
	// DefaultMaxBytes.
	MaxBytes int64
	// MaxTextBytes caps one article's main text; 0 means
	// DefaultMaxTextBytes.
	MaxTextBytes int
	// Stdin is read for the input "-"; nil means os.Stdin.
	Stdin io.Reader
	// Language, when set, is every article's language (an ISO 639-1 code),
	// whatever the input declares; otherwise an article without a declared
	// language gets the one detected from its text, when that is reliable.
	Language string
	// StdinSourceID is the source id of a page or text read from Stdin;
	// "" derives one from its content. JSON records keep their own ids.
	StdinSourceID string
	// Fetcher fetches http and https inputs; nil means one with the
	// default FetchOptions (and MaxBytes) for each Read.
	Fetcher *Fetcher
	// Known holds cache validators from earlier fetches, by URL as given.
	// A URL whose server answers 304 to them is yielded as a *ParseError
	// wrapping ErrNotModified.
	Known map[string]Validators
}

// fallbackDate gives a the Published flag when its input had no date.
func (o Options) fallbackDate(a *Article) {
	if a.Published == "" && o.Published != "" {
		a.Published, a.PublishedSource = o.Published, "flag"
	}
}

// DefaultMaxTextBytes caps the main text of one article. News articles run
// to tens of kilobytes; a longer text is refused with ErrTooLarge.
const DefaultMaxTextBytes = 1 << 20

func (o Options) maxTextBytes() int {
	if o.MaxTextBytes > 0 {
		return o.MaxTextBytes
	}
	return DefaultMaxTextBytes
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Read yields every article found in inputs, in input order and, within a
// folder, in lexical path order. An input may be a file (.txt, .html,
// .json, .jsonl, .warc, .warc.gz), a folder (walked recursively), "-" for
// standard input (see readStdin), or an http or https URL. Consecutive URLs are fetched
// concurrently (see FetchOptions) and still yielded in input order.
//
// A problem with one input is yielded as a non-nil error naming it (a
// *ParseError, or wrapping ErrUnsupported for files that are not articles)
// and reading goes on with the next. Stop early by breaking out of the loop;
// cancelling ctx stops between articles.
func Read(ctx context.Context, inputs []string, opts Options) iter.Seq2[Article, error] {
	return func(yieldAll func(Article, error) bool) {
		// One check for every reader: a main text this long is a data dump
		// or a log, not a news article, and would stall extraction.
		yield := func(a Article, err error) bool {
			if err == nil && len(a.Text) > opts.maxTextBytes() {
				return yieldAll(Article{}, &ParseError{Path: a.Input, Err: fmt.Errorf(
					"%w: the article text is %d bytes, over the %d-byte limit for one article", ErrTooLarge, len(a.Text), opts.maxTextBytes())})
			}
			if err == nil {
				opts.setLanguage(&a)
			}
			return yieldAll(a, err)
		}
		names := sourceNames{}
		for i := 0; i < len(inputs); {
			if ctx.Err() != nil {
				return
			}
			if isURL(inputs[i]) {
				j := i + 1
				for j < len(inputs) && isURL(inputs[j]) {
					j++
				}
				if !readURLs(ctx, inputs[i:j], opts, yield) {
					return
				}
				i = j
				continue
			}
			if !readInput(ctx, inputs[i], opts, names, yield) {
				return
			}
			i++
		}
	}
}

type yieldFunc = func(Article, error) bool

// sourceNames hands out file-derived source ids within one Read, so that
// files that share a name still get distinct ids. A file keeps its name
// without extension, as a lone file always has (stored decisions hang on
// it). When another file already has that id, a file in the same folder
// (story.txt beside story.html) gets its name with the extension, and one
// elsewhere (d1/story.txt, d2/story.txt) its path relative to the folder
// given, or the path as given, without the extension.
type sourceNames map[string]string // id -> path

func (n sourceNames) id(root, path string) string {
	noExt := func(p string) string { return filepath.ToSlash(strings.TrimSuffix(p, filepath.Ext(p))) }
	base := noExt(filepath.Base(path))
	candidates := []string{base}
	if prev, ok := n[base]; ok && filepath.Dir(prev) == filepath.Dir(path) {
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = filepath.Base(path)
		}
		candidates = append(candidates, filepath.ToSlash(rel))
	}
	if rel, err := filepath.Rel(root, path); err == nil {
		candidates = append(candidates, noExt(rel))
	}
	candidates = append(candidates, noExt(filepath.Clean(path)), filepath.ToSlash(filepath.Clean(path)))
	for _, id := range candidates {
		if prev, ok := n[id]; !ok || prev == path {
			n[id] = path
			return id
		}
	}
	return filepath.ToSlash(filepath.Clean(path)) // the same path given twice
}

func readInput(ctx context.Context, in string, opts Options, names sourceNames, yield yieldFunc) bool {
	switch {
	case in == "-":
		return readStdin(ctx, opts, yield)
	}
	info, err := os.Stat(in)
	if err != nil {
		return yield(Article{}, &ParseError{Path: in, Err: unwrapPathError(err)})
	}
	if !info.IsDir() {
		return readFile(ctx, filepath.Dir(in), in, opts, names, yield)
	}
	var files []string
	walkErr := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable sub-folder is reported and skipped; the walk goes on.
			if !yield(Article{}, &ParseError{Path: p, Err: unwrapPathError(err)}) {
				return fs.SkipAll
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != in && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if errors.Is(walkErr, fs.SkipAll) {
		return false
	}
	sort.Strings(files)
	for _, f := range files {
		if ctx.Err() != nil {
			return false
		}
		if !readFile(ctx, in, f, opts, names, yield) {
			return false
		}
	}
	return true
}

// readStdin reads standard input by what it starts with: JSONL records
// ('{') are streamed one at a time like a file, so any number of them can
// be piped; a JSON array ('['), an HTML page or plain text is read whole,
// under MaxBytes. A page or text gets the source id opts.StdinSourceID or
// one derived from its content ("stdin-" and 12 hex digits), so that two
// different pipes never replace each other's article while the same text
// piped again is found unchanged.
func readStdin(ctx context.Context, opts Options, yield yieldFunc) bool {
	const name = "<stdin>"
	stdin := opts.Stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	br := bufio.NewReaderSize(stdin, 64<<10)
	head, _ := br.Peek(8192) // a read error shows again below
	t := bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))
	if len(t) > 0 && t[0] == '{' {
		return readJSONL(ctx, name, br, opts, yield)
	}
	data, err := readCapped(br, opts.maxBytes())
	if err != nil {
		return yield(Article{}, &ParseError{Path: name, Err: err})
	}
	format := "txt"
	switch {
	case len(t) > 0 && t[0] == '[':
		return readJSON(ctx, name, data, opts, yield)
	case len(t) > 0 && t[0] == '<' && strings.HasPrefix(http.DetectContentType(t), "text/html"):
		format = "html"
	}
	id := opts.StdinSourceID
	if id == "" {
		sum := sha256.Sum256(data)
		id = "stdin-" + hex.EncodeToString(sum[:6])
	}
	return readBytes(ctx, name, id, format, data, opts, yield)
}

// formatOf maps a file name to the format it is read as, or "" when
// newsfacts does not read such files.
func formatOf(path string) string {
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz") {
		return "warc"
	}
	switch filepath.Ext(name) {
	case ".txt", ".text":
		return "txt"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".json":
		return "json"
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	return ""
}

func readFile(ctx context.Context, root, path string, opts Options, names sourceNames, yield yieldFunc) bool {
	format := formatOf(path)
	if format == "" {
		return yield(Article{}, &ParseError{Path: path, Err: ErrUnsupported})
	}
	switch format {
	case "jsonl":
		return readJSONLFile(ctx, path, opts, yield)
	case "warc":
		return readWARC(ctx, path, opts, yield)
	}
	f, err := openRegular(path)
	if err != nil {
		return yield(Article{}, &ParseError{Path: path, Err: err})
	}
	defer f.Close()
	data, err := readCapped(f, opts.maxBytes())
	if err != nil {
		return yield(Article{}, &ParseError{Path: path, Err: err})
	}
	if format == "json" {
		return readJSON(ctx, path, data, opts, yield)
	}
	return readBytes(ctx, path, names.id(root, path), format, data, opts, yield)
}

// errNotRegular marks a named pipe, device or socket given as an article
// file: reading one could block for ever or never end.
var errNotRegular = errors.New("not a regular file")

// openRegular opens path for reading if it is a regular file. It opens
// without blocking, so a named pipe with no writer is refused rather than
// stalling the walk.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unwrapPathError(err)
	}
	if m := info.Mode(); !m.IsRegular() {
		f.Close()
		kind := "special file"
		switch {
		case m.IsDir():
			kind = "folder"
		case m&fs.ModeNamedPipe != 0:
			kind = "named pipe"
		case m&fs.ModeSocket != 0:
			kind = "socket"
		case m&fs.ModeDevice != 0:
			kind = "device"
		}
		return nil, fmt.Errorf("%w (%s)", errNotRegular, kind)
	}
	return f, nil
}

// readBytes turns one whole text or HTML input into an article.
func readBytes(ctx context.Context, path, sourceID, format string, data []byte, opts Options, yield yieldFunc) bool {
	switch format {
	case "json":
		return readJSON(ctx, path, data, opts, yield)
	case "jsonl":
		return readJSONL(ctx, path, bytes.NewReader(data), opts, yield)
	case "html":
		a, err := ParseHTML(data, HTMLOptions{URL: "", ContentType: ""})
		if err != nil {
			return yield(Article{}, &ParseError{Path: path, Err: err})
		}
		a.SourceID, a.Input, a.Format = sourceID, path, "html"
		opts.fallbackDate(&a)
		return yield(a, nil)
	}
	text, err := decodeText(data)
	if err != nil {
		return yield(Article{}, &ParseError{Path: path, Err: err})
	}
	a := Article{SourceID: sourceID, Input: path, Format: "txt", Text: text, Title: firstLineTitle(text)}
	if opts.Published != "" {
		a.Published, a.PublishedSource = opts.Published, "flag"
	}
	return yield(a, nil)
}

// decodeText turns file bytes into clean text: UTF-16 with a BOM is
// decoded, binary data and empty files are refused, invalid UTF-8 repaired.
func decodeText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", fmt.Errorf("decode UTF-16: %w", err)
		}
		data = out
	}
	if looksBinary(data) {
		return "", ErrBinary
	}
	text := strings.TrimSpace(CleanText(string(data)))
	if text == "" {
		return "", ErrNoText
	}
	return text, nil
}

// looksBinary reports whether data is not text: a NUL byte or a content
// sniff that says so, within the first 8 KiB.
func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ct := http.DetectContentType(head)
	if strings.HasPrefix(ct, "text/") {
		return false
	}
	// DetectContentType calls any non-UTF-8 byte soup octet-stream; count
	// control characters to tell mis-encoded text from binary.
	ctrl := 0
	for _, r := range string(head) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
	}
	return ctrl > len(head)/100+1 || (ct != "application/octet-stream" && !strings.Contains(ct, "json") && !strings.Contains(ct, "xml"))
}

// firstLineTitle takes a plain-text article's first line as its title when
// it reads like a headline: short and not a sentence that runs on.
func firstLineTitle(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSpace(line)
	if line == "" || utf8.RuneCountInString(line) > 200 {
		return ""
	}
	return line
}

// readCapped reads all of r, refusing more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, max)
	}
	return data, nil
}

// unwrapPathError drops the path from an *fs.PathError: ParseError names
// the input already, and the message should not say it twice.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// normalizeDate turns the date forms inputs carry ("2019-05-31",
// "2019-05-31 10:00:00", RFC 3339) into YYYY-MM-DD, keeping the date as
// written rather than shifting it to UTC. It returns "" when s is not a date.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}
