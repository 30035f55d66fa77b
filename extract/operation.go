package extract

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// opHit is an operation name: "Operation Dobro", "dubbed “Meerim”".
type opHit struct {
	name  string
	gloss string // a translation in brackets: "Operation Dobro (Good Deed)"
	span  Span
	rule  string
}

// operationRule is one named pattern for an operation's name. Group 1 is
// the name, group 2 an optional gloss in brackets.
type operationRule struct {
	id string
	re *regexp.Regexp
}

// newOperationRules builds the operation-name patterns from the words of
// lex's op_cues.txt. A pattern whose words are missing is left out.
func newOperationRules(lex *lexicon) ([]operationRule, error) {
	const (
		open  = `[“"‘']?`
		close = `[”"’']?`
		name  = `(\p{Lu}[\p{L}\p{N}\-]+(?:\s+\p{Lu}[\p{L}\p{N}\-]+)?)`
		gloss = `(?:\s*\(([^)]{2,40})\))?`
	)
	nouns, namings, mods := opCueWords(lex, "noun", false), opCueWords(lex, "naming", false), opCueWords(lex, "modifier", false)
	type pattern struct{ id, expr string }
	var rules []pattern
	if namings != "" {
		rules = append(rules, pattern{"operation.dubbed", `\b(?:` + namings + `)\s+[“"‘']` + name + `[”"’']` + gloss})
	}
	if nouns != "" {
		if mods != "" {
			mods = `(?:(?:` + mods + `)\s+){0,2}`
		}
		rules = append(rules,
			pattern{"operation.named", `\b(?:` + opCueWords(lex, "noun", true) + `)\s+` + open + name + close + gloss},
			pattern{"operation.the_x_operation", `\b(?:[Tt]he|a|[Ii]ts|[Tt]heir|[Aa]nother|of)\s+` + open + `(\p{Lu}[\p{L}\p{N}\-]+)` + close + gloss +
				`\s+` + mods + `(?:` + nouns + `)\b`})
	}
	out := make([]operationRule, len(rules))
	for k, r := range rules {
		re, err := regexp.Compile(r.expr)
		if err != nil {
			return nil, fmt.Errorf("operation rule %s: %w", r.id, err)
		}
		out[k] = operationRule{r.id, re}
	}
	return out, nil
}

// opCueWords returns the op_cues words of one part as a regular
// expression alternation, longest first; with title, each word's first
// letter may also be a capital ("[Oo]peration").
func opCueWords(lex *lexicon, part string, title bool) string {
	var words []string
	for w, p := range lex.opCues {
		if p == part {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(len(b)-len(a), strings.Compare(a, b))
	})
	for k, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		if up := unicode.ToUpper(r); title && up != r {
			words[k] = "[" + string(up) + string(r) + "]" + regexp.QuoteMeta(w[n:])
		} else {
			words[k] = regexp.QuoteMeta(w)
		}
	}
	return strings.Join(words, "|")
}

// findOperations returns the operation names stated in s.
func (x *Extractor) findOperations(s *sentence) []opHit {
	if !s.opsDone {
		s.ops, s.opsDone = x.matchOperations(s), true
	}
	return s.ops
}

// matchOperations runs the operation patterns over s, when s has one of
// the noun or naming words every pattern needs.
func (x *Extractor) matchOperations(s *sentence) []opHit {
	cue := false
	for _, w := range s.low {
		p := x.lex.opCues[w]
		cue = cue || p == "noun" || p == "naming"
	}
	if !cue {
		return nil
	}
	text := s.src[s.span.Start:s.span.End]
	var out []opHit
	for _, r := range x.opRules {
		for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
			name := text[m[2]:m[3]]
			first, _, _ := strings.Cut(name, " ")
			if x.lex.opStops[strings.ToLower(first)] {
				continue
			}
			if _, ok := x.countries.folded[strings.ToLower(first)]; ok {
				continue
			}
			if _, ok := x.countries.exact[first]; ok {
				continue
			}
			h := opHit{name: name, span: Span{s.span.Start + m[2], s.span.Start + m[3]}, rule: r.id}
			if len(m) > 5 && m[4] >= 0 && m[5] > m[4] {
				h.gloss = text[m[4]:m[5]]
			}
			out = append(out, h)
		}
	}
	return out
}
