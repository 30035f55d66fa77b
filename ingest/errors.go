package ingest

import (
	"errors"
	"fmt"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrUnsupported marks an input that is not an article format newsfacts
	// reads (an image, say). Callers report it as a notice, not a failure.
	ErrUnsupported = errors.New("not a supported article format")
	// ErrNotArticle marks a JSON or JSONL file whose first record has none of
	// the news-please article fields (maintext, title, url): some other data
	// file in an article folder. Callers report it as a notice, like
	// ErrUnsupported.
	ErrNotArticle = errors.New("not news-please articles (first record has no maintext, title or url)")
	// ErrNoText marks an input that held no article text.
	ErrNoText = errors.New("no article text")
	// ErrBinary marks an input that looks like binary data.
	ErrBinary = errors.New("binary data, not text")
	// ErrTooLarge marks an input over the size cap.
	ErrTooLarge = errors.New("input over the size limit")
)

// ParseError locates a problem in an input: the file (or URL), and where
// known the line and column. It prints as "path:line:col: msg".
type ParseError struct {
	Path string
	Line int // 1-based; 0 if unknown
	Col  int // 1-based; 0 if unknown
	Err  error
}

func (e *ParseError) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.Path, e.Line, e.Col, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	default:
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
}

func (e *ParseError) Unwrap() error { return e.Err }
