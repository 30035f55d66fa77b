package extract

import (
	"sort"
	"strings"
	"unicode"
)

// building is an event under assembly.
type building struct {
	ev       Event
	first    int // byte offset of its first evidence
	explicit bool
	dated    bool
	joint    bool         // shares the main event's date and places
	sents    map[int]bool // sentences that contributed
	last     int          // index of the last sentence that contributed
}

// glossOperations maps glossed names to the name they translate: after
// "Operation Dobro (Good Deed)", "Operation Good Deed" is Dobro.
func glossOperations(parts []*partial) {
	gloss := map[string]string{}
	for _, p := range parts {
		for _, o := range p.ops {
			if o.gloss != "" {
				gloss[fold(o.gloss)] = o.name
			}
		}
	}
	for _, p := range parts {
		for k, o := range p.ops {
			if n, ok := gloss[fold(o.name)]; ok {
				p.ops[k].name = n
			}
		}
	}
}

// assemble merges partials into events: one event per operation, however
// often the title, lead and body repeat it.
//
// Partials with counts come first, in text order: each joins an event of
// the same country and kind whose counts and date agree with it and that
// it is linked to (an equal count, or parts that fit a total); otherwise it
// starts a new event. Partials without counts then add their date,
// partners, places and operation name to the main event (the first event
// of the article's main country), or to the latest event of the country
// they name; a dated one that does not fit starts a date-only event.
func assemble(parts []*partial, main mainCountryRef, hold *fromHit, holdSent *sentence) (events []Event, stated []bool) {
	var evs []*building
	countryOf := func(p *partial) (string, *Evidence) {
		if p.country != "" {
			return p.country, p.countryEv
		}
		if main.code == "" {
			return "", nil
		}
		if main.ev != nil {
			ev := *main.ev
			ev.Rule = "country.main"
			return main.code, &ev
		}
		return main.code, main.sent.evidence("country", main.sent.spanOf(main.hit.i, main.hit.j), "country.main")
	}
	for _, p := range parts {
		if len(p.counts) == 0 {
			continue
		}
		code, cev := countryOf(p)
		// "Russia repatriated 27 children ... Thirty had already been
		// repatriated in December": a sentence naming no country goes on
		// with the country of the sentence just before it, where that
		// sentence told one country's transfer.
		if p.country == "" {
			if b := previousTransfer(evs, p.sent.idx); b != nil {
				ev := *firstEvidence(b.ev, "country")
				ev.Rule = "country.previous_sentence"
				code, cev = b.ev.Country, &ev
			}
		}
		if code == "" {
			continue
		}
		var target *building
		for _, b := range evs {
			if b.ev.Country == code && b.ev.Aggregate == p.aggregate && fits(b, p) {
				target = b
				break
			}
		}
		if target == nil {
			target = newBuilding(code, cev, p)
			evs = append(evs, target)
		}
		target.add(p)
	}
	mainEvent := func(code string) *building {
		for _, b := range evs {
			if b.ev.Country == code && !b.ev.Aggregate {
				return b
			}
		}
		for _, b := range evs {
			if b.ev.Country == code {
				return b
			}
		}
		return nil
	}
	// The main country is the one of the transfer with a stated
	// nationality that most sentences tell, the first on a tie; the
	// article-wide vote only decides when none has one.
	// A country that joined another's operation ("with Germany, which on
	// the same flight evacuated ...") is not the article's.
	var best *building
	for _, b := range evs {
		if b.explicit && !b.joint && (best == nil || len(b.sents) > len(best.sents)) {
			best = b
		}
	}
	if best != nil && best.ev.Country != main.code {
		main = mainCountryRef{code: best.ev.Country, ev: firstEvidence(best.ev, "country")}
	}
	for _, p := range parts {
		if len(p.counts) > 0 {
			continue
		}
		code, cev := countryOf(p)
		if code == "" {
			continue
		}
		target := mainEvent(code)
		if p.country != "" && p.country != main.code {
			target = nil
			for _, b := range evs {
				if b.ev.Country == code && b.first <= p.sent.span.Start {
					target = b
				}
			}
		}
		if p.hasDate && p.eventful && p.verbTrig && !p.aggregate {
			if target == nil || p.other || !compatibleDates(target.ev.Date, p.date.value) {
				b := newBuilding(code, cev, p)
				b.add(p)
				evs = append(evs, b)
				continue
			}
		}
		if target != nil {
			target.add(p)
		}
	}
	if m := mainEvent(main.code); m != nil && len(m.ev.From) == 0 && hold != nil {
		// The article's main transfer comes from where the article says
		// its people are held, when its own sentences do not say.
		m.ev.From = append(m.ev.From, hold.code)
		m.ev.Evidence = append(m.ev.Evidence, *holdSent.evidence("from", hold.span, hold.rule))
	}
	if m := mainEvent(main.code); m != nil {
		for _, b := range evs {
			if !b.joint || b == m {
				continue
			}
			if b.ev.Date == "" && m.ev.Date != "" {
				b.ev.Date = m.ev.Date
				b.ev.Evidence = append(b.ev.Evidence, evidenceFor(m.ev, "date", "date.joint_operation")...)
			}
			if len(b.ev.From) == 0 {
				b.ev.From = append(b.ev.From, m.ev.From...)
				b.ev.Evidence = append(b.ev.Evidence, evidenceFor(m.ev, "from", "from.joint_operation")...)
			}
		}
	}
	dropCoRepatriators(evs)
	events = make([]Event, 0, len(evs))
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].first < evs[j].first })
	for _, b := range evs {
		if len(b.ev.Counts) == 0 && b.ev.Date == "" {
			continue
		}
		events = append(events, b.finish())
		stated = append(stated, b.explicit)
	}
	return events, stated
}

// previousTransfer returns the event, with a country its own words
// state, whose last sentence is the one before sentence idx, or nil
// where there is none or events of several countries end there.
func previousTransfer(evs []*building, idx int) *building {
	var found *building
	for _, b := range evs {
		if !b.explicit || b.last != idx-1 {
			continue
		}
		if found != nil && found.ev.Country != b.ev.Country {
			return nil
		}
		found = b
	}
	return found
}

// dropCoRepatriators removes from each event the states that brought
// their own nationals home in the same sentence: in "a joint operation
// with Denmark, which repatriated three women", Denmark has its own event
// and did not help Germany.
func dropCoRepatriators(evs []*building) {
	own := map[string]map[int]bool{} // country -> sentence starts of its counted events
	for _, b := range evs {
		if len(b.ev.Counts) == 0 || b.ev.Aggregate {
			continue
		}
		if own[b.ev.Country] == nil {
			own[b.ev.Country] = map[int]bool{}
		}
		for _, e := range b.ev.Evidence {
			if strings.HasPrefix(e.Field, "counts.") {
				own[b.ev.Country][e.Sentence.Start] = true
			}
		}
	}
	for _, b := range evs {
		var partners []Partner
		var evidence []Evidence
		k := 0
		for _, e := range b.ev.Evidence {
			if e.Field != "partners" {
				evidence = append(evidence, e)
				continue
			}
			p := b.ev.Partners[k]
			k++
			if p.ID != b.ev.Country && own[p.ID][e.Sentence.Start] {
				continue
			}
			partners = append(partners, p)
			evidence = append(evidence, e)
		}
		if len(partners) < len(b.ev.Partners) {
			b.ev.Partners, b.ev.Evidence = partners, evidence
		}
	}
}

func newBuilding(code string, cev *Evidence, p *partial) *building {
	b := &building{
		ev: Event{
			Country:    code,
			From:       []string{},
			Counts:     map[string]int{},
			Qualifiers: map[string]string{},
			Derived:    []string{},
			Partners:   []Partner{},
			Aggregate:  p.aggregate,
		},
		first:    p.sent.span.Start,
		explicit: p.country != "",
		sents:    map[int]bool{},
		last:     p.sent.idx,
	}
	if cev != nil {
		b.ev.Evidence = append(b.ev.Evidence, *cev)
	}
	return b
}

// fits reports whether partial p can be part of event b: no count or date
// disagrees, and p is linked to b by an equal count, parts that fit a
// stated total, or the same date.
func fits(b *building, p *partial) bool {
	linked := false
	pc := map[string]int{}
	pq := map[string]string{}
	for _, c := range p.counts {
		if _, ok := pc[c.group]; !ok {
			pc[c.group], pq[c.group] = c.value, c.qual
		}
	}
	// "their nine children ... the other four were orphans": the children
	// counted before, split into those with a parent and orphans.
	if c, o := pc[GroupChildren], pc[GroupOrphans]; c > 0 && o > 0 && c+o == b.ev.Counts[GroupChildren] {
		return true
	}
	for g, v := range pc {
		if w, ok := b.ev.Counts[g]; ok {
			if w != v && !estimateOf(b.ev.Qualifiers[g], w, pq[g], v) {
				return false
			}
			linked = true
		}
	}
	if p.hasDate && b.ev.Date != "" {
		if !compatibleDates(b.ev.Date, p.date.value) {
			return false
		}
		if b.ev.Date == p.date.value {
			linked = true
		}
	}
	if linked {
		return true
	}
	// Parts that add up to a stated total exactly ("40 children, 15
	// mothers" and "the 55 returnees") link wherever they stand.
	if !p.other && !b.sents[p.sent.idx] && exactParts(b.ev.Counts, pc) {
		return true
	}
	// Parts that fit a total link only across nearby sentences: clauses of
	// one sentence were split because they tell different transfers.
	if b.sents[p.sent.idx] || p.sent.idx-b.last > 3 || p.other || p.hasDate && b.ev.Date != p.date.value {
		return false
	}
	// "three children" then "Three British orphans": orphans are children.
	if o, ok := pc[GroupOrphans]; ok && len(pc) == 1 && (b.ev.Counts[GroupChildren] >= o || b.ev.Counts[GroupTotal] >= o) {
		return true
	}

	if t, ok := b.ev.Counts[GroupTotal]; ok {
		if _, has := pc[GroupTotal]; !has && partsSum(pc) <= t {
			return true
		}
	}
	if t, ok := pc[GroupTotal]; ok {
		if _, has := b.ev.Counts[GroupTotal]; !has && partsSum(b.ev.Counts) <= t {
			return true
		}
	}
	return false
}

// exactParts reports whether one side states a total and the other parts
// of it that add up to exactly that total.
func exactParts(a, b map[string]int) bool {
	ta, okA := a[GroupTotal]
	tb, okB := b[GroupTotal]
	switch {
	case okA && !okB:
		return partsSum(b) == ta && (b[GroupChildren] > 0 && (b[GroupWomen]+b[GroupMen] > 0 || b[GroupAdults] > 0))
	case okB && !okA:
		return partsSum(a) == tb && (a[GroupChildren] > 0 && (a[GroupWomen]+a[GroupMen] > 0 || a[GroupAdults] > 0))
	}
	return false
}

// partsSum adds the parts of a group that a total covers: adults (or women
// and men) and children.
func partsSum(c map[string]int) int {
	adults := c[GroupAdults]
	if wm := c[GroupWomen] + c[GroupMen]; wm > adults {
		adults = wm
	}
	return adults + c[GroupChildren]
}

// add merges partial p into b: new counts, the first date, places,
// partners (never the home country) and the operation name, each with
// evidence.
func (b *building) add(p *partial) {
	s := p.sent
	if p.sent.span.Start < b.first {
		b.first = p.sent.span.Start
	}
	b.sents[s.idx] = true
	b.last = max(b.last, s.idx)
	b.joint = b.joint || p.joint
	if p.trig != nil {
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("event", s.toks[p.trig.i].Span, "trigger."+p.trig.kind))
	}
	if p.country != "" && !b.explicit && p.countryEv != nil {
		b.explicit = true
		b.ev.Evidence = append(b.ev.Evidence, *p.countryEv)
	}
	for _, c := range p.counts {
		if _, ok := b.ev.Counts[c.group]; ok {
			// "around 20", then the ministry's "22 citizens" (or "as many
			// as 22"): the event keeps the most precise figure.
			if q := b.ev.Qualifiers[c.group]; q == "" || c.qual != "" && (q != "about" || c.qual == "about") {
				continue
			}
			delete(b.ev.Qualifiers, c.group)
			b.dropEvidence("counts." + c.group)
		}
		b.ev.Counts[c.group] = c.value
		if c.qual != "" {
			b.ev.Qualifiers[c.group] = c.qual
		}
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("counts."+c.group, s.spanOf(c.i, c.j), c.rule))
	}
	if p.hasDate && b.ev.Date != "" && (len(p.date.value) > len(b.ev.Date) && strings.HasPrefix(p.date.value, b.ev.Date) || p.trig != nil && p.trig.kind == "return" && earlierDay(p.date.value, b.ev.Date)) {
		// "this year", then "late on Monday": keep the more precise date.
		// "arrived on Saturday", then "flown out on Friday": an operation
		// over several days takes its first day. A handover before the
		// flight is a step before the operation, not its first day.
		b.ev.Date = ""
		b.dropEvidence("date")
	}
	if p.hasDate && b.ev.Date == "" {
		b.ev.Date = p.date.value
		b.dated = true
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("date", p.date.span, p.date.rule))
	}
	for _, f := range p.from {
		if f.code == b.ev.Country || contains(b.ev.From, f.code) {
			continue
		}
		b.ev.From = append(b.ev.From, f.code)
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("from", f.span, f.rule))
	}
	for _, ph := range p.partners {
		if ph.id == b.ev.Country || ph.country == b.ev.Country && ph.country != "" {
			continue
		}
		dup := false
		for _, q := range b.ev.Partners {
			dup = dup || q.ID == ph.id
		}
		if dup {
			continue
		}
		b.ev.Partners = append(b.ev.Partners, Partner{ID: ph.id, Name: ph.name})
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("partners", ph.span, ph.rule))
		// "Iraq repatriated to Turkey 188 children": a state that hands
		// people over is where they came from.
		if ph.hold && ph.verb != "" && !contains(b.ev.From, ph.id) {
			b.ev.From = append(b.ev.From, ph.id)
			b.ev.Evidence = append(b.ev.Evidence, *s.evidence("from", ph.span, "from.handing_state"))
		}
	}
	for _, o := range p.ops {
		if b.ev.Operation != "" {
			break
		}
		b.ev.Operation = o.name
		b.ev.Evidence = append(b.ev.Evidence, *s.evidence("operation", o.span, o.rule))
	}
}

// dropEvidence removes b's evidence rows of field.
func (b *building) dropEvidence(field string) {
	kept := b.ev.Evidence[:0]
	for _, e := range b.ev.Evidence {
		if e.Field != field {
			kept = append(kept, e)
		}
	}
	b.ev.Evidence = kept
}

// estimateOf reports whether one of two figures is an estimate ("around
// 20") of the other, exact or bounded one ("22 citizens", "as many as
// 22"): within a sixth of it.
func estimateOf(qa string, a int, qb string, b int) bool {
	if qa == qb {
		return false
	}
	if qb == "about" {
		a, b = b, a
	} else if qa != "about" {
		return false
	}
	return abs(a-b)*6 <= b
}

// earlierDay reports whether a and b are both full days of one operation
// (a week apart at most) and a comes first.
func earlierDay(a, b string) bool {
	return len(a) == len("2006-01-02") && len(b) == len(a) && a < b && compatibleDates(a, b)
}

// firstEvidence returns the first evidence of a field of ev, or nil.
func firstEvidence(ev Event, field string) *Evidence {
	for _, e := range ev.Evidence {
		if e.Field == field {
			return &e
		}
	}
	return nil
}

// evidenceFor copies the evidence of one field of ev under a new rule.
func evidenceFor(ev Event, field, rule string) []Evidence {
	var out []Evidence
	for _, e := range ev.Evidence {
		if e.Field == field {
			e.Rule = rule
			out = append(out, e)
		}
	}
	return out
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// finish orders the event's lists and evidence and sets its confidence:
// higher when counts, an explicit country and a date were found, and when
// several sentences agree.
func (b *building) finish() Event {
	ev := b.ev
	sort.Strings(ev.From)
	sortEvidence(ev.Evidence)
	conf := 0.4
	if len(ev.Counts) > 0 {
		conf += 0.2
	}
	if b.explicit {
		conf += 0.15
	}
	if ev.Date != "" {
		conf += 0.1
	}
	sentences := map[int]bool{}
	for _, e := range ev.Evidence {
		sentences[e.Sentence.Start] = true
	}
	if len(sentences) > 1 {
		conf += 0.1
	}
	ev.Confidence = float64(int(conf*100+0.5)) / 100
	return ev
}

// sortEvidence orders evidence rows by where they start, then by field.
func sortEvidence(evs []Evidence) {
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].Span.Start != evs[j].Span.Start {
			return evs[i].Span.Start < evs[j].Span.Start
		}
		return evs[i].Field < evs[j].Field
	})
}

// fold normalises a name for comparison the way the scorer does: lower
// case, typographic apostrophes to ASCII, a leading "the " dropped,
// punctuation to spaces, spaces collapsed.
func fold(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "\u2019", "'")
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "the") {
		rest := s[3:]
		if t := strings.TrimLeft(rest, " \t\n\r\f\v"); len(t) < len(rest) {
			s = t
		}
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}
