package ingest

import (
	"strings"

	"github.com/RadhiFadlillah/whatlanggo"
)

// Bounds of language detection: a text shorter than minDetectBytes is too
// short for a reliable guess, and the first detectBytes are enough for one.
const (
	minDetectBytes = 100
	detectBytes    = 4096
)

// setLanguage gives a its language: opts.Language when set (the user
// knows better), else what the input declared, else an ISO 639-1 code
// detected from the text when the detector is confident; otherwise "".
func (o Options) setLanguage(a *Article) {
	if o.Language != "" {
		a.Language = o.Language
		return
	}
	if a.Language != "" || len(a.Text) < minDetectBytes {
		return
	}
	text := a.Text
	if len(text) > detectBytes {
		text = strings.ToValidUTF8(text[:detectBytes], "")
	}
	if info := whatlanggo.Detect(text); info.IsReliable() {
		a.Language = info.Lang.Iso6391()
	}
}
