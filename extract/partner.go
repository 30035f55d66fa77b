package extract

import "strings"

// partnerHit is an organisation or state the text says helped.
type partnerHit struct {
	id      string
	name    string
	span    Span
	tok     int // first token, to place the hit in a clause
	rule    string
	country string // the state an unlisted organisation belongs to
	hold    bool   // a state people are held in (Syria, Iraq, Libya, Turkey)
	verb    string // the verb it is the subject of ("assisted"), or ""
}

// entity is an organisation or a state named in a sentence.
type entity struct {
	i, j    int
	id      string
	name    string
	rule    string
	loc     bool   // a place in a locative phrase ("in Kuwait"), not an actor
	country string // the state an unlisted organisation belongs to
	hold    bool
}

// entities lists the organisations of s and the countries that stand for
// a state: names, acronyms and "<adjective> authorities"-like phrases.
func (s *sentence) entities() []entity {
	var out []entity
	for _, o := range s.orgs {
		out = append(out, entity{o.i, o.j, o.id, o.name, o.rule, false, o.country, false})
	}
	for _, c := range s.countries {
		j := c.j
		switch c.kind {
		case "name":
			// "the authorities in Libya": the state, not a place; but
			// "authorities in neighbouring Iraq" and "the Autonomous
			// Administration of northern and eastern Syria" name places.
			p := c.i - 1
			for p > 0 && (s.isDirection(p) || s.has(p, "and") && s.isDirection(p+1) && s.isDirection(p-1)) {
				p--
			}
			loc := s.has(p, "in", "from", "at", "across", "near", "into", "inside", "of", "to") && (p < c.i-1 || !(s.lex.locativeStateNouns[s.lowAt(p-1)] && !s.inOrg(p-1)))
			if s.has(p, "of") && s.lex.stateOfNouns[s.lowAt(p-1)] {
				loc = false
			}
			out = append(out, entity{c.i, j, c.code, s.text(c.i, j), "partner.state", loc, "", c.hold})
		case "adj":
			if !s.lex.govNouns[s.lowAt(j)] {
				continue
			}
			j++
			if s.lex.govNameEnds[s.lowAt(j)] {
				j++
			}
			out = append(out, entity{c.i, j, c.code, s.text(c.i, j), "partner.state", false, "", c.hold})
		}
	}
	return out
}

// isDirection reports whether token i is a compass word ("northeast") or
// another word that describes a place before its name ("war-torn"): see
// direction_prefixes.txt and place_adjectives.txt.
func (s *sentence) isDirection(i int) bool {
	w := s.lowAt(i)
	for _, p := range s.lex.directionPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return s.lex.placeAdjectives[w]
}

// cueIndex holds phrase cues by their first word: a cue can only start at
// a token equal to its first word, so each token is tried against the few
// cues that start with it instead of all of them. Cues that share a first
// word keep their list order, so the first that matches still names the
// rule.
type cueIndex map[string][][]string

func newCueIndex(cues [][]string) cueIndex {
	idx := cueIndex{}
	for _, cue := range cues {
		if len(cue) > 0 { // the lexicon has no empty entries
			idx[cue[0]] = append(idx[cue[0]], cue)
		}
	}
	return idx
}

// findPartners returns the entities s says helped: those after a cue
// ("with the support of", "thanked", "coordinated by") and the subjects of
// helping verbs ("the ICRC has facilitated", "Kurdish authorities handed
// over"). The home country and its agencies are filtered out later, per
// event.
func (s *sentence) findPartners(cues cueIndex) []partnerHit {
	if !s.partnersDone {
		s.partners, s.partnersDone = s.matchPartners(cues), true
	}
	return s.partners
}

// matchPartners runs the partner rules over s.
func (s *sentence) matchPartners(cues cueIndex) []partnerHit {
	ents := s.entities()
	at := make(map[int][]entity, len(ents))
	for _, e := range ents {
		at[e.i] = append(at[e.i], e)
	}
	var out []partnerHit
	seen := map[int]bool{}
	add := func(e entity, rule, verb string) {
		if seen[e.i] {
			return
		}
		seen[e.i] = true
		out = append(out, partnerHit{id: e.id, name: e.name, span: s.spanOf(e.i, e.j), tok: e.i, rule: rule, country: e.country, hold: e.hold, verb: verb})
	}
	for i := range s.low {
		for _, cue := range cues[s.low[i]] {
			end, ok := s.matchCue(i, cue)
			// "a policy commended by the United Nations": after a praise
			// word, "by" names who praised, not who helped.
			if !ok || s.lex.praiseWords[cue[0]] && s.has(end, "by") {
				continue
			}
			for _, e := range s.cueRegion(at, end) {
				if s.lex.praiseWords[cue[0]] && s.praisedForOther(e.j) {
					continue
				}
				add(e, "partner.cue:"+strings.Join(cue, "_"), "")
			}
		}
		// "With U.S. assistance", "with US military support".
		if s.low[i] == "with" {
			for _, e := range at[i+1] {
				if s.backingAfter(e.j) {
					add(e, "partner.cue:with_x_assistance", "")
				}
			}
		}
		// "coordinating the repatriations with the semi-autonomous
		// authorities": a verb of working together, "with" a few words on.
		if k, ok := s.withAfterVerb(i); ok {
			for _, e := range s.cueRegion(at, k+1) {
				add(e, "partner.cue:"+s.low[i]+"_with", "")
			}
		}
		if s.lex.partnerVerbs[s.low[i]] || s.providedSupport(i) {
			for _, e := range s.subjectEntities(at, i) {
				add(e, "partner.subject:"+s.low[i], s.low[i])
			}
		}
	}
	// "received 20 women from the Kurdish-led administration": the
	// organisation that gives people up hands them over.
	for _, t := range s.triggers {
		if t.negated || !s.lex.receiveVerbs[s.low[t.i]] {
			continue
		}
		for k := t.i + 1; k < len(s.low) && k <= t.i+10; k++ {
			if !s.has(k, "from") {
				continue
			}
			for _, e := range s.cueRegion(at, k+1) {
				add(e, "partner.received_from", "")
			}
			break
		}
	}
	// A handover names the Kurdish-led administration or the SDF as the
	// side that handed people over, wherever they stand in the sentence.
	for _, t := range s.triggers {
		if t.kind != "handover" || t.negated {
			continue
		}
		for _, e := range ents {
			if s.lex.holders[e.id] {
				add(e, "partner.handover", "")
			}
		}
	}
	return out
}

// subjectEntities returns the entities that are the subject of the verb at
// token v: before it in the same clause, not in a locative phrase.
func (s *sentence) subjectEntities(at map[int][]entity, v int) []entity {
	var out []entity
	for k := v - 1; k >= 0 && k >= v-12; k-- {
		if s.low[k] == "." || s.low[k] == ";" || s.low[k] == "that" && k < v-1 {
			break
		}
		for _, e := range at[k] {
			if !e.loc {
				out = append(out, e)
			}
		}
		if len(out) > 0 {
			return append(out, s.listBefore(at, k)...)
		}
	}
	return out
}

// listBefore returns the entities listed before the one starting at
// token start: "the US, UNICEF and other bodies helped".
func (s *sentence) listBefore(at map[int][]entity, start int) []entity {
	var out []entity
	for {
		m := start - 1
		for m >= 0 && s.has(m, ",", "and") {
			m--
		}
		if m < 0 || m == start-1 {
			return out
		}
		var found []entity
		for q := m; q >= 0 && q >= m-6 && len(found) == 0; q-- {
			for _, e := range at[q] {
				if !e.loc && e.j == m+1 {
					found = append(found, e)
					start = q
				}
			}
		}
		if len(found) == 0 {
			return out
		}
		out = append(out, found...)
	}
}

// praisedForOther reports whether a "for" a few words after a praised
// name (ending at token j) gives a reason other than the transfer: "for
// their contributions in the defeat of ISIS", but not "for facilitating
// the repatriation" or "for their assistance", nor praise with no "for".
func (s *sentence) praisedForOther(j int) bool {
	for k := j; k < len(s.low) && k < j+12; k++ {
		if s.has(k, ".", ";") {
			return false
		}
		if s.low[k] != "for" {
			continue
		}
		for m := k + 1; m < len(s.low) && m <= k+10 && !s.has(m, ".", ";"); m++ {
			w := s.low[m]
			if s.triggerAt(m) || s.lex.helpedObjects[w] || s.lex.helpNouns[w] || s.lex.backingNouns[w] || s.lex.returnTriggers[w] || s.lex.nounTriggers[w] || s.lex.partnerVerbs[w] {
				return false
			}
		}
		return true
	}
	return false
}

// withAfterVerb reports whether token i is a verb of working together
// (with_verbs.txt) with "with" after it, within four words of the same
// phrase, and returns the place of "with". Work planned ("will cooperate
// with") or going on ("we are cooperating with") is no help with a
// transfer that happened.
func (s *sentence) withAfterVerb(i int) (int, bool) {
	if !s.lex.withVerbs[s.low[i]] || s.negatedAt(i) {
		return 0, false
	}
	for k := i - 1; strings.HasSuffix(s.low[i], "ing") && k >= 0 && k >= i-3 && !s.isPunct(k); k-- {
		if s.lex.ongoingAuxiliaries[s.low[k]] {
			return 0, false
		}
	}
	for k := i + 1; k < len(s.low) && k <= i+5; k++ {
		if s.low[k] == "with" {
			return k, true
		}
		if s.isPunct(k) || s.lex.partnerStops[s.low[k]] {
			return 0, false
		}
	}
	return 0, false
}

// matchCue reports whether the cue's words start at token i, skipping
// quotation marks ("grateful" to), and returns the token after it.
func (s *sentence) matchCue(i int, cue []string) (int, bool) {
	k := i
	for _, w := range cue {
		for k > i && k < len(s.low) && s.isQuote(k) {
			k++
		}
		if k >= len(s.low) || s.low[k] != w {
			return 0, false
		}
		k++
	}
	return k, true
}

// isQuote reports whether token i is a quotation mark.
func (s *sentence) isQuote(i int) bool {
	w := s.low[i]
	return w == "\"" || w == "'" || w == "“" || w == "”" || w == "‘"
}

// cueRegion returns the actors named after a cue, up to the end of its
// phrase. "thanked X for their cooperation and Y for assistance" names
// both X and Y: after "for", a following "and" opens the region again.
func (s *sentence) cueRegion(at map[int][]entity, start int) []entity {
	var out []entity
	paused := false
	for k := start; k < len(s.low) && k < start+30; k++ {
		w := s.low[k]
		if k > start && s.lex.partnerStops[w] {
			if w != "for" {
				break
			}
			paused = true
		}
		if paused && (w == "and" || w == "as") {
			paused = false
		}
		if paused {
			continue
		}
		for _, e := range at[k] {
			if !e.loc {
				out = append(out, e)
			}
		}
	}
	return out
}

// backingAfter reports whether a backing noun stands at token j or after
// up to two lower-case words that describe it: "(US) military support".
func (s *sentence) backingAfter(j int) bool {
	for k := j; k < len(s.low) && k <= j+2; k++ {
		if s.lex.backingNouns[s.low[k]] {
			return true
		}
		if !s.isWord(k) || s.capital(k) || s.lex.partnerStops[s.low[k]] {
			return false
		}
	}
	return false
}

// hasPartnerCue reports whether s has a phrase that introduces helpers.
func (x *Extractor) hasPartnerCue(s *sentence) bool {
	for i := range s.low {
		for _, cue := range x.partnerCues[s.low[i]] {
			if _, ok := s.matchCue(i, cue); ok {
				return true
			}
		}
		if s.low[i] == "with" && (s.lex.backingNouns[s.lowAt(i+2)] || s.lex.backingNouns[s.lowAt(i+3)]) {
			return true
		}
		if _, ok := s.withAfterVerb(i); ok {
			return true
		}
		if (s.lex.partnerVerbs[s.low[i]] && !s.triggerAt(i) || s.providedSupport(i)) && s.operationAfter(i) {
			return true
		}
	}
	return false
}

// providedSupport reports whether token i is "provided", "offered" or
// "gave" with support or assistance as its object.
func (s *sentence) providedSupport(i int) bool {
	if !s.lex.provideVerbs[s.lowAt(i)] {
		return false
	}
	for k := i + 1; k <= i+3; k++ {
		if s.lex.helpNouns[s.lowAt(k)] {
			return true
		}
	}
	return false
}

// operationAfter reports whether the operation, flight or repatriation,
// or the people it moved, are named within a few words after token i:
// "helped organise the flight", "supported the operation", "helped to
// identify the children".
func (s *sentence) operationAfter(i int) bool {
	for k := i + 1; k < len(s.low) && k <= i+7; k++ {
		if s.lex.helpedObjects[s.low[k]] || s.lex.helpedPeople[s.low[k]] {
			return true
		}
		if s.has(k, ".", ";") {
			return false
		}
	}
	return false
}

// triggerAt reports whether token i is a trigger of s.
func (s *sentence) triggerAt(i int) bool {
	for _, t := range s.triggers {
		if t.i == i {
			return true
		}
	}
	return false
}

// inOrg reports whether token i is part of an organisation name.
func (s *sentence) inOrg(i int) bool {
	for _, o := range s.orgs {
		if o.i <= i && i < o.j {
			return true
		}
	}
	return false
}

// needsNER reports whether a cue in s is followed by capitalised words that
// no gazetteer entry covers: only then can prose add a helper.
func (x *Extractor) needsNER(s *sentence) bool {
	covered := make([]bool, len(s.toks))
	for _, o := range s.orgs {
		for k := o.i; k < o.j; k++ {
			covered[k] = true
		}
	}
	for _, c := range s.countries {
		for k := c.i; k < c.j; k++ {
			covered[k] = true
		}
	}
	for i := range s.low {
		var ends []int
		for _, cue := range x.partnerCues[s.low[i]] {
			if end, ok := s.matchCue(i, cue); ok {
				ends = append(ends, end)
			}
		}
		if k, ok := s.withAfterVerb(i); ok {
			ends = append(ends, k+1)
		}
		for _, end := range ends {
			for k := end; k < len(s.low) && k < end+25; k++ {
				if k > end && s.lex.partnerStops[s.low[k]] && s.low[k] != "for" {
					break
				}
				if !covered[k] && !s.isPunct(k) && s.capital(k) {
					return true
				}
			}
		}
	}
	return false
}
