package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is one sentence prepared for the rules: its tokens, their
// lower-case forms with typographic quotes mapped to ASCII and possessive
// "'s" dropped, and the gazetteer hits found in it.
type sentence struct {
	src     string // the article text
	idx     int
	span    Span
	toks    []Token
	low     []string
	norm    []string // source forms with ASCII quotes, possessive 's dropped
	poss    []bool   // token ended in 's
	title   bool     // the article's title line
	caption bool     // a line that credits a photo
	lex     *lexicon // the word lists the rules match; set by whoever runs them

	countries []countryHit
	orgs      []orgHit
	triggers  []trigger

	// What the date, operation, count, origin and partner rules found,
	// kept because both the rules and the proposers ask (see findDates,
	// findOperations, findCounts, findFrom, findPartners). The rules ask
	// first, after the last change to the sentence's organisations and
	// countries (addOrgChunks, NER).
	dates                                                   []dateHit
	ops                                                     []opHit
	counts                                                  []countHit
	froms                                                   []fromHit
	partners                                                []partnerHit
	datesDone, opsDone, countsDone, fromsDone, partnersDone bool
}

// countryHit is a country named by tokens [i, j).
type countryHit struct {
	i, j int
	code string
	kind string // name, adj, people
	hold bool   // a place people are held in
}

// orgHit is an organisation named by tokens [i, j). Name is the form to
// report, which differs from the text only for conjoined national
// societies ("Libyan and Egyptian Red Crescent Societies").
type orgHit struct {
	i, j    int
	id      string
	name    string
	rule    string
	country string // the country an unlisted organisation belongs to ("Sudanese Embassy")
}

// trigger is a word that states a transfer of people: "repatriated",
// "handed over", "brought home", "the return of".
type trigger struct {
	i       int
	kind    string // return, handover
	negated bool
}

func newSentence(text string, idx int, span Span) *sentence {
	return newSentenceTokens(text, idx, span, tokenize(text, span, nil))
}

// newSentenceTokens prepares the sentence at span of text whose tokens are toks.
func newSentenceTokens(text string, idx int, span Span, toks []Token) *sentence {
	s := &sentence{src: text, idx: idx, span: span, toks: toks}
	// One allocation for both forms: a sentence is prepared for every
	// line of every article.
	forms := make([]string, 2*len(s.toks))
	s.low, s.norm = forms[:len(s.toks):len(s.toks)], forms[len(s.toks):]
	s.poss = make([]bool, len(s.toks))
	for i, t := range s.toks {
		n := normalizeKey(t.Text)
		if strings.HasSuffix(n, "'s") && len(n) > 2 {
			n = n[:len(n)-2]
			s.poss[i] = true
		} else if strings.HasSuffix(n, "s'") && len(n) > 2 {
			n = n[:len(n)-1]
			s.poss[i] = true
		}
		s.norm[i] = n
		s.low[i] = strings.ToLower(n)
	}
	return s
}

// spanOf returns the byte span of tokens [i, j).
func (s *sentence) spanOf(i, j int) Span {
	return Span{s.toks[i].Start, s.toks[j-1].End}
}

// has reports whether token i exists and is one of words.
func (s *sentence) has(i int, words ...string) bool {
	if i < 0 || i >= len(s.low) {
		return false
	}
	for _, w := range words {
		if s.low[i] == w {
			return true
		}
	}
	return false
}

// capital reports whether token i starts with an upper-case letter.
func (s *sentence) capital(i int) bool {
	r, _ := utf8.DecodeRuneInString(s.toks[i].Text)
	return unicode.IsUpper(r)
}

// isPunct reports whether token i is punctuation.
func (s *sentence) isPunct(i int) bool {
	r, _ := utf8.DecodeRuneInString(s.toks[i].Text)
	return !isWordRune(r)
}

// key joins the folded forms of tokens [i, j) with spaces.
func (s *sentence) key(i, j int) string {
	if j == i+1 {
		return s.low[i]
	}
	return strings.Join(s.low[i:j], " ")
}

// exactKey joins the source forms of tokens [i, j), dropping a final 's.
func (s *sentence) exactKey(i, j int) string {
	if j == i+1 {
		return s.norm[i]
	}
	return strings.Join(s.norm[i:j], " ")
}

// masked reports whether token i belongs to a name that mentions countries
// without being about them: "Islamic State of Iraq and Syria", "Islamic
// State of Iraq and the Levant" (masking_names.txt holds the words before
// "of").
func (s *sentence) masked(i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if s.low[k] != "of" {
			continue
		}
		for _, name := range s.lex.maskingNames {
			if k >= len(name) && slices.Equal(s.low[k-len(name):k], name) {
				return true
			}
		}
	}
	return false
}

// findCountries records the country mentions of s, longest match first,
// skipping tokens that are part of an organisation name.
func (s *sentence) findCountries(g *countryGazetteer) {
	covered := make([]bool, len(s.toks))
	for _, o := range s.orgs {
		for k := o.i; k < o.j; k++ {
			covered[k] = true
		}
	}
	for i := 0; i < len(s.toks); {
		if covered[i] || !g.starts[s.low[i]] && !g.starts[s.norm[i]] || s.masked(i) {
			i++
			continue
		}
		n := g.maxToks
		if i+n > len(s.toks) {
			n = len(s.toks) - i
		}
		found := false
		for ; n > 0; n-- {
			if f, ok := g.exact[s.exactKey(i, i+n)]; ok {
				s.countries = append(s.countries, countryHit{i, i + n, f.code, s.datelineKind(i, i+n, f.kind), g.hold[f.code]})
				found = true
				break
			}
			f, ok := g.folded[s.key(i, i+n)]
			if !ok || !s.capital(i) && f.kind != "place" {
				continue
			}
			s.countries = append(s.countries, countryHit{i, i + n, f.code, s.datelineKind(i, i+n, f.kind), g.hold[f.code]})
			found = true
			break
		}
		if found {
			i = s.countries[len(s.countries)-1].j
			continue
		}
		i++
	}
}

// datelineKind returns "place" for a country that tokens [i, j) name in
// a dateline ("QAMISHLI, Syria (North Press) – ..."): it says where the
// report was filed, not whose people it is about. Otherwise kind.
func (s *sentence) datelineKind(i, j int, kind string) string {
	if kind != "name" || i < 2 || s.toks[i-1].Text != "," || j >= len(s.toks) {
		return kind
	}
	if t := s.toks[j].Text; t != "(" && t != "–" && t != "—" && t != "-" && t != ":" {
		return kind
	}
	k := i - 2
	for k > 0 && s.isUpperWord(k-1) && !s.lineStart(k) {
		k--
	}
	if !s.isUpperWord(k) || len(s.toks[k].Text) < 3 || !s.lineStart(k) {
		return kind
	}
	for m := k; m < i-1; m++ {
		if !s.isUpperWord(m) {
			return kind
		}
	}
	return "place"
}

// lineStart reports whether token i is the first of its line.
func (s *sentence) lineStart(i int) bool {
	before := strings.TrimRight(s.src[:s.toks[i].Start], " \t\r")
	return before == "" || before[len(before)-1] == '\n'
}

// countryAt returns the country hit starting at token i.
func (s *sentence) countryAt(i int) (countryHit, bool) {
	for _, c := range s.countries {
		if c.i == i {
			return c, true
		}
	}
	return countryHit{}, false
}

// countryEndingAt returns the country hit ending at token j.
func (s *sentence) countryEndingAt(j int) (countryHit, bool) {
	for _, c := range s.countries {
		if c.j == j {
			return c, true
		}
	}
	return countryHit{}, false
}

// findOrgs records the organisations of s: national Red Cross and Red
// Crescent societies first, then gazetteer forms, longest first.
func (s *sentence) findOrgs(g *orgGazetteer, cg *countryGazetteer) {
	societies := s.namesSociety()
	for i := 0; i < len(s.toks); {
		if societies {
			if hits, j := s.nationalSociety(i, cg); j > i {
				s.orgs = append(s.orgs, hits...)
				i = j
				continue
			}
		}
		n := min(g.maxToks, len(s.toks)-i)
		if !g.starts[s.low[i]] && !g.starts[s.norm[i]] {
			n = 0
		}
		for ; n > 0; n-- {
			exact := s.exactKey(i, i+n)
			if g.exact[exact] {
				break
			}
			key := s.key(i, i+n)
			if _, ok := g.forms[key]; ok && !g.acronym[key] {
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		id := g.forms[s.key(i, i+n)].id
		s.orgs = append(s.orgs, orgHit{i, i + n, id, s.text(i, i+n), "org.gazetteer", ""})
		i += n
	}
}

// findRegionalBodies records the bodies s names by the region they
// govern (regional_bodies.txt): "the authorities in northeast Syria",
// "the administration in the north and east of Syria". It runs after
// findCountries, as the region ends in a country's name.
func (s *sentence) findRegionalBodies() {
	for _, c := range s.countries {
		regions := s.lex.regions[c.code]
		if c.kind != "name" || len(regions) == 0 {
			continue
		}
		id := ""
		p := c.i - 1
		for ; p > 0 && (s.isDirection(p) || s.has(p, "the", "of", "and")); p-- {
			for _, r := range regions {
				if id == "" && strings.HasPrefix(s.low[p], r.direction) {
					id = r.id
				}
			}
		}
		if id == "" || !s.has(p, "in") || !s.lex.regionNouns[s.lowAt(p-1)] || s.inOrg(p-1) {
			continue
		}
		s.orgs = append(s.orgs, orgHit{p - 1, c.j, id, s.text(p-1, c.j), "org.region", ""})
	}
}

// text returns the source text of tokens [i, j).
func (s *sentence) text(i, j int) string {
	sp := s.spanOf(i, j)
	return s.src[sp.Start:sp.End]
}

// namesSociety reports whether s has the words every national society
// match needs, "Red Crescent" or "Red Cross": nationalSociety tries country
// names at every capitalised token, and few sentences name one.
func (s *sentence) namesSociety() bool {
	for k := range s.low {
		if s.has(k, "red") && s.has(k+1, "crescent", "cross") && s.capital(k) {
			return true
		}
	}
	return false
}

// nationalSociety matches "<Country> Red Crescent [Society]", "Red
// Crescent Society of <Country>", bare "Red Crescent", and the conjoined
// "Libyan and Egyptian Red Crescent Societies". It returns the hits and the
// token after them, or j == i when nothing matched.
func (s *sentence) nationalSociety(i int, cg *countryGazetteer) ([]orgHit, int) {
	societyAt := func(k int) (string, int) {
		if s.has(k, "red") && s.has(k+1, "crescent", "cross") && s.capital(k) {
			end := k + 2
			if s.has(end, "society", "societies") {
				end++
			}
			return "Red " + strings.ToUpper(s.low[k+1][:1]) + s.low[k+1][1:], end
		}
		return "", k
	}
	countryAt := func(k int) (countryForm, int) {
		for n := 3; n > 0; n-- {
			if k+n <= len(s.low) && s.capital(k) {
				if f, ok := cg.folded[s.key(k, k+n)]; ok && f.kind != "people" {
					return f, k + n
				}
			}
		}
		return countryForm{}, k
	}
	if c1, k := countryAt(i); k > i {
		if kind, end := societyAt(k); kind != "" {
			name := s.exactKey(i, k) + " " + kind
			return []orgHit{{i, end, cg.names[c1.code] + " " + kind, name, "org.national_society", ""}}, end
		}
		// "Libyan and Egyptian Red Crescent Societies"
		if s.has(k, "and") {
			if c2, k2 := countryAt(k + 1); k2 > k+1 {
				if kind, end := societyAt(k2); kind != "" {
					return []orgHit{
						{i, k, cg.names[c1.code] + " " + kind, s.exactKey(i, k) + " " + kind, "org.national_society", ""},
						{k + 1, end, cg.names[c2.code] + " " + kind, s.exactKey(k+1, k2) + " " + kind, "org.national_society", ""},
					}, end
				}
			}
		}
		return nil, i
	}
	if kind, end := societyAt(i); kind != "" {
		if s.has(end, "of") {
			if c, k := countryAt(end + 1); k > end+1 {
				return []orgHit{{i, k, cg.names[c.code] + " " + kind, s.exactKey(i, k), "org.national_society", ""}}, k
			}
		}
		return []orgHit{{i, end, kind, s.exactKey(i, end), "org.national_society", ""}}, end
	}
	return nil, i
}

// addOrgCandidate records an organisation the gazetteer lacks, found by
// NER, when its text lines up with whole tokens.
func (s *sentence) addOrgCandidate(text, rule, country string) {
	want := foldQuotes(text)
	for i := range s.toks {
		for j := i + 1; j <= len(s.toks) && j <= i+8; j++ {
			if foldQuotes(s.text(i, j)) == want {
				s.addOrgAt(i, j, rule, country)
				return
			}
		}
	}
}

// addOrgAt records tokens [i, j) as an organisation unless a known one
// overlaps them or they are exactly a country. Country mentions inside it
// become its country ("Libyan Attorney General's Office" belongs to LY).
func (s *sentence) addOrgAt(i, j int, rule, country string) {
	for _, o := range s.orgs {
		if o.i < j && i < o.j {
			return
		}
	}
	if c, ok := s.countryAt(i); ok && c.j == j {
		return
	}
	text := s.text(i, j)
	h := orgHit{i: i, j: j, id: canonicalOrg(text), name: text, rule: rule, country: country}
	kept := s.countries[:0]
	for _, c := range s.countries {
		if c.i >= i && c.j <= j {
			if h.country == "" {
				h.country = c.code
			}
			continue
		}
		kept = append(kept, c)
	}
	s.countries = kept
	s.orgs = append(s.orgs, h)
}

// addOrgChunks records capitalised word runs that end in an organisation
// head word: "Libyan Attorney General's Office".
func (s *sentence) addOrgChunks(isOrg func(string) bool) {
	for i := 0; i < len(s.toks); {
		if !s.capital(i) {
			i++
			continue
		}
		j := i + 1
		for j < len(s.toks) && (s.capital(j) || s.has(j, "of", "for", "and") && j+1 < len(s.toks) && s.capital(j+1)) {
			j++
		}
		for k := j; k > i+1; k-- {
			if isOrg(s.toks[k-1].Text) {
				s.addOrgAt(i, k, "org.head_word", "")
				break
			}
		}
		i = j
	}
}

// isUpperWord reports whether token i is all capitals, as a dateline's
// place name ("PARIS —") is: where the story was filed, not who acted.
func (s *sentence) isUpperWord(i int) bool {
	t := s.toks[i].Text
	return len(t) > 1 && strings.ToUpper(t) == t
}

// foldQuotes folds a token for matching against prose's rewriting of it:
// prose writes curly quotes as two backquotes or two apostrophes.
func foldQuotes(s string) string {
	s = normalizeKey(s)
	if s == "``" || s == "''" {
		return "\""
	}
	return s
}

// canonicalOrg is the partner id of an organisation the gazetteer lacks:
// its name without a leading "the" or a trailing possessive, with ASCII
// apostrophes and single spaces, so one body named twice gets one id.
func canonicalOrg(name string) string {
	name = strings.Join(strings.Fields(strings.ReplaceAll(name, "\u2019", "'")), " ")
	if len(name) > 4 && strings.EqualFold(name[:4], "the ") {
		name = name[4:]
	}
	return strings.TrimSuffix(name, "'s")
}
