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
	At, End  int      // byte offsets of Text in the article, for selecting evidence
	ID       string   // anchor of the evidence span that starts here
	ExtraIDs []string // further spans starting here, as empty anchors
	Mark     bool     // inside an evidence span
	Label    string   // the fields whose evidence covers it
	Class    string   // f-FIELD: the colour of the one field covering it, f-multi for several
	Sentence bool     // inside an evidence sentence
	// Control names an invisible formatting character (RLO, ZWSP, …)
	// that this segment stands for: the page shows the name instead of
	// letting it reorder or hide text.
	Control string
}

// markSpan is an evidence span to highlight, with its anchor id and label.
type markSpan struct {
	Span     extract.Span
	Sentence extract.Span
	ID       string
	Label    string
	Field    string // the evidence's field, for its colour
}

// markSpans turns evidence into spans to mark, with ids prefix+index.
func markSpans(evidence []extract.Evidence, prefix string) []markSpan {
	out := make([]markSpan, len(evidence))
	for i, e := range evidence {
		out[i] = markSpan{Span: e.Span, Sentence: e.Sentence, ID: prefix + strconv.Itoa(i), Label: e.Field, Field: e.Field}
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
		seg := segment{Text: text[a:b], At: a, End: b}
		var labels, fields []string
		for _, m := range good {
			if m.Span.Start <= a && b <= m.Span.End {
				seg.Mark = true
				if !slices.Contains(labels, m.Label) {
					labels = append(labels, m.Label)
				}
				if f := colourOf(m.Field); !slices.Contains(fields, f) {
					fields = append(fields, f)
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
		seg.Class = fieldClass(fields)
		out = append(out, splitControls(seg)...)
	}
	return out
}

// fieldClass is the CSS class that colours evidence of these colours: the
// one colour, or f-multi for several.
func fieldClass(colours []string) string {
	switch len(colours) {
	case 0:
		return ""
	case 1:
		return colours[0]
	}
	return "f-multi"
}

// colourOf is the CSS class of one field's colour: counts.women shares
// counts' colour.
func colourOf(field string) string {
	base, _, _ := strings.Cut(field, ".")
	switch base {
	case "country", "from", "date", "counts", "partners", "operation", "event":
		return "f-" + base
	}
	return "f-other"
}

// controls are the invisible characters that change how text reads:
// direction overrides and isolates can make "12" read "21", zero-width
// characters hide inside words.
var controls = map[rune]string{
	'\u00AD': "SHY", '\u061C': "ALM", '\u200B': "ZWSP", '\u200C': "ZWNJ", '\u200D': "ZWJ", '\u200E': "LRM",
	'\u200F': "RLM", '\u202A': "LRE", '\u202B': "RLE", '\u202C': "PDF", '\u202D': "LRO", '\u202E': "RLO",
	'\u2060': "WJ", '\u2066': "LRI", '\u2067': "RLI", '\u2068': "FSI", '\u2069': "PDI", '\uFEFF': "ZWNBSP",
}

// splitControls cuts a segment at each control character, which becomes a
// segment of its own with Control set; the anchor stays on the first piece.
func splitControls(seg segment) []segment {
	if strings.IndexFunc(seg.Text, isControl) < 0 {
		return []segment{seg}
	}
	var out []segment
	rest := seg.Text
	first := true
	add := func(s segment) {
		if !first {
			s.ID, s.ExtraIDs = "", nil
		}
		first = false
		out = append(out, s)
	}
	at := seg.At
	for rest != "" {
		i := strings.IndexFunc(rest, isControl)
		if i < 0 {
			s := seg
			s.Text, s.At, s.End = rest, at, at+len(rest)
			add(s)
			break
		}
		if i > 0 {
			s := seg
			s.Text, s.At, s.End = rest[:i], at, at+i
			add(s)
		}
		r, n := utf8.DecodeRuneInString(rest[i:])
		s := seg
		s.Text, s.Control, s.At, s.End = rest[i:i+n], controls[r], at+i, at+i+n
		add(s)
		rest = rest[i+n:]
		at += i + n
	}
	return out
}

func isControl(r rune) bool {
	_, ok := controls[r]
	return ok
}

// visible replaces the control characters in a short text (a title, a
// value, a quote) with their names in brackets: "⟨RLO⟩".
func visible(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if name, ok := controls[r]; ok {
			b.WriteString("⟨" + name + "⟩")
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// boundary reports whether byte offset i of s starts a character (or is
// the end of s).
func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}
