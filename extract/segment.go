package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a full stop that does not end a sentence. Keys are
// lower case and without the final stop.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "brig": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "gov": true, "sen": true,
	"rep": true, "st": true, "jr": true, "sr": true, "prof": true, "no": true,
	"vs": true, "etc": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "u.s": true, "u.n": true, "u.k": true, "e.g": true,
	"i.e": true, "a.m": true, "p.m": true,
}

// splitSentences splits text into sentence spans. A line break always ends
// a sentence, so page furniture never runs into the text around it; within
// a line a sentence ends at . ! or ? (and any closing quotes) followed by
// space and a capital, digit or opening quote, unless the word before the
// stop is a known abbreviation or an initial. Spans exclude surrounding
// white space.
func splitSentences(text string) []Span {
	var out []Span
	lineStart := 0
	for lineStart <= len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		out = splitLine(text, lineStart, lineEnd, out)
		lineStart = lineEnd + 1
	}
	return out
}

func splitLine(text string, start, end int, out []Span) []Span {
	sentStart := start
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if r != '.' && r != '!' && r != '?' {
			i += size
			continue
		}
		j := i + size
		for j < end {
			q, qs := utf8.DecodeRuneInString(text[j:end])
			if !isCloseQuote(q) && q != '.' && q != ')' {
				break
			}
			j += qs
		}
		if j >= end || !isSpace(text, j, end) {
			i = j
			continue
		}
		k := j
		for k < end {
			q, qs := utf8.DecodeRuneInString(text[k:end])
			if !unicode.IsSpace(q) {
				break
			}
			k += qs
		}
		next, _ := utf8.DecodeRuneInString(text[k:end])
		if k < end && (unicode.IsUpper(next) || unicode.IsDigit(next) || isOpenQuote(next)) && !(r == '.' && isAbbreviation(text[sentStart:i])) {
			out = appendTrimmed(text, sentStart, j, out)
			sentStart = k
		}
		i = k
	}
	return appendTrimmed(text, sentStart, end, out)
}

func isSpace(text string, i, end int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return unicode.IsSpace(r)
}

// isAbbreviation reports whether the text before a full stop ends with an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	// Only the last word matters; look at most 12 bytes back so that a
	// long line of stops stays linear.
	w := before[max(0, len(before)-12):]
	for len(w) > 0 && !utf8.RuneStart(w[0]) {
		w = w[1:]
	}
	if k := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || isOpenQuote(r) }); k >= 0 {
		_, size := utf8.DecodeRuneInString(w[k:])
		w = w[k+size:]
	} else if len(before) > len(w) {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

func appendTrimmed(text string, start, end int, out []Span) []Span {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	if end > start {
		out = append(out, Span{start, end})
	}
	return out
}

func isOpenQuote(r rune) bool {
	return r == '"' || r == '\'' || r == '“' || r == '‘' || r == '«'
}

func isCloseQuote(r rune) bool {
	return r == '"' || r == '\'' || r == '”' || r == '’' || r == '»'
}

// tokenize splits text[span] into tokens with byte spans: words (letters,
// digits, inner hyphens, apostrophes and full stops as in "U.S."), numbers
// with separators ("1,200"), and single punctuation marks.
func tokenize(text string, span Span, out []Token) []Token {
	i := span.Start
	for i < span.End {
		r, size := utf8.DecodeRuneInString(text[i:span.End])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		i += size
		if isWordRune(r) {
			for i < span.End {
				q, qs := utf8.DecodeRuneInString(text[i:span.End])
				if isWordRune(q) {
					i += qs
					continue
				}
				// Inner joiners: hyphen, apostrophe, full stop or comma
				// between word characters ("Thirty-one", "Kyrgyzstan’s",
				// "U.S", "1,200").
				if isJoiner(q) && i+qs < span.End {
					n, _ := utf8.DecodeRuneInString(text[i+qs : span.End])
					if isWordRune(n) && (q != ',' || unicode.IsDigit(n) && unicode.IsDigit(r)) {
						i += qs
						continue
					}
				}
				break
			}
			// "U.S." keeps its last stop when it is an abbreviation.
			if i < span.End && text[i] == '.' && strings.Contains(text[start:i], ".") {
				i++
			}
		}
		out = append(out, Token{Span: Span{start, i}, Text: text[start:i]})
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isJoiner(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == '.' || r == ',' || r == '‑'
}
