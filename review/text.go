package review

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/extract"
)

// segment is a run of article text that is marked the same way all along.
// Templates print Text escaped; the page never holds article markup.
type segment struct {
	Text     string
	ID       string   // anchor of the evidence span that starts here
	ExtraIDs []string // further spans starting here, as empty anchors
	Mark     bool     // inside an evidence span
	Label    string   // the fields whose evidence covers it
	Sentence bool     // inside an evidence sentence
}

// markSpan is an evidence span to highlight, with its anchor id and label.
type markSpan struct {
	Span     extract.Span
	Sentence extract.Span
	ID       string
	Label    string
}

// markSpans turns evidence into spans to mark, with ids prefix+index.
func markSpans(evidence []extract.Evidence, prefix string) []markSpan {
	out := make([]markSpan, len(evidence))
	for i, e := range evidence {
		out[i] = markSpan{Span: e.Span, Sentence: e.Sentence, ID: prefix + strconv.Itoa(i), Label: e.Field}
	}
	return out
}

// segments splits text at every boundary of the marks and their sentences,
// so overlapping evidence still shows. Spans that do not fit the text or cut
// a UTF-8 character are ignored rather than trusted.
func segments(text string, marks []markSpan) []segment {
	ok := func(s extract.Span) bool {
		return s.Start >= 0 && s.Start <= s.End && s.End <= len(text) && boundary(text, s.Start) && boundary(text, s.End)
	}
	cuts := []int{0, len(text)}
	var good []markSpan
	for _, m := range marks {
		if !ok(m.Span) || m.Span.Len() == 0 {
			continue
		}
		if !ok(m.Sentence) {
			m.Sentence = m.Span
		}
		good = append(good, m)
		cuts = append(cuts, m.Span.Start, m.Span.End, m.Sentence.Start, m.Sentence.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := segment{Text: text[a:b]}
		var labels []string
		for _, m := range good {
			if m.Span.Start <= a && b <= m.Span.End {
				seg.Mark = true
				if !slices.Contains(labels, m.Label) {
					labels = append(labels, m.Label)
				}
				if m.Span.Start == a {
					if seg.ID == "" {
						seg.ID = m.ID
					} else {
						seg.ExtraIDs = append(seg.ExtraIDs, m.ID)
					}
				}
			}
			if m.Sentence.Start <= a && b <= m.Sentence.End {
				seg.Sentence = true
			}
		}
		seg.Label = strings.Join(labels, ", ")
		out = append(out, seg)
	}
	return out
}

// boundary reports whether byte offset i of s starts a character (or is
// the end of s).
func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}
