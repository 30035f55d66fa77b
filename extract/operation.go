package extract

import (
	"regexp"
	"strings"
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

func newOperationRules() []operationRule {
	const (
		open  = `[“"‘']?`
		close = `[”"’']?`
		name  = `(\p{Lu}[\p{L}\p{N}\-]+(?:\s+\p{Lu}[\p{L}\p{N}\-]+)?)`
		gloss = `(?:\s*\(([^)]{2,40})\))?`
	)
	return []operationRule{
		{"operation.dubbed", regexp.MustCompile(`\b(?:dubbed|named|called|code-?named|titled)\s+[“"‘']` + name + `[”"’']` + gloss)},
		{"operation.named", regexp.MustCompile(`\b(?:[Oo]peration|[Mm]ission)\s+` + open + name + close + gloss)},
		{"operation.the_x_operation", regexp.MustCompile(`\b(?:[Tt]he|a|[Ii]ts|[Tt]heir)\s+` + open + `(\p{Lu}[\p{L}\p{N}\-]+)` + close + gloss + `\s+(?:(?:humanitarian|special|repatriation|rescue|evacuation)\s+)?(?:operation|mission)\b`)},
	}
}

// findOperations returns the operation names stated in s.
func (x *Extractor) findOperations(s *sentence) []opHit {
	if !s.opsDone {
		s.ops, s.opsDone = x.matchOperations(s), true
	}
	return s.ops
}

// operationCues are the words every operation pattern needs: the regular
// expressions run only on sentences that have one.
var operationCues = map[string]bool{
	"operation": true, "mission": true, "dubbed": true, "named": true, "called": true,
	"code-named": true, "codenamed": true, "titled": true,
}

func (x *Extractor) matchOperations(s *sentence) []opHit {
	cue := false
	for _, w := range s.low {
		cue = cue || operationCues[w]
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
