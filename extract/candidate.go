package extract

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// Candidate kinds are the scored tuple kinds (ScoreKinds).

// candidate is one value offered for an event: either by the rules that
// assembled the event, or by a proposer that looks beyond the sentences
// with a trigger word (follow-up sentences, origins named once, helpers
// named anywhere near). The model decides which candidates stand.
type candidate struct {
	event   int    // index into Proposal.Events: the event it was found for
	country string // whose value it would be: the event's country or another named near it
	kind    string // count, date, from, partner, operation
	group   string // counts: total, women, ...
	value   string // count in decimal, date, ISO code, partner id, operation name
	qual    string // counts: about, more_than, ...
	name    string // partners: the name to report
	own     string // counts: the nationality the count's own words state ("six Canadian citizens")
	// What the rules' clause analysis says of a count they did not take:
	// whether its clause has an affirmed trigger, whether the count is
	// linked to it, and whose nationals the clause names.
	clauseTrigger, linked bool
	clauseCountry         string
	moved                 bool // counts: "ten repatriated children"
	sent                  int  // the sentence the evidence stands in
	evidence              []Evidence
	byRule                bool     // the rules put it in the event
	followUp              bool     // partners: its sentence names no transfer, but follows one
	feats                 []string // computed once in Propose
}

// tupleKey identifies what a candidate says for the scorer: two candidates
// with one key are one value however many sentences state it.
func (c candidate) tupleKey() string {
	if c.kind == "count" {
		return c.kind + "|" + c.group + "|" + c.value
	}
	return c.kind + "|" + c.value
}

// Proposal is what the rules and proposers offer for one article, before
// a Model decides: the document, its mentions, the events the rules built
// (Events, rules alone) and every candidate value for them.
type Proposal struct {
	SourceID  string
	Published string
	Document  Document
	Mentions  []Mention
	Events    []Event
	stated    []bool // Events[i] names its country itself, not by the article's main country
	cands     []candidate
}

// maxFollowUp is how many sentences after an event's last evidence a
// follow-up sentence may stand and still offer values for it ("The group
// is made up of 12 men, 40 women and 90 children").
const maxFollowUp = 4

// propose lists the candidates for the events the rules built: their own
// values first, then what the sentences around them state.
func (x *Extractor) propose(sents []*sentence, events []Event, main string, pub time.Time) []candidate {
	var cands []candidate
	for k, ev := range events {
		cands = append(cands, x.ruleCandidates(k, ev, sents)...)
	}
	bySent := sentenceOf(sents)
	last := make([]int, len(events))  // last sentence with evidence
	first := make([]int, len(events)) // first sentence with evidence
	for k, ev := range events {
		first[k], last[k] = len(sents), -1
		for _, e := range ev.Evidence {
			i := bySent(e.Sentence.Start)
			first[k], last[k] = min(first[k], i), max(last[k], i)
		}
	}
	// owner gives a sentence to the event whose evidence precedes it most
	// closely (or, before any, the first event), and to an event of the
	// country the sentence's own words name when there is one.
	owner := func(i int, country string) int {
		best := -1
		for k := range events {
			if country != "" && events[k].Country != country {
				continue
			}
			if first[k] <= i && (best < 0 || first[k] >= first[best]) {
				best = k
			}
		}
		if best < 0 {
			for k := range events {
				if country == "" || events[k].Country == country {
					best = k
					break
				}
			}
		}
		// A sentence far from every event still offers its values, to
		// no event: the model may start one from them.
		if best < 0 || i > last[best]+maxFollowUp || i < first[best]-1 {
			return -1
		}
		return best
	}
	for i, s := range sents {
		counts := s.findCounts()
		for _, c := range counts {
			k := owner(i, c.country)
			cand := candidate{
				event: k, kind: "count", group: c.group, value: strconv.Itoa(c.value), qual: c.qual, sent: i, own: c.country, moved: c.moved,
				evidence: []Evidence{*s.evidence("counts."+c.group, s.spanOf(c.i, c.j), c.rule)},
			}
			shared := false
			for _, cl := range s.clauses() {
				a, b := cl[0], cl[1]
				if c.i < a || c.i >= b {
					continue
				}
				var trig *trigger
				for t := range s.triggers {
					if s.triggers[t].i >= a && s.triggers[t].i < b && !s.triggers[t].negated {
						trig = &s.triggers[t]
						break
					}
				}
				cand.clauseTrigger = trig != nil
				cand.linked = s.countLinked(c, a, b)
				shared = c.country == "" && s.jointSubject(a, b, trig)
				cand.clauseCountry, _, _ = x.clauseCountry(s, a, b, trig, []countHit{c})
			}
			// Outside a transfer's clause, people held are no one's
			// transfer: "81 women are detained in the camps".
			if (!cand.clauseTrigger || !cand.linked) && !c.moved && s.heldAfter(c.j) {
				continue
			}
			// People of several countries are no one country's count:
			// "handed over 171 women and 177 children to their countries".
			if shared {
				continue
			}
			cands = append(cands, cand)
		}
		// Operation names are rare and cheap to look for; dates, places
		// and partners only join events, so a sentence far from every
		// event offers them only beside counts of its own.
		for _, o := range x.findOperations(s) {
			k := owner(i, "")
			cands = append(cands, candidate{event: k, kind: "operation", value: o.name, sent: i,
				evidence: []Evidence{*s.evidence("operation", o.span, o.rule)}})
		}
		if owner(i, "") < 0 && len(counts) == 0 {
			continue
		}
		for _, d := range x.findDates(s, pub) {
			// The day a transfer was announced does not date it.
			if d.value == "" || d.multi || d.since || d.announce {
				continue
			}
			k := owner(i, "")
			cands = append(cands, candidate{event: k, kind: "date", value: d.value, sent: i,
				evidence: []Evidence{*s.evidence("date", d.span, d.rule)}})
		}
		for _, f := range s.findFrom(x.countries) {
			k := owner(i, "")
			cands = append(cands, candidate{event: k, kind: "from", value: f.code, sent: i,
				evidence: []Evidence{*s.evidence("from", f.span, f.rule)}})
		}
		// Help named in a sentence about no transfer is praise, not a part
		// in this one: "UNICEF has helped thousands of children". Only
		// after a transfer (within maxFollowUp sentences) does such a
		// sentence offer the subject of a helping verb, marked for the
		// model: "The Red Cross, for its part, helped to identify them".
		followUp := !s.hasEventTrigger() && !s.aboutOperation()
		for _, p := range s.findPartners(x.partnerCues) {
			k := owner(i, "")
			if followUp && (p.verb == "" || k < 0) {
				continue
			}
			if k >= 0 && (p.id == events[k].Country || p.country != "" && p.country == events[k].Country) {
				continue
			}
			cands = append(cands, candidate{event: k, kind: "partner", value: p.id, name: p.name, sent: i, followUp: followUp,
				evidence: []Evidence{*s.evidence("partners", p.span, p.rule)}})
		}
	}
	// Origins are often named once ("from Syria", a camp's name) far from
	// the event: each place people are held in offers itself to every
	// event, from its first mention.
	seen := map[string]bool{}
	for i, s := range sents {
		for _, c := range s.countries {
			if !c.hold || seen[c.code] || c.kind != "name" && c.kind != "place" {
				continue
			}
			seen[c.code] = true
			for k, ev := range events {
				if ev.Country == c.code {
					continue
				}
				cands = append(cands, candidate{event: k, kind: "from", value: c.code, sent: i,
					evidence: []Evidence{*s.evidence("from", s.spanOf(c.i, c.j), "from.held_place")}})
			}
		}
	}
	return dedupe(x.otherCountries(sents, events, main, cands))
}

// otherCountries offers each value found beyond the rules to the other
// countries it may belong to as well: those whose nationals or state its
// sentence names ("Five women and 14 children were handed over to the
// Albanian government"), and those the rules built events for. Which one
// it belongs to, if any, is the model's decision.
func (x *Extractor) otherCountries(sents []*sentence, events []Event, main string, cands []candidate) []candidate {
	article := map[string]bool{}
	var order []string
	if main != "" {
		article[main] = true
		order = append(order, main)
	}
	for _, ev := range events {
		if !article[ev.Country] {
			article[ev.Country] = true
			order = append(order, ev.Country)
		}
	}
	out := make([]candidate, 0, 2*len(cands))
	for _, c := range cands {
		if c.country == "" && c.event >= 0 {
			c.country = events[c.event].Country
		}
		if c.country != "" && c.country != c.value {
			out = append(out, c)
		}
		if c.byRule {
			continue
		}
		offered := map[string]bool{c.country: true}
		offer := func(code string) {
			if offered[code] || code == c.value {
				return
			}
			offered[code] = true
			alt := c
			alt.country = code
			out = append(out, alt)
		}
		for _, h := range sents[c.sent].countries {
			if !h.hold && h.kind != "place" {
				offer(h.code)
			}
		}
		for _, code := range order {
			offer(code)
		}
	}
	return out
}

// aboutOperation reports whether s speaks of an operation, a flight or a
// transfer, so that help it names may be help with one.
func (s *sentence) aboutOperation() bool {
	for _, w := range s.low {
		if s.lex.operationNouns[w] || s.lex.transportNouns[w] || s.lex.nounTriggers[w] {
			return true
		}
	}
	return false
}

// dedupe keeps one candidate per event, value and evidence span: a rule's
// value found again by a proposer stays the rule's.
func dedupe(cands []candidate) []candidate {
	seen := map[string]bool{}
	out := cands[:0]
	for _, c := range cands {
		k := c.country + "|" + strconv.Itoa(c.event) + "|" + c.tupleKey() + "|" + strconv.Itoa(c.evidence[0].Span.Start)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, c)
	}
	return out
}

// sentenceOf returns a function from a sentence's start offset to its index.
func sentenceOf(sents []*sentence) func(start int) int {
	return func(start int) int {
		k := sort.Search(len(sents), func(i int) bool { return sents[i].span.Start >= start })
		if k == len(sents) {
			k = len(sents) - 1
		}
		return max(k, 0)
	}
}

// ruleCandidates turns the values the rules put in event k into
// candidates, each with its evidence rows.
func (x *Extractor) ruleCandidates(k int, ev Event, sents []*sentence) []candidate {
	bySent := sentenceOf(sents)
	rows := func(field string) []Evidence {
		var out []Evidence
		for _, e := range ev.Evidence {
			if e.Field == field {
				out = append(out, e)
			}
		}
		return out
	}
	mk := func(kind, group, value string, evs []Evidence) candidate {
		c := candidate{event: k, country: ev.Country, kind: kind, group: group, value: value, byRule: true, evidence: evs}
		if len(evs) > 0 {
			c.sent = bySent(evs[0].Sentence.Start)
		}
		return c
	}
	var out []candidate
	for _, g := range sortedKeys(ev.Counts) {
		c := mk("count", g, strconv.Itoa(ev.Counts[g]), rows("counts."+g))
		c.qual = ev.Qualifiers[g]
		out = append(out, c)
	}
	if ev.Date != "" {
		out = append(out, mk("date", "", ev.Date, rows("date")))
	}
	if ev.Operation != "" {
		out = append(out, mk("operation", "", ev.Operation, rows("operation")))
	}
	// Places and partners have a row each: pair rows with values by what
	// the row's words name.
	froms := rows("from")
	for _, code := range ev.From {
		var mine []Evidence
		for _, e := range froms {
			if x.codeOf(e) == code {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 && len(froms) > 0 {
			mine = froms[:1]
		}
		out = append(out, mk("from", "", code, mine))
	}
	parts := rows("partners")
	for i, p := range ev.Partners {
		var mine []Evidence
		for _, e := range parts {
			if e.Text == p.Name || fold(e.Text) == fold(p.ID) {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 && i < len(parts) {
			mine = parts[i : i+1]
		}
		c := mk("partner", "", p.ID, mine)
		c.name = p.Name
		out = append(out, c)
	}
	// A value with no row of its own cannot be shown to a reviewer; the
	// rules always give one, but keep the invariant here too.
	kept := out[:0]
	for _, c := range out {
		if len(c.evidence) > 0 {
			kept = append(kept, c)
		}
	}
	return kept
}

// codeOf returns the country an evidence row's words name, or "".
func (x *Extractor) codeOf(e Evidence) string {
	s := newSentence(e.Text, 0, Span{0, len(e.Text)})
	s.lex = x.lex // findCountries reads masking_names
	s.findCountries(x.countries)
	if len(s.countries) == 0 {
		return ""
	}
	return s.countries[0].code
}

// rowsWithout drops the evidence rows of fields a decision rebuilds.
func rowsWithout(evs []Evidence) []Evidence {
	var out []Evidence
	for _, e := range evs {
		switch {
		case e.Field == "country", e.Field == "event":
			out = append(out, e)
		case strings.HasPrefix(e.Field, "counts."), e.Field == "date", e.Field == "from", e.Field == "partners", e.Field == "operation":
		default:
			out = append(out, e)
		}
	}
	return out
}

// heldAfter reports whether the words after a count, up to a trigger or
// the clause's end, say its people are held or did something else: "81
// women are detained in the camps", "84 mothers who are still in
// detention".
func (s *sentence) heldAfter(j int) bool {
	for k := j; k < len(s.low) && k < j+6; k++ {
		if s.triggerAt(k) || s.lex.clauseBreaks[s.low[k]] {
			return false
		}
		if s.lex.heldVerbs[s.low[k]] || s.lex.countBlockers[s.low[k]] {
			return true
		}
	}
	return false
}
