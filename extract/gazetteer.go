package extract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// countryEntry lists how news text names one country: names (short and
// official forms, its own name first), adjectives ("Kyrgyz", "Tajik") and
// nouns for its people ("Uzbeks", "Kosovars"). Acronyms are matched
// case-sensitively. It is a line of lexicon/<event>/countries.txt.
type countryEntry struct {
	code      string
	names     []string
	adjs      []string
	people    []string
	acronyms  []string
	holdPlace bool // a place nationals are held in (Syria, Iraq, ...)
}

// countryForm is one gazetteer form of a country.
type countryForm struct {
	code string
	kind string // name, adj, people
}

// countryGazetteer maps token sequences to countries: lower-case keys for
// names and demonyms (the source must be capitalised), exact keys for
// acronyms.
type countryGazetteer struct {
	folded  map[string]countryForm
	exact   map[string]countryForm
	hold    map[string]bool
	names   map[string]string // code -> first name
	byName  map[string]string // lower-case name, single-spaced -> code (CountryCode)
	maxToks int
	starts  map[string]bool // first tokens of folded and exact keys
}

// newCountryGazetteer builds the country gazetteer from the countries,
// capitals and held places of a lexicon. A form two entries share keeps
// the first: country forms, then capitals, then places.
func newCountryGazetteer(countries []countryEntry, capitals, heldPlaces []gazEntry) *countryGazetteer {
	g := &countryGazetteer{folded: map[string]countryForm{}, exact: map[string]countryForm{}, hold: map[string]bool{},
		names: map[string]string{}, byName: map[string]string{}, starts: map[string]bool{}}
	add := func(m map[string]countryForm, form string, f countryForm) {
		key, exact, n := formKeys(form)
		if f.kind == "acronym" {
			key, f.kind = exact, "name"
		}
		g.maxToks = max(g.maxToks, n)
		first, _, _ := strings.Cut(key, " ")
		g.starts[first] = true
		if _, ok := m[key]; !ok {
			m[key] = f
		}
	}
	for _, c := range countries {
		g.names[c.code] = c.names[0]
		g.hold[c.code] = c.holdPlace
		for _, n := range c.names {
			add(g.folded, n, countryForm{c.code, "name"})
			if k := foldName(n); g.byName[k] == "" {
				g.byName[k] = c.code
			}
		}
		for _, n := range c.adjs {
			add(g.folded, n, countryForm{c.code, "adj"})
		}
		for _, n := range c.people {
			add(g.folded, n, countryForm{c.code, "people"})
		}
		for _, n := range c.acronyms {
			add(g.exact, n, countryForm{c.code, "acronym"})
		}
	}
	for _, c := range capitals {
		for _, n := range c.aliases {
			add(g.folded, n, countryForm{c.id, "capital"})
		}
	}
	for _, p := range heldPlaces {
		for _, n := range p.aliases {
			add(g.folded, n, countryForm{p.id, "place"})
		}
	}
	return g
}

// formKeys returns the folded and the exact key that a sentence made of
// form produces, so gazetteer keys and sentence keys agree.
func formKeys(form string) (folded, exact string, n int) {
	s := newSentence(form, 0, Span{0, len(form)})
	n = len(s.toks)
	return s.key(0, n), s.exactKey(0, n), n
}

// orgForm is a gazetteer hit for an organisation.
type orgForm struct {
	id string
}

// orgGazetteer maps folded token sequences to organisations.
type orgGazetteer struct {
	forms   map[string]orgForm
	exact   map[string]bool // acronym forms, matched case-sensitively
	acronym map[string]bool // folded keys of acronym forms
	maxToks int
	starts  map[string]bool // first tokens of folded keys
}

// newOrgGazetteer builds the partner gazetteer from the organisations of
// a lexicon (lexicon/<event>/organisations.txt).
func newOrgGazetteer(orgs []gazEntry) *orgGazetteer {
	g := &orgGazetteer{forms: map[string]orgForm{}, exact: map[string]bool{}, acronym: map[string]bool{}, starts: map[string]bool{}}
	for _, o := range orgs {
		for _, a := range o.aliases {
			key, exact, n := formKeys(a)
			g.forms[key] = orgForm{o.id}
			first, _, _ := strings.Cut(key, " ")
			g.starts[first] = true
			if strings.ToUpper(a) == a {
				g.exact[exact] = true
				g.acronym[key] = true
			}
			g.maxToks = max(g.maxToks, n)
		}
	}
	return g
}

// normalizeKey maps typographic apostrophes and hyphens to ASCII so that
// "Children’s" and "Children's" share one key.
func normalizeKey(s string) string {
	if isASCII(s) || !strings.ContainsAny(s, "’‘‑–“”") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘':
			return '\''
		case '‑', '–':
			return '-'
		case '“', '”':
			return '"'
		}
		return r
	}, s)
}

// isASCII reports whether s has only ASCII bytes: most tokens, and none
// holds a typographic quote or dash. It is cheaper than ContainsAny with
// non-ASCII runes, which decodes every rune of s.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// PartnerIDs is the set of partner ids an Extractor's gazetteers give:
// each organisation's id, each country's ISO code (a state as partner) and
// each country's national Red Cross and Red Crescent society. A reviewer's
// correction may name these, so a typo cannot become a partner. The zero
// value holds no id. It is a plain value, safe to share: nothing changes
// it after New.
type PartnerIDs struct {
	list []string        // organisation ids and country codes, sorted
	set  map[string]bool // list, plus "<Country> Red Cross|Crescent"
}

// newPartnerIDs lists the partner ids of a lexicon's organisations and
// the country gazetteer. A national society's id is the country's first
// name followed by "Red Cross" or "Red Crescent".
func newPartnerIDs(orgs []gazEntry, countries *countryGazetteer) PartnerIDs {
	p := PartnerIDs{set: map[string]bool{}}
	add := func(id string) {
		if !p.set[id] {
			p.set[id] = true
			p.list = append(p.list, id)
		}
	}
	for _, o := range orgs {
		add(o.id)
	}
	for code := range countries.names {
		add(code)
	}
	slices.Sort(p.list)
	for _, name := range countries.names {
		p.set[name+" Red Cross"] = true
		p.set[name+" Red Crescent"] = true
	}
	return p
}

// List returns the organisation ids and country codes, sorted. National
// societies, whose ids are built from a country's name, are not listed;
// Contains accepts them.
func (p PartnerIDs) List() []string { return slices.Clone(p.list) }

// Contains reports whether id is one of List, or a national society such
// as "Kazakhstan Red Crescent". Case matters: ids are stored as listed.
func (p PartnerIDs) Contains(id string) bool { return p.set[id] }

// PartnerIDs returns the partner ids of x's gazetteers, for checking a
// reviewer's corrections.
func (x *Extractor) PartnerIDs() PartnerIDs { return x.partnerIDs }
