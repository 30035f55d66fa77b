package store

import (
	"testing"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/extract"
)

// FuzzCheckSpan checks that checkSpan never panics and admits only evidence
// that honours the provenance invariant: the span lies inside its sentence,
// both inside the text, and the evidence text is the text at the span, on
// character boundaries so that it is valid UTF-8 wherever the text is.
// With fromText set the evidence text is cut from the text itself, so most
// inputs reach the accepting branch.
func FuzzCheckSpan(f *testing.F) {
	f.Add(sampleText, 24, 35, 0, 47, "37 citizens", false)
	f.Add(sampleText, 24, 35, 0, 47, "", true)
	f.Add("Mañana llegaron 12 niños.", 2, 3, 0, 27, "", true)
	f.Add("Mañana llegaron 12 niños.", 18, 24, 0, 27, "", true)
	f.Add("Kazakhstan", -1, 3, 0, 10, "", true)
	f.Add("Kazakhstan", 3, 2, 0, 10, "", true)
	f.Add("Kazakhstan", 0, 10, 0, 11, "Kazakhstan", false)
	f.Add("Kazakhstan", 2, 4, 3, 10, "", true)
	f.Fuzz(func(t *testing.T, text string, start, end, senStart, senEnd int, surface string, fromText bool) {
		if fromText && 0 <= start && start <= end && end <= len(text) {
			surface = text[start:end]
		}
		e := extract.Evidence{Field: "counts.total", Text: surface, Rule: "fuzz",
			Span: extract.Span{Start: start, End: end}, Sentence: extract.Span{Start: senStart, End: senEnd}}
		if err := checkSpan(text, e); err != nil {
			return
		}
		if !(0 <= senStart && senStart <= start && start <= end && end <= senEnd && senEnd <= len(text)) {
			t.Fatalf("accepted span [%d,%d) in sentence [%d,%d) of a %d-byte text", start, end, senStart, senEnd, len(text))
		}
		if text[start:end] != surface {
			t.Fatalf("accepted evidence %q for text %q", surface, text[start:end])
		}
		if utf8.ValidString(text) {
			for _, s := range []string{text[start:end], text[senStart:senEnd]} {
				if !utf8.ValidString(s) {
					t.Fatalf("accepted a span that splits a character: %q", s)
				}
			}
		}
	})
}
