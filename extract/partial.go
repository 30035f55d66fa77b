package extract

import (
	"strconv"
	"strings"
	"time"
)

// partial is what one clause says about one country's transfer: counts, a
// date, places, partners, an operation name. Partials are merged into
// events by assemble.
type partial struct {
	sent      *sentence
	country   string // "" when the clause does not name it
	countryEv *Evidence
	counts    []countHit
	date      dateHit
	hasDate   bool
	from      []fromHit
	partners  []partnerHit
	ops       []opHit
	aggregate bool
	other     bool // "another", "other": a group distinct from the main one
	joint     bool // "in the same operation": shares the main event's date and places
	verbTrig  bool // a verb states the transfer, or a definite noun ("the move")
	trig      *trigger
	eventful  bool // a transfer that happened, not just a partner or a name
}

// fromHit is a place people were brought from.
type fromHit struct {
	code string
	span Span
	rule string
}

// sentencePartials analyses one sentence. It returns a partial for every
// clause that reports a transfer (one per country when the clause names
// several), or that names partners of one, and the mentions found.
func (x *Extractor) sentencePartials(s *sentence, pub time.Time) ([]*partial, []Mention, error) {
	var ms []Mention
	mention := func(kind string, sp Span, value, rule string) Mention {
		return Mention{Kind: kind, Span: sp, Text: sp.Of(s.src), Value: value, Sentence: s.idx, Rule: rule}
	}
	for _, c := range s.countries {
		ms = append(ms, mention(KindCountry, s.spanOf(c.i, c.j), c.code, "country."+c.kind))
	}
	for _, t := range s.triggers {
		m := mention(KindTrigger, s.toks[t.i].Span, s.low[t.i], "trigger."+t.kind)
		if t.negated {
			m.Value += " (negated)"
		}
		ms = append(ms, m)
	}
	groups := s.groupInclusions()
	hasCue := x.hasPartnerCue(s)
	if !s.hasEventTrigger() && len(groups) == 0 && !hasCue {
		return nil, ms, nil
	}
	if hasCue {
		s.addOrgChunks(x.looksLikeOrg)
	}
	ner := x.opts.NER && hasCue && x.needsNER(s)
	if ner {
		if err := x.nerOrgs(s); err != nil {
			return nil, nil, err
		}
	}
	counts := s.findCounts()
	dates := x.findDates(s, pub)
	partners := s.findPartners(x.partnerCues)
	ops := x.findOperations(s)
	froms := s.findFrom(x.countries)
	for _, c := range counts {
		m := mention(KindCount, s.spanOf(c.i, c.j), strconv.Itoa(c.value), c.rule)
		m.Group, m.Qualifier = c.group, c.qual
		ms = append(ms, m)
	}
	for _, d := range dates {
		ms = append(ms, mention(KindDate, d.span, d.value, d.rule))
	}
	for _, p := range partners {
		ms = append(ms, mention(KindPartner, p.span, p.id, p.rule))
	}
	for _, o := range ops {
		ms = append(ms, mention(KindOperation, o.span, o.name, o.rule))
	}

	// "in the same operation": a joint cue anywhere in the sentence.
	sentKey := " " + s.key(0, len(s.low)) + " "
	joint := false
	for _, w := range s.lex.jointCues {
		joint = joint || strings.Contains(sentKey, " "+w+" ")
	}
	var out []*partial
	for _, cl := range s.clauses() {
		a, b := cl[0], cl[1]
		// The clause's trigger: its first affirmed verb, else its first
		// affirmed noun ("the repatriation of").
		var trig *trigger
		for k := range s.triggers {
			t := &s.triggers[k]
			if t.i < a || t.i >= b || t.negated {
				continue
			}
			if trig == nil || s.lex.nounTriggers[s.low[trig.i]] && !s.lex.nounTriggers[s.low[t.i]] {
				trig = t
			}
		}
		eventful := trig != nil
		for _, g := range groups {
			eventful = eventful || g >= a && g < b
		}
		// ", bringing the total to 531": a cumulative total of the
		// transfers before it.
		running := s.runningTotalStart(a)
		eventful = eventful || running
		multi := s.jointSubject(a, b, trig)
		var clauseCounts []countHit
		for _, c := range counts {
			if c.i >= a && c.i < b && eventful && s.countLinked(c, a, b) && !(multi && c.country == "") {
				clauseCounts = append(clauseCounts, c)
			}
		}
		base := partial{sent: s, trig: trig, eventful: eventful, aggregate: running}
		base.verbTrig = trig != nil && (!s.lex.nounTriggers[s.low[trig.i]] || s.has(trig.i-1, "the", "this"))
		period := false
		for _, d := range dates {
			t := s.tokenAt(d.span.Start)
			if t < a || t >= b || d.announce || trig != nil && s.detachedDate(t, trig.i, a) {
				continue
			}
			if d.multi || d.since {
				base.aggregate, period = true, true
				continue
			}
			if d.value != "" && (!base.hasDate || trig != nil && abs(t-trig.i) < abs(s.tokenAt(base.date.span.Start)-trig.i)) {
				base.date, base.hasDate = d, true
			}
		}
		clauseKey := " " + s.key(a, b) + " "
		for _, cue := range s.lex.aggregateCues {
			if k := strings.Index(clauseKey, " "+cue+" "); k >= 0 && !s.superlativeBefore(tail(clauseKey[:k], 80)) {
				base.aggregate = true
			}
		}
		// "in 16 batches", "in three operations": several transfers.
		for k := a; k+2 < b; k++ {
			if !s.has(k, "in", "over", "across") {
				continue
			}
			if v, n, ok := parseNumber(s.low, k+1); ok && v > 1 && s.lex.batchNouns[s.lowAt(k+1+n)] {
				base.aggregate = true
			}
		}
		// A cumulative total keeps a date only when one is stated: "over
		// the years" or "since 2019" give none, "last year ... in 12
		// convoys" gives the year.
		if period {
			base.date, base.hasDate = dateHit{}, false
		}
		for _, w := range s.lex.otherCues {
			base.other = base.other || strings.Contains(clauseKey, " "+w+" ")
		}
		for k := a; k < b; k++ {
			base.other = base.other || s.lex.otherDeterminers[s.low[k]] && s.othersFollow(k)
		}
		base.joint = joint
		for _, f := range froms {
			t := s.tokenAt(f.span.Start)
			// "continues to repatriate ... from Turkey": a place of a plan.
			if nt, ok := s.nearestTrigger(t); t >= a && t < b && !(ok && nt.negated) {
				base.from = append(base.from, f)
			}
		}
		for _, p := range partners {
			if p.tok >= a && p.tok < b {
				base.partners = append(base.partners, p)
			}
		}
		for _, o := range ops {
			if t := s.tokenAt(o.span.Start); t >= a && t < b {
				base.ops = append(base.ops, o)
			}
		}
		country, cev, actor := x.clauseCountry(s, a, b, trig, clauseCounts)
		var dateToks []int
		for _, d := range dates {
			if d.value != "" && !d.announce {
				dateToks = append(dateToks, s.tokenAt(d.span.Start))
			}
		}
		runs := s.countRuns(clauseCounts, dateToks, b)
		byCountry := map[string]*partial{}
		var order []string
		var lastDemonym *countHit
		allFrom := base.from
		for k, c := range clauseCounts {
			if k == 0 || runs[k] != runs[k-1] {
				// Each transfer keeps the places named in its own words.
				start, end := a, b
				if runs[k] > 0 {
					start = c.i
				}
				for m := k + 1; m < len(clauseCounts); m++ {
					if runs[m] != runs[k] {
						end = clauseCounts[m].i
						break
					}
				}
				if runs[len(runs)-1] > 0 {
					base.from = nil
					for _, f := range allFrom {
						if t := s.tokenAt(f.span.Start); t >= start && t < end {
							base.from = append(base.from, f)
						}
					}
				}
			}
			if runs[k] > 0 && (k == 0 || runs[k] != runs[k-1]) {
				// "15 women and 40 children in October, and 16 women and 35
				// children in July": a repeated group starts another
				// transfer, dated by the words that follow it.
				for _, code := range order {
					out = append(out, byCountry[code])
				}
				byCountry, order = map[string]*partial{}, nil
				base.date, base.hasDate = dateHit{}, false
				end := b
				for m := k + 1; m < len(clauseCounts); m++ {
					if runs[m] != runs[k] {
						end = clauseCounts[m].i
						break
					}
				}
				for _, d := range dates {
					if t := s.tokenAt(d.span.Start); t >= c.i && t < end && d.value != "" && !d.announce && !period {
						base.date, base.hasDate = d, true
						break
					}
				}
			}
			code, ev := country, cev
			if c.country != "" && !c.ofPossess {
				lastDemonym = &clauseCounts[k]
			}
			// "3 Ukrainian women, 11 children": a nationality carries on
			// through the list that follows it.
			if d := lastDemonym; d != nil && (country == "" || d == &clauseCounts[k]) {
				code = d.country
				ev = s.evidence("country", s.spanOf(d.ci, d.cj), "country.demonym")
			}
			p, ok := byCountry[code]
			if !ok {
				cp := base
				cp.country, cp.countryEv = code, ev
				p = &cp
				byCountry[code] = p
				order = append(order, code)
			}
			p.counts = append(p.counts, c)
		}
		for _, code := range order {
			// Counts of several countries in one clause tell one joint
			// transfer: "six Canadian, four Dutch and one Finnish citizen".
			byCountry[code].joint = byCountry[code].joint || len(order) > 1
			out = append(out, byCountry[code])
		}
		if len(order) == 0 && (eventful && (base.hasDate || len(base.ops) > 0 || len(base.partners) > 0 || len(base.from) > 0) || len(base.partners) > 0) {
			cp := base
			if actor && len(base.partners) > 0 {
				// "The United States thanks Austria": the thanker is not
				// whose nationals came home.
				country, cev = "", nil
			}
			cp.country, cp.countryEv = country, cev
			// Without counts, "France and Germany repatriated" names other
			// countries' transfers, not helpers.
			kept := cp.partners[:0:0]
			for _, ph := range cp.partners {
				if !s.transferSubject(ph) {
					kept = append(kept, ph)
				}
			}
			cp.partners = kept
			if (cp.other || s.vagueGroup(a, b)) && !cp.hasDate || !cp.hasDate && len(cp.partners) == 0 && len(cp.ops) == 0 && (len(cp.from) == 0 || !cp.verbTrig) {
				continue
			}
			out = append(out, &cp)
		}
	}
	return out, ms, nil
}

// countRuns numbers the transfers a clause's counts belong to: a run ends
// where a group already counted comes again with another value, or where
// a date stands between two counts and another after the second ("59
// women and children in February and 79 children in March 2021"). b is
// the end of the clause; dateToks are the tokens of its dates.
func (s *sentence) countRuns(counts []countHit, dateToks []int, b int) []int {
	runs := make([]int, len(counts))
	seen := map[string]int{}
	run := 0
	dateIn := func(lo, hi int) bool {
		for _, t := range dateToks {
			if t >= lo && t < hi {
				return true
			}
		}
		return false
	}
	for k, c := range counts {
		key := c.country + "/" + c.group
		next := b
		if k+1 < len(counts) {
			next = counts[k+1].i
		}
		if v, ok := seen[key]; ok && v != c.value || k > 0 && !c.combined && dateIn(counts[k-1].j, c.i) && dateIn(c.j, next) {
			run++
			seen = map[string]int{}
		}
		seen[key] = c.value
		runs[k] = run
	}
	return runs
}

// vagueGroup reports whether the clause speaks of an unnumbered group
// ("scores of Uzbeks", "dozens of children"), which cannot be tied to a
// counted transfer.
func (s *sentence) vagueGroup(a, b int) bool {
	for k := a; k+1 < b; k++ {
		if s.lex.vagueQuantifiers[s.low[k]] && s.has(k+1, "of") {
			return true
		}
	}
	return false
}

// groupInclusions returns the tokens of "included" in "The group
// included 31 women" or "Among the returnees were".
func (s *sentence) groupInclusions() []int {
	var out []int
	for i, w := range s.low {
		// "Twenty-five of them are children." opening a sentence.
		if w == "them" && s.has(i-1, "of") && i == 2 && s.isNumber(0) {
			out = append(out, i)
			continue
		}
		if !s.lex.inclusionVerbs[w] && w != "were" {
			continue
		}
		// "Among the returnees were", "Among them were".
		if w == "were" && !s.lex.wereSubjects[s.lowAt(i-1)] && !(s.has(i-1, "them") && s.has(i-2, "among")) {
			continue
		}
		for k := i - 1; k >= 0 && k >= i-4; k-- {
			if s.lex.groupSubjects[s.low[k]] {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// jointSubject reports whether the clause's actor is several countries
// ("Kosovo and North Macedonia ... the two countries have repatriated"):
// a figure without a nationality is then a combined one.
func (s *sentence) jointSubject(a, b int, trig *trigger) bool {
	end := b
	if trig != nil {
		end = trig.i
	}
	for k := a; k+1 < end; k++ {
		if s.has(k, "two", "both", "three") && s.lex.statePlurals[s.lowAt(k+1)] {
			return true
		}
	}
	// "handed over 171 women and 177 children to their countries of
	// origin": people of several countries sent to each.
	for k := end; k+2 < b; k++ {
		if s.has(k, "to") && s.has(k+1, "their") && (s.lex.statePlurals[s.lowAt(k+2)] || s.lex.statePlurals[s.lowAt(k+3)]) {
			return true
		}
	}
	// "Kosovo and North Macedonia": two names joined by "and".
	var prev *countryHit
	for k := range s.countries {
		c := &s.countries[k]
		if c.i < a || c.i >= end || c.kind != "name" {
			continue
		}
		if prev != nil && prev.code != c.code && c.i-prev.j <= 2 && (s.has(prev.j, "and", "&") || s.has(prev.j, ",") && s.has(prev.j+1, "and")) {
			return true
		}
		prev = c
	}
	return false
}

// detachedDate reports whether the date at token d belongs to another
// clause than the trigger at t: a relative clause ("whose fathers were
// killed last year", "where the group was defeated in 2017"), a "when"
// clause ("taken there when their mother joined the group in 2016"), a
// "since" phrase ("since the court ruled on Sep. 14") or an opening
// "after" phrase holds the date and not the trigger.
func (s *sentence) detachedDate(d, t, a int) bool {
	lo := t + 1
	if t > d {
		lo = a
	}
	for k := lo; k < d; k++ {
		// "on a charter flight which landed on Wednesday": a relative
		// clause that states a transfer itself dates it.
		if s.has(k, "whose", "who", "which", "where", "since", "when") && !s.affirmedTriggerIn(k+1, d) {
			return true
		}
	}
	// "After the caliphate fell in 2019, France began to repatriate":
	// an opening phrase, closed by a comma before the trigger.
	if t > d && s.has(a, "after", "following", "before") {
		for k := d + 1; k < t; k++ {
			if s.has(k, ",") {
				return true
			}
		}
	}
	// "the first repatriation so far this year"
	return s.has(d-1, "far") && s.has(d-2, "so")
}

// affirmedTriggerIn reports whether an affirmed trigger stands in tokens
// [a, b).
func (s *sentence) affirmedTriggerIn(a, b int) bool {
	for _, t := range s.triggers {
		if !t.negated && t.i >= a && t.i < b {
			return true
		}
	}
	return false
}

// superlativeBefore reports whether "so far" modifies a superlative ("the
// largest repatriation so far"), which does not make a total cumulative.
func (s *sentence) superlativeBefore(before string) bool {
	f := strings.Fields(before)
	for k := len(f) - 1; k >= 0 && k >= len(f)-7; k-- {
		if s.lex.superlatives[f[k]] {
			return true
		}
	}
	return false
}

// clauses splits s into token ranges at clause breaks.
func (s *sentence) clauses() [][2]int {
	var out [][2]int
	start := 0
	for i, w := range s.low {
		brk := s.lex.clauseBreaks[w]
		// ", and the second group": a new clause, unlike the list in
		// "seven men, six women, and 12 children".
		if w == "and" && s.has(i-1, ",") && !s.isNumber(i+1) && s.lex.groupNouns[s.lowAt(i+1)] == "" && s.lex.qualifiers[s.lowAt(i+1)] == "" && !s.has(i+1, "more", "at", "up", "less", "fewer", "a", "an") {
			brk = true
		}
		if (w == "which" || w == "who") && s.relativeTransferSubject(i) >= 0 || s.runningTotalStart(i) {
			brk = true
		}
		if brk && i > start {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	return append(out, [2]int{start, len(s.low)})
}

// relativeTransferSubject returns the country hit that "which" or "who"
// at token i refers to when it opens a relative clause reporting that
// country's own transfer: "in a joint operation with Denmark, which
// repatriated three women". It returns -1 otherwise.
func (s *sentence) relativeTransferSubject(i int) int {
	if !s.has(i-1, ",") {
		return -1
	}
	k := -1
	for n, c := range s.countries {
		// "the administration in northeast Syria, which handed over": a
		// place is not the antecedent.
		if c.j == i-1 && c.kind == "name" && !s.has(c.i-1, "in", "from", "at", "near", "across", "inside", "into", "of") && !s.isDirection(c.i-1) {
			k = n
		}
	}
	if k < 0 {
		return -1
	}
	// "which on the same flight evacuated": a short phrase may come
	// between, not a clause.
	for _, t := range s.triggers {
		if !t.negated && t.kind == "return" && t.i > i && t.i <= i+6 && !s.punctBetween(i, t.i) {
			return k
		}
	}
	return -1
}

// isParticiple reports whether w looks like a participle: "stranded",
// "languishing".
func isParticiple(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing"))
}

// othersFollow reports whether a number, people or states follow the
// determiner at token k, so that it names another group: "another 59
// children", "other Western countries", but not "other support".
func (s *sentence) othersFollow(k int) bool {
	for m := k + 1; m < len(s.low) && m <= k+3; m++ {
		if s.isNumber(m) || s.lex.groupNouns[s.low[m]] != "" || s.lex.statePlurals[s.low[m]] {
			return true
		}
		if s.isPunct(m) {
			return false
		}
	}
	return false
}

// punctBetween reports whether a punctuation token lies strictly between
// tokens i and j.
func (s *sentence) punctBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if s.isPunct(k) {
			return true
		}
	}
	return false
}

// tokenAt returns the index of the token that contains byte offset off.
func (s *sentence) tokenAt(off int) int {
	for i, t := range s.toks {
		if off < t.End {
			return i
		}
	}
	return len(s.toks)
}

// countLinked reports whether count c belongs to a transfer of its
// clause: the trigger nearest to it is not negated and nothing between
// says the people did something else ("repatriated 188 children, who
// left behind 84 mothers").
func (s *sentence) countLinked(c countHit, a, b int) bool {
	t, ok := s.nearestTrigger(c.i)
	if ok && t.negated && t.i >= a && t.i < b {
		// A negated trigger nearby; look for an affirmed one in the clause.
		ok = false
		for _, u := range s.triggers {
			if !u.negated && u.i >= a && u.i < b {
				t, ok = u, true
				break
			}
		}
		if !ok {
			return false
		}
	}
	// "over 100 Maldivians had fled to Syria"; not "two sisters who went
	// there as teenagers" or "four men suspected of having fought". A
	// participle after the object of a trigger says where the people were
	// before: "received five orphans stranded in Syria".
	// "The 188 recently repatriated children left behind 84 mothers":
	// a transfer's participle inside the phrase tells the transfer; what
	// follows is what the people did before.
	after := c.j + 4
	if c.moved && t.i > c.i && t.i < c.j {
		after = c.j
	}
	for k := c.j; k < len(s.low) && k < after && k != t.i; k++ {
		if s.has(k, "who", "whose", "of", "after", ",") || s.lex.accusationWords[s.low[k]] {
			break
		}
		if s.lex.countBlockers[s.low[k]] && !(t.i < c.i && isParticiple(s.low[k]) && !s.punctBetween(t.i, c.i)) {
			return false
		}
	}
	lo, hi := c.j, t.i
	if t.i < c.i {
		lo, hi = a, c.i
		for k := t.i + 1; k < c.i; k++ {
			if s.lex.estimateWords[s.low[k]] || s.lex.countBlockers[s.low[k]] {
				return false
			}
		}
		return true
	}
	// "Seventeen children who were left behind by parents who joined IS
	// have been brought back": what a relative clause says they did
	// before does not undo the passive transfer after it.
	relative := s.has(c.j, "who", "whose") && s.has(t.i-1, "been", "were", "was")
	for k := lo; k < hi && !relative; k++ {
		if s.lex.countBlockers[s.low[k]] {
			return false
		}
	}
	for k := a; k < c.i; k++ {
		if s.lex.estimateWords[s.low[k]] {
			return false
		}
	}
	return true
}

// evidence builds an Evidence for a span of s.
func (s *sentence) evidence(field string, sp Span, rule string) *Evidence {
	return &Evidence{Field: field, Text: sp.Of(s.src), Span: sp, Sentence: s.span, Rule: rule}
}

// clauseCountry finds whose nationals a clause is about: a nationality
// phrase ("Kyrgyz citizens", "citizens of Tajikistan"), the destination of
// the transfer ("to Turkey", "to Uzbek diplomats"), or the country that
// acts ("Kosovo on Saturday repatriated"; actor is then true). It
// returns "" when the clause does not say.
func (x *Extractor) clauseCountry(s *sentence, a, b int, trig *trigger, counts []countHit) (code string, ev *Evidence, actor bool) {
	// ", which repatriated three women": the country before the comma.
	if s.has(a, "which", "who") {
		if k := s.relativeTransferSubject(a); k >= 0 {
			c := s.countries[k]
			return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.relative_subject"), false
		}
	}
	// "the Kyrgyz government's repatriation of 79 children"
	for _, t := range s.triggers {
		if t.i < a || t.i >= b || t.negated || !s.lex.nounTriggers[s.low[t.i]] {
			continue
		}
		if c, ok := s.countryEndingAt(t.i); ok && s.poss[t.i-1] {
			return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.possessor"), false
		}
		if c, ok := s.countryEndingAt(t.i - 1); ok && s.poss[t.i-1] && s.lex.govNouns[s.low[t.i-1]] {
			return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.possessor"), false
		}
	}
	own := map[int]bool{}
	for _, c := range counts {
		if c.country != "" {
			own[c.ci] = true
		}
	}
	for _, c := range s.countries {
		if c.i < a || c.i >= b || own[c.i] {
			continue
		}
		if c.kind == "people" && !s.has(c.i-1, "of", "from") ||
			c.kind == "adj" && s.lex.citizenNouns[s.lowAt(c.j)] ||
			c.kind == "name" && s.has(c.i-1, "of") && s.pluralCitizens(c.i-2) {
			return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.nationality"), false
		}
	}
	if trig != nil {
		for k := trig.i + 1; k < b && k <= trig.i+14; k++ {
			if !s.has(k, "to", "into") && !(s.has(k, "in") && s.lex.arrivalVerbs[s.low[trig.i]]) {
				continue
			}
			m := k + 1
			if s.has(m, "the", "a", "an") {
				m++
			}
			if c, ok := s.countryAt(m); ok && (c.kind == "name" || c.kind == "capital" || c.kind == "adj" && s.lex.govNouns[s.lowAt(c.j)]) {
				return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.destination"), false
			}
		}
	}
	end := b
	if trig != nil {
		end = trig.i
	}
	if len(counts) > 0 && counts[0].i > end {
		end = counts[0].i
	}
	for _, c := range s.countries {
		if c.i < a || c.i >= end || x.countries.hold[c.code] && c.kind != "name" {
			continue
		}
		prev := c.i - 1
		if s.has(prev, "the") {
			prev--
		}
		// "the Foreign Ministry of Tajikistan said that 104 people
		// returned": a state's government speaks for its people.
		govOf := s.has(prev, "of") && s.lex.govNouns[s.lowAt(prev-1)]
		if !govOf && s.has(prev, "in", "from", "at", "across", "into", "of", "near", "to", "with", "by") || s.isDirection(c.i-1) {
			continue
		}
		if c.kind == "name" && s.poss[c.j-1] && x.countries.hold[c.code] {
			continue
		}
		if c.kind == "name" || c.kind == "capital" && !s.isUpperWord(c.i) || c.kind != "place" && s.lex.govNouns[s.lowAt(c.j)] {
			return c.code, s.evidence("country", s.spanOf(c.i, c.j), "country.subject"), true
		}
	}
	return "", nil, false
}

// findFrom returns the places people were brought from: held-in countries
// after "from" ("from camps in northeast Syria", "from Iraq and Syria"),
// and after "in" in a handover ("handed over in Qamishli, Syria").
func (s *sentence) findFrom(g *countryGazetteer) []fromHit {
	if !s.fromsDone {
		s.froms, s.fromsDone = s.matchFrom(g), true
	}
	return s.froms
}

// matchFrom runs the origin rules over s.
func (s *sentence) matchFrom(g *countryGazetteer) []fromHit {
	var out []fromHit
	add := func(c countryHit, rule string) {
		for _, f := range out {
			if f.code == c.code {
				return
			}
		}
		out = append(out, fromHit{c.code, s.spanOf(c.i, c.j), rule})
	}
	handover := false
	for _, t := range s.triggers {
		if !t.negated && t.kind == "handover" {
			handover = true
		}
	}
	for i, w := range s.low {
		heldIn := w == "in" && s.lex.heldVerbs[s.lowAt(i-1)]
		// "taken out of the Syrian camp" says where from as "from" does.
		from := w == "from" || w == "out" && s.has(i+1, "of")
		// "173 Iraqi families left the Hol camp": the place a transfer
		// departs is its origin.
		left := s.lex.departVerbs[w] && s.triggerAt(i)
		if !from && !(w == "in" && handover) && !heldIn && !left {
			continue
		}
		for k := i + 1; k < len(s.low) && k <= i+10; k++ {
			if s.has(k, "to", "into", "for", "where", "who", "which", "that", "on", "after", "before", "by", ".", ";", "(", "—", "–", "with", "because") {
				break
			}
			c, ok := s.countryAt(k)
			if !ok || !g.hold[c.code] {
				continue
			}
			if c.kind == "name" || c.kind == "place" || c.kind == "adj" && s.lex.holdPlaceNouns[s.lowAt(c.j)] {
				rule := "from.from"
				if heldIn {
					rule = "from.held_in"
				} else if left {
					rule = "from.departed"
				} else if w == "in" {
					rule = "from.handover_in"
				}
				add(c, rule)
			}
		}
	}
	return out
}

// transferSubject reports whether partner ph is the subject of a
// transfer verb ("Iraq repatriated"): a partner verb that is also a return
// trigger. Such a subject helps only when the clause reports another
// country's people.
func (s *sentence) transferSubject(ph partnerHit) bool {
	return s.lex.returnTriggers[ph.verb]
}
