package extract

import (
	"slices"
	"strings"
)

// operationNear reports whether an operation or mission stands within a
// few words of token i and the sentence is about bringing people back.
func (s *sentence) operationNear(i int) bool {
	near := false
	for k := max(0, i-8); k < len(s.low) && k <= i+8; k++ {
		near = near || s.lex.operationNouns[s.low[k]]
	}
	if !near {
		return false
	}
	for _, w := range s.low {
		if s.lex.transferContext[w] {
			return true
		}
	}
	return false
}

// findTriggers records the trigger words of s and whether a plan, call or
// denial governs each.
func (s *sentence) findTriggers() {
	for i, w := range s.low {
		kind := ""
		switch {
		case s.lex.returnTriggers[w]:
			kind = "return"
			if s.lex.nounReturnTriggers[w] {
				kind = "noun"
			}
		case s.lex.handoverTriggers[w]:
			kind = "handover"
		case s.lex.followedTriggers[w] && s.has(i+1, "of", "to", "home"):
			kind = "return"
		case s.lex.overTriggers[w] && s.has(i+1, "over"):
			// "AANES hands over 96 women", "turned over to U.S. custody"
			kind = "handover"
		case s.lex.determinedTriggers[w] && s.has(i-1, "the", "this"):
			kind = "return"
		case s.lex.jointTransports[w] && s.has(i-1, "same") && s.has(i-3, "on"):
			// "two Dutch women were on the same flight"
			kind = "return"
		case s.lex.particleTriggers[w] && s.particleAfter(i):
			kind = "return"
		case s.lex.passiveTriggers[w] && (s.has(i-1, "were", "was", "been", "be", "are", "is") || s.peopleCountAfter(i)):
			// "221 Indonesians were expelled from Turkey"
			kind = "return"
		case s.lex.receiveVerbs[w] && (s.fromHoldAfter(i) || s.peopleCountAfter(i)):
			// "Iraq received 150 families from al-Hol", "the delegation
			// received 69 children and 27 women"
			kind = "return"
		case s.lex.departVerbs[w] && s.holdPlaceAfter(i):
			// "173 Iraqi families left the Hol camp"
			kind = "return"
		case (s.lex.particleTriggers[w] || s.lex.transportNouns[w]) && s.homeDestinationAfter(i):
			// "were flown to Moscow", "the flight from Beirut to Tirana"
			kind = "return"
		case s.lex.operationVerbs[w] && s.operationNear(i):
			kind = "operation"
		}
		if kind == "" {
			continue
		}
		s.triggers = append(s.triggers, trigger{i: i, kind: kind, negated: s.negatedAt(i)})
	}
}

// peopleCountAfter reports whether a count of people is the object of
// the verb at token i: "received 69 children", "received the four".
func (s *sentence) peopleCountAfter(i int) bool {
	for _, c := range s.findCounts() {
		if c.i == i+1 || c.i == i+2 && s.has(i+1, "the", "another", "all") {
			return true
		}
	}
	return false
}

// particleAfter reports whether "home", "back", "down" or "out of" follows
// token i within a few words, as in "brought 231 of its citizens home".
func (s *sentence) particleAfter(i int) bool {
	// "bring French children and mothers who were in camps in
	// north-east Syria back": a relative clause in the object stretches it.
	reach := 7
	if slices.Contains(s.low[i+1:min(i+8, len(s.low))], "who") {
		reach = 16
	}
	for k := i + 1; k < len(s.low) && k <= i+reach; k++ {
		if s.lex.homeParticles[s.low[k]] || s.has(k, "out") && s.has(k+1, "of") {
			// "flown out of Syria"
			return true
		}
		if s.isPunct(k) && s.low[k] != "-" {
			return false
		}
	}
	return false
}

// homeDestinationAfter reports whether "to" and a country or capital that
// people are not held in follow token i within a few words of the same
// clause: "flown to Moscow", "brought to Almaty by plane", "a flight from
// Beirut to Tirana". A place people are held in ("flown to Syria") is a
// journey out, not home.
func (s *sentence) homeDestinationAfter(i int) bool {
	for k := i + 1; k < len(s.low) && k <= i+6; k++ {
		if s.isPunct(k) && s.low[k] != "-" {
			return false
		}
		if !s.has(k, "to") {
			continue
		}
		m := k + 1
		if s.has(m, "the") {
			m++
		}
		c, ok := s.countryAt(m)
		return ok && !c.hold && (c.kind == "name" || c.kind == "capital")
	}
	return false
}

// fromHoldAfter reports whether "from" and a place people are held in, or
// the forces that hold them, follow token i in its clause: "received 150
// families from al-Hol", "received 20 women from the SDF". "in" and a
// place people are held in says where the received came from as well:
// "received five orphans stranded in the north-east of Syria".
func (s *sentence) fromHoldAfter(i int) bool {
	for k := i + 1; k < len(s.low) && k <= i+10; k++ {
		if s.has(k, ".", ";") {
			return false
		}
		from := s.has(k, "from")
		if !from && !s.has(k, "in") {
			continue
		}
		for m := k + 1; m < len(s.low) && m <= k+5; m++ {
			if s.heldPlaceAt(m) {
				return true
			}
			for _, o := range s.orgs {
				if from && o.i == m && s.lex.holders[o.id] {
					return true
				}
			}
		}
		if from {
			return false
		}
	}
	return false
}

// holdPlaceAfter reports whether a place people are held in follows
// token i within a few words of its clause: "left the Hol camp", "left
// northeast Syria".
func (s *sentence) holdPlaceAfter(i int) bool {
	for k := i + 1; k < len(s.low) && k <= i+4; k++ {
		if s.isPunct(k) || s.has(k, "for", "to", "towards") {
			// "left for Syria" is the journey out
			return false
		}
		if s.heldPlaceAt(k) {
			return true
		}
	}
	return false
}

// heldPlaceAt reports whether token i starts the name of a country or
// place people are held in ("Syria", "al-Hol"), not an adjective.
func (s *sentence) heldPlaceAt(i int) bool {
	c, ok := s.countryAt(i)
	return ok && c.hold && (c.kind == "name" || c.kind == "place")
}

// negatedAt reports whether a plan, wish, call or denial governs the
// trigger at token i ("will repatriate", "waiting to be repatriated",
// "calls for repatriation"), or the people came back by themselves
// ("returned on their own") or went elsewhere ("returned to a third
// country"). "were able to return" is not negated.
func (s *sentence) negatedAt(i int) bool {
	if s.notHomeAfter(i) {
		return true
	}
	if s.modalSubject(i) {
		return true
	}
	// "has received no citizens", "repatriated nobody"
	if s.has(i+1, "no", "none", "nobody", "noone") || s.has(i+1, "back", "home") && s.has(i+2, "no", "none", "nobody") {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		w := s.low[k]
		// ", taking back 19 women": a participle after a comma starts a
		// clause of its own.
		if w == "." || w == ";" || w == ":" || w == "," && (k < i-1 || strings.HasSuffix(s.low[i], "ing")) {
			return false
		}
		// "aged 6 to 16": a range, not a plan's "to".
		if w == "to" && (s.lex.fixedToWords[s.lowAt(k-1)] || s.isNumber(k-1) && s.isNumber(k+1)) {
			continue
		}
		// "conducted a new operation to bring children back": the
		// operation's purpose, negated only as the operation is
		// ("preparing for the final operation to evacuate").
		if w == "to" && s.lex.operationNouns[s.lowAt(k-1)] {
			return s.negatedAt(k - 1)
		}
		// "children born to Kyrgyz parents were repatriated": a finite
		// verb after "to" makes it a preposition, not a plan's "to
		// repatriate".
		if w == "to" && s.finiteBetween(k+1, i) {
			continue
		}
		if w == "for" && !s.lex.nounTriggers[s.low[i]] || w == "may" && s.capital(k) {
			continue
		}
		if s.lex.negators[w] {
			return true
		}
	}
	return false
}

// finiteBetween reports whether tokens [a, b) hold a finite auxiliary.
func (s *sentence) finiteBetween(a, b int) bool {
	for k := a; k < b; k++ {
		if s.has(k, "was", "were", "is", "are", "has", "had") {
			return true
		}
	}
	return false
}

// modalSubject reports whether the trigger at token i is a gerund or a
// noun whose phrase is the subject of a modal verb: "said repatriating
// the 43 women serving time in Iraqi jails would be an uphill battle",
// "the repatriation of these two children should not be delayed" weigh
// a plan. "are returning", "after returning", "concerned about the
// return" are not subjects.
func (s *sentence) modalSubject(i int) bool {
	start := i
	switch {
	case strings.HasSuffix(s.low[i], "ing"):
	case s.lex.nounTriggers[s.low[i]] && s.has(i-1, "the"):
		start = i - 1
	default:
		return false
	}
	if start > 0 && !s.has(start-1, "said", "says", "that", ",", "\"", "“") {
		return false
	}
	for k := i + 1; k < len(s.low) && k <= i+12; k++ {
		if s.has(k, ".", ";", ":", ",", "and", "who", "which") || s.finiteBetween(k, k+1) {
			return false
		}
		if s.lex.modalVerbs[s.low[k]] {
			return true
		}
	}
	return false
}

// notHomeAfter reports whether the clause of the trigger at token i says
// the people came back by themselves ("returned to the Netherlands,
// mainly on their own") or went to another state ("have returned to a
// third country").
func (s *sentence) notHomeAfter(i int) bool {
	for k := i + 1; k < len(s.low) && k <= i+10; k++ {
		if s.has(k, ".", ";", ":") {
			return false
		}
		if s.phraseAt(k, s.lex.selfReturns) > 0 || s.phraseAt(k, s.lex.elsewhereReturns) > 0 {
			return true
		}
	}
	return false
}

// hasEventTrigger reports whether s states a transfer that happened.
func (s *sentence) hasEventTrigger() bool {
	for _, t := range s.triggers {
		if !t.negated {
			return true
		}
	}
	return false
}

// nearestTrigger returns the trigger closest to token i.
func (s *sentence) nearestTrigger(i int) (trigger, bool) {
	best, found := trigger{}, false
	for _, t := range s.triggers {
		if !found || abs(t.i-i) < abs(best.i-i) {
			best, found = t, true
		}
	}
	return best, found
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
