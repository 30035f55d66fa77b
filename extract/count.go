package extract

import (
	"slices"
	"strings"
)

// Count groups, as in the corpus guide.
const (
	GroupTotal    = "total"
	GroupWomen    = "women"
	GroupMen      = "men"
	GroupChildren = "children"
	GroupAdults   = "adults"
	GroupOrphans  = "orphans"
)

// countHit is a number of people found in a sentence: tokens [i, j) state
// it, [ni, nj) are the number, country is set when a demonym in the phrase
// names their nationality.
type countHit struct {
	i, j      int
	ni, nj    int
	value     int
	group     string
	qual      string
	country   string
	ci, cj    int
	rule      string
	ofPossess bool // "110 of its citizens": nationality from the subject
	ofThem    bool // "eight of them children": a part of the counts before
	combined  bool // "59 women and children"
	moved     bool // a transfer's participle stands in the phrase: "ten repatriated children"
	elliptic  bool // a number with no noun, for people named before: "Thirty had been repatriated"
}

// findCounts returns the numbers of people stated in s.
func (s *sentence) findCounts() []countHit {
	if !s.countsDone {
		s.counts, s.countsDone = s.matchCounts(), true
	}
	return s.counts
}

// matchCounts runs the count rules over s.
func (s *sentence) matchCounts() []countHit {
	var out []countHit
	for i := 0; i < len(s.low); i++ {
		v, n, ok := parseNumber(s.low, i)
		if !ok || s.notCount(i, n) {
			continue
		}
		c := countHit{i: i, ni: i, nj: i + n, value: v, rule: "count.number_noun"}
		k := i + n
		orphaned := false
		for steps := 0; steps < 4 && k < len(s.low); steps++ {
			// "23 U.S. citizens", "11 Kosovo citizens": a name before a
			// people noun stands as an adjective.
			if h, ok := s.countryAt(k); ok && (h.kind != "name" || s.lex.groupNouns[s.lowAt(h.j)] != "" && !s.has(k-1, "the")) {
				c.country, c.ci, c.cj = h.code, h.i, h.j
				k = h.j
				if h.kind == "people" {
					break
				}
				continue
			}
			w := s.low[k]
			// "two adult women", but "two adult" is the noun.
			if s.lex.modifierNouns[w] && s.lex.groupNouns[s.lowAt(k+1)] == "" {
				break
			}
			// "five orphaned Belgian children", "three orphan children":
			// a modifier that is a people noun itself ("orphan") modifies
			// only where another one follows.
			if s.lex.orphanModifiers[w] && (s.lex.groupNouns[w] == "" || s.lex.groupNouns[s.lowAt(k+1)] != "") {
				orphaned = true
				k++
				continue
			}
			adverb := strings.HasSuffix(w, "ly") && len(w) > 4 && s.lex.groupNouns[w] == ""
			// "ten repatriated children", "43 detained women": a
			// participle before the people noun is an adjective.
			participle := strings.HasSuffix(w, "ed") && len(w) > 4 && s.lex.groupNouns[s.lowAt(k+1)] != ""
			if s.lex.countModifiers[w] || adverb || participle {
				c.moved = c.moved || participle && s.lex.returnTriggers[w]
				k++
				continue
			}
			if w == "of" && s.has(k+1, "its", "their", "his", "her", "the", "whom") && !s.isNumber(k+2) {
				c.ofPossess = s.low[k+1] != "the"
				k += 2
				if s.has(k-1, "whom") && s.has(k, "are", "were") {
					k++
				}
				continue
			}
			// "99 citizens – 28 of women and 71 children": a stray "of"
			// before a group noun.
			if w == "of" && k == i+n && s.lex.groupNouns[s.lowAt(k+1)] != "" && s.lex.groupNouns[s.lowAt(k+1)] != GroupTotal {
				k++
				continue
			}
			// "25 of them children", "Twenty-five of them are children"
			if w == "of" && s.has(k+1, "them") {
				c.ofThem = true
				k += 2
				if s.has(k, "are", "were") {
					k++
				}
				continue
			}
			// "Of the 40 returnees, 25 are children"
			if s.has(k, "are", "were") && k == i+n && s.lex.groupNouns[s.lowAt(k+1)] != "" && s.lex.groupNouns[s.lowAt(k+1)] != GroupTotal && s.has(k+2, ".", ",", ";", "who") {
				k++
				continue
			}
			break
		}
		phrase := s.phraseAt(k, s.lex.totalNounPhrases)
		switch {
		case c.cj == k && c.country != "" && s.kindAt(c.ci) == "people":
			c.group, c.j = GroupTotal, k
		case k < len(s.low) && s.lex.groupNouns[s.low[k]] != "" && (!s.lex.singularNouns[s.low[k]] || v == 1):
			c.group, c.j = s.lex.groupNouns[s.low[k]], k+1
		case c.cj == k && c.country != "" && s.lex.invariantDemonyms[s.lowAt(c.ci)] && !s.isWord(k):
			// "79 Kyrgyz were flown home": a demonym used as a noun.
			c.group, c.j = GroupTotal, k
		case phrase > 0:
			// "12 family members"
			c.group, c.j = GroupTotal, k+phrase
		case (s.lex.bareCountVerbs[s.lowAt(i-1)] || s.particleVerbBefore(i)) && s.has(i+n, "from", "to", "of"):
			// "repatriated 110 from Syria", "flew out 516 from Syria"
			c.group, c.j, c.rule = GroupTotal, i+n, "count.bare_number"
		case s.anaphor(i, n):
			// "received the four in Qamishli": a number standing for
			// people named before.
			c.group, c.j, c.rule = GroupTotal, i+n, "count.anaphor"
		case s.runningTotalAt(i) >= 0:
			// "bringing the total number of returnees to 531"
			c.group, c.j, c.rule = GroupTotal, i+n, "count.running_total"
		case s.ellipticalSubject(i, n):
			// "Since then, some 100 have been brought back": a number
			// standing for people named before, subject of a transfer.
			c.group, c.j, c.rule, c.elliptic = GroupTotal, i+n, "count.elliptical_subject", true
		default:
			continue
		}
		s.combine(&c)
		if s.has(i-1, "plus") || s.plusAfter(c.j) {
			continue
		}
		// "One of two Azerbaijani children", "39 of the 65 Malaysians":
		// the number before "of" counts the people, the one after their
		// pool.
		of := i - 1
		if s.has(of, "the") {
			of--
		}
		if s.has(of, "of") && s.isNumber(of-1) {
			if pv, _, _ := parseNumber(s.low, of-1); pv < c.value {
				c.value, c.i, c.ni, c.nj = pv, of-1, of-1, of
			}
		}
		c.qual = s.qualifierBefore(i)
		if c.qual != "" {
			c.i = s.qualifierStart(i)
		}
		if c.country == "" {
			s.postCountry(&c)
			// "31 women and 64 children who are Kyrgyz citizens": a
			// nationality after a list covers all of it.
			if n := len(out); c.country != "" && n > 0 && out[n-1].country == "" && s.has(out[n-1].j, "and") && out[n-1].j+1 == c.i {
				out[n-1].country, out[n-1].ci, out[n-1].cj = c.country, c.ci, c.cj
			}
		}
		// "five citizens of Kazakhstan — a mother and her four children":
		// an apposition shares the nationality of the count before it.
		if n := len(out); c.country == "" && n > 0 && out[n-1].country != "" && s.dashBetween(out[n-1].j, c.i) {
			c.country, c.ci, c.cj = out[n-1].country, out[n-1].ci, out[n-1].cj
		}
		// "six Canadian and four Dutch citizens, eight of them children":
		// a part of several countries' people is no one country's count.
		if c.ofThem && c.country == "" && len(countriesOf(out)) > 1 {
			i = c.j - 1
			continue
		}
		// "14 children, 5 women and 4 members of the group": a people
		// noun closing a list of groups names a part, not the total.
		if n := len(out); c.group == GroupTotal && !c.combined && n > 0 && out[n-1].group != GroupTotal && s.has(c.i-1, "and", ",") && out[n-1].j == c.i-1 {
			i = c.j - 1
			continue
		}
		out = append(out, c)
		if (orphaned || s.orphansPredicate(c.j)) && c.group == GroupChildren {
			o := c
			o.group, o.rule = GroupOrphans, "count.orphaned_children"
			out = append(out, o)
		}
		i = c.j - 1
	}
	return out
}

// inheritGroup gives the numbers of s without a noun ("Thirty had
// already been repatriated") the group of the people counted in the
// sentence before, where all its counts are of one group ("27 children").
func (s *sentence) inheritGroup(prev *sentence) {
	group := ""
	for _, c := range prev.findCounts() {
		if group != "" && c.group != group {
			return
		}
		group = c.group
	}
	if group == "" {
		return
	}
	for k, c := range s.findCounts() {
		if c.elliptic {
			s.counts[k].group = group
		}
	}
}

// ellipticalSubject reports whether the number at i (n tokens) opens a
// clause as the subject of a transfer's verb, with no noun: "Thirty had
// already been repatriated", "only seven have returned to Canada".
func (s *sentence) ellipticalSubject(i, n int) bool {
	b := i - 1
	if s.has(b, "only") || s.lex.qualifiers[s.lowAt(b)] != "" {
		b--
	}
	if b >= 0 && !s.has(b, ",", "and") {
		return false
	}
	k := i + n
	if !s.has(k, "have", "has", "had", "were", "was") {
		return false
	}
	k++
	if w := s.lowAt(k); strings.HasSuffix(w, "ly") || s.has(k, "already", "since", "now", "also") {
		k++
	}
	if s.has(k, "been") {
		k++
	}
	w := s.lowAt(k)
	return s.lex.returnTriggers[w] || s.lex.handoverTriggers[w] || s.lex.particleTriggers[w]
}

// particleVerbBefore reports whether a verb with its particle stands
// right before token i: "flew out", "brought home".
func (s *sentence) particleVerbBefore(i int) bool {
	return s.lex.particleTriggers[s.lowAt(i-2)] && (s.lex.homeParticles[s.lowAt(i-1)] || s.has(i-1, "out"))
}

// anaphor reports whether the number at i (n tokens) stands alone after
// a determiner, as a noun phrase of its own: "the four had been living
// in Roj", "the latest five from the camp".
func (s *sentence) anaphor(i, n int) bool {
	k := i - 1
	if s.lex.superlatives[s.lowAt(k)] {
		k--
	}
	return s.lex.anaphorWords[s.lowAt(k)] && s.lex.anaphorFollowers[s.lowAt(i+n)]
}

// countriesOf returns the distinct countries of counts.
func countriesOf(counts []countHit) map[string]bool {
	out := map[string]bool{}
	for _, c := range counts {
		if c.country != "" {
			out[c.country] = true
		}
	}
	return out
}

// orphansPredicate reports whether the clause after a count's phrase
// ending at token j says they are orphans: "Nine of the children from
// Syria are orphans", "five children orphaned by jihadists".
func (s *sentence) orphansPredicate(j int) bool {
	if w := s.lowAt(j); s.lex.orphanModifiers[w] && s.lex.groupNouns[w] == "" {
		return true
	}
	for k := j; k < len(s.low) && k < j+6; k++ {
		if s.isPunct(k) {
			return false
		}
		if s.has(k, "are", "were") {
			w := s.lowAt(k + 1)
			return s.lex.groupNouns[w] == GroupOrphans || s.lex.orphanModifiers[w]
		}
	}
	return false
}

// runningTotalAt returns the token of "bringing", "raising" or "taking"
// when the number at token i ends "bringing the total (number of
// returnees) to 531"; else -1.
func (s *sentence) runningTotalAt(i int) int {
	if !s.has(i-1, "to") {
		return -1
	}
	for k := i - 2; k >= 0 && k >= i-9; k-- {
		if s.isPunct(k) {
			return -1
		}
		if s.runningTotalStart(k) {
			return k
		}
	}
	return -1
}

// runningTotalStart reports whether token k opens "bringing the total",
// "raising the number" or "bringing to 700 the number".
func (s *sentence) runningTotalStart(k int) bool {
	if !s.lex.runningTotalVerbs[s.lowAt(k)] {
		return false
	}
	// "took back a total of 48" is one transfer's figure, not a total
	// raised.
	for m := k + 1; m <= k+3; m++ {
		if s.lex.totalNouns[s.lowAt(m)] && !s.has(m-1, "a") {
			return true
		}
	}
	// "bringing to 700 the number of people repatriated"
	if s.has(k+1, "to") && s.isNumber(k+2) {
		for m := k + 3; m <= k+5; m++ {
			if s.lex.totalNouns[s.lowAt(m)] {
				return true
			}
		}
	}
	return false
}

// plusAfter reports whether "plus" follows within a few words: "Eight
// children from camps plus one from an orphanage" is a sum's part.
func (s *sentence) plusAfter(j int) bool {
	for k := j; k < len(s.low) && k < j+4; k++ {
		if s.has(k, "plus") {
			return true
		}
	}
	return false
}

// dashBetween reports whether tokens [i, j) hold a dash or an opening
// bracket.
func (s *sentence) dashBetween(i, j int) bool {
	for k := i; k < j && k < len(s.low); k++ {
		if s.has(k, "—", "–", "-", "(") {
			return true
		}
	}
	return false
}

func (s *sentence) lowAt(i int) string {
	if i < 0 || i >= len(s.low) {
		return ""
	}
	return s.low[i]
}

func (s *sentence) isNumber(i int) bool {
	if i < 0 || i >= len(s.low) {
		return false
	}
	_, _, ok := parseNumber(s.low, i)
	return ok
}

// phraseAt returns the length of the first of phrases that the tokens
// from i spell, or 0.
func (s *sentence) phraseAt(i int, phrases [][]string) int {
	for _, p := range phrases {
		if i+len(p) <= len(s.low) && slices.Equal(s.low[i:i+len(p)], p) {
			return len(p)
		}
	}
	return 0
}

func (s *sentence) kindAt(i int) string {
	if h, ok := s.countryAt(i); ok {
		return h.kind
	}
	return ""
}

// notCount rejects numbers that are not numbers of people: ages ("aged
// 6", "ages range from six to 17"), years, ordinals, times and numbers
// that make up a sum ("eight plus one").
func (s *sentence) notCount(i, n int) bool {
	if s.lex.ageWords[s.lowAt(i-1)] || s.lex.labelNouns[s.lowAt(i-1)] || s.lex.possessionVerbs[s.lowAt(i-1)] || s.has(i-1, "between", "plus") {
		return true
	}
	if s.has(i-1, "of") && s.has(i-2, "age") {
		return true
	}
	// "Jed'dah 1 camp", "Aikol 6": digits after a capitalised word inside
	// the sentence end a name; not after its first word ("The 41
	// children") or in a headline's capitals ("Repatriates 41 Children").
	if s.low[i] != "" && s.low[i][0] >= '0' && s.low[i][0] <= '9' && s.nameBefore(i) {
		return true
	}
	if s.lex.unitNouns[s.lowAt(i+n)] || s.has(i+n, ":") {
		return true
	}
	return false
}

// nameBefore reports whether the word before token i is a capitalised
// word of a name: not the sentence's first word, a month, a weekday or a
// country, and the sentence not a headline with its words capitalised.
func (s *sentence) nameBefore(i int) bool {
	k := i - 1
	if k < 0 || !s.capital(k) || !s.isWord(k) || isMonthToken(s.low[k]) || isWeekdayToken(s.low[k]) {
		return false
	}
	if _, country := s.countryEndingAt(i); country {
		return false
	}
	first, words, caps := -1, 0, 0
	for m := range s.low {
		if s.isPunct(m) {
			continue
		}
		if first < 0 {
			first = m
		}
		words++
		if s.capital(m) {
			caps++
		}
	}
	return k != first && caps*2 <= words
}

// combine turns "59 women and children" and "95 wives and children" into a
// total: a group noun joined by "and" to another without its own number.
func (s *sentence) combine(c *countHit) {
	k := c.j
	// Headline style: "98 women, children".
	if s.has(k, ",") && s.lex.groupNouns[s.lowAt(k+1)] != "" && s.lex.groupNouns[s.lowAt(k+1)] != GroupTotal && !s.isNumber(k+2) && !s.has(k+2, "and", ",") {
		c.group, c.j, c.combined, c.rule = GroupTotal, k+2, true, "count.combined_group"
		return
	}
	if !s.has(k, "and", "&", "or") {
		return
	}
	m := k + 1
	// "four women and their children": the number counts the women
	// only, as "a woman and 2 children" counts the children only (see
	// the corpus guide).
	if s.has(m, "their", "her", "his") {
		return
	}
	for s.lex.combinedModifiers[s.lowAt(m)] {
		m++
	}
	if g := s.lex.groupNouns[s.lowAt(m)]; g != "" && g != GroupTotal {
		c.group, c.j, c.combined, c.rule = GroupTotal, m+1, true, "count.combined_group"
	} else if s.lex.combinedNouns[s.lowAt(m)] {
		c.group, c.j, c.combined, c.rule = GroupTotal, m+1, true, "count.combined_group"
	}
}

// qualifierBefore returns the qualifier of the number at token i: "more
// than 600" is more_than, "about 9,000" about.
func (s *sentence) qualifierBefore(i int) string {
	if i >= 2 {
		if q, ok := s.lex.qualifiers[s.low[i-2]+" "+s.low[i-1]]; ok {
			return q
		}
		if s.low[i-2] == "as" && s.low[i-1] == "many" {
			return "up_to"
		}
	}
	if i >= 3 && s.low[i-3] == "as" && s.low[i-2] == "many" && s.low[i-1] == "as" {
		return "up_to"
	}
	if i >= 1 {
		// "handed over 148": a particle, not "more than".
		if s.has(i-1, "over") && s.lex.overParticleVerbs[s.lowAt(i-2)] {
			return ""
		}
		return s.lex.qualifiers[s.low[i-1]]
	}
	return ""
}

func (s *sentence) qualifierStart(i int) int {
	if i >= 2 {
		if _, ok := s.lex.qualifiers[s.low[i-2]+" "+s.low[i-1]]; ok {
			return i - 2
		}
	}
	if i >= 3 && s.low[i-3] == "as" {
		return i - 3
	}
	// "an estimated 200"
	if s.lex.estimateAdjectives[s.lowAt(i-1)] && s.has(i-2, "an") {
		return i - 2
	}
	return i - 1
}

// postCountry reads the nationality stated after the noun: "children of
// Tajikistan nationals", "children born to Kyrgyz parents", "women and
// children who are Kyrgyz citizens".
func (s *sentence) postCountry(c *countHit) {
	k := s.ageRangeEnd(c.j)
	from := false
	switch {
	case s.has(k, "from"):
		// "9 children between the ages of 6 and 16 from Albania": a
		// state people are not held in is where they are from.
		k++
		from = true
	case k != c.j:
		return
	case s.has(k, "of"):
		k++
	case s.lex.parentVerbs[s.lowAt(k)] && s.has(k+1, "to"):
		k += 2
	case s.has(k, "who") && s.has(k+1, "are", "were"):
		k += 2
	default:
		return
	}
	h, ok := s.countryAt(k)
	if !ok {
		return
	}
	if from {
		if h.kind == "name" && !h.hold {
			c.country, c.ci, c.cj = h.code, h.i, h.j
			c.rule += "+post_nationality"
		}
		return
	}
	if h.kind == "people" || s.lex.nationalityNouns[s.lowAt(h.j)] ||
		h.kind == "name" && s.pluralCitizens(c.j-1) && s.has(c.j, "of") {
		c.country, c.ci, c.cj = h.code, h.i, h.j
		c.rule += "+post_nationality"
	}
}

// ageRangeEnd returns the token after an age range starting at k
// ("between the ages of 6 and 16", "aged 2 to 6", "aged between 3 and
// 15"), or k where none starts there.
func (s *sentence) ageRangeEnd(k int) int {
	m := k
	switch {
	case s.has(m, "between") && s.has(m+1, "the") && s.lex.ageWords[s.lowAt(m+2)] && s.has(m+3, "of"):
		m += 4
	case s.lex.ageWords[s.lowAt(m)]:
		m++
		if s.has(m, "between", "from") {
			m++
		}
	default:
		return k
	}
	if !s.isNumber(m) {
		return k
	}
	m++
	if s.has(m, "and", "to", "-") && s.isNumber(m+1) {
		m += 2
	}
	return m
}

// pluralCitizens reports whether token i is a plural citizen noun, as in
// "citizens of Tajikistan": one in citizen_nouns.txt and not in
// singular_nouns.txt.
func (s *sentence) pluralCitizens(i int) bool {
	w := s.lowAt(i)
	return s.lex.citizenNouns[w] && !s.lex.singularNouns[w]
}

// isWord reports whether token i is a word that could continue a noun
// phrase (a letter-initial token that is not a verb-like function word).
func (s *sentence) isWord(i int) bool {
	if i >= len(s.low) || s.isPunct(i) {
		return false
	}
	switch s.low[i] {
	case "were", "was", "are", "have", "had", "has", "from", "to", "in", "on", "and", "who":
		return false
	}
	return !s.lex.phraseEndVerbs[s.low[i]]
}
