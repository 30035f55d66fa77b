package extract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// countryEntry lists how news text names one country: names (short and
// official forms), adjectives ("Kyrgyz", "Tajik") and nouns for its people
// ("Uzbeks", "Kosovars"). Acronyms are matched case-sensitively.
type countryEntry struct {
	code      string
	names     []string
	adjs      []string
	people    []string
	acronyms  []string
	holdPlace bool // a place nationals are held in (Syria, Iraq, ...)
}

// countries is the country gazetteer. It leans towards the countries that
// repatriate nationals from Syria and Iraq, and the places they are held.
var countries = []countryEntry{
	{code: "SY", names: []string{"Syria", "Syrian Arab Republic"}, adjs: []string{"Syrian"}, people: []string{"Syrians"}, holdPlace: true},
	{code: "IQ", names: []string{"Iraq", "Republic of Iraq"}, adjs: []string{"Iraqi"}, people: []string{"Iraqis"}, holdPlace: true},
	{code: "LY", names: []string{"Libya"}, adjs: []string{"Libyan"}, people: []string{"Libyans"}, holdPlace: true},
	{code: "TR", names: []string{"Turkey", "Türkiye", "Turkiye", "Republic of Turkey"}, adjs: []string{"Turkish"}, people: []string{"Turks"}, holdPlace: true},
	{code: "KZ", names: []string{"Kazakhstan", "Republic of Kazakhstan"}, adjs: []string{"Kazakh", "Kazakhstani"}, people: []string{"Kazakhs", "Kazakhstanis"}},
	{code: "KG", names: []string{"Kyrgyzstan", "Kyrgyz Republic", "Kirghizia"}, adjs: []string{"Kyrgyz", "Kyrgyzstani"}, people: []string{"Kyrgyzstanis"}},
	{code: "TJ", names: []string{"Tajikistan", "Republic of Tajikistan"}, adjs: []string{"Tajik", "Tajikistani"}, people: []string{"Tajiks"}},
	{code: "UZ", names: []string{"Uzbekistan", "Republic of Uzbekistan"}, adjs: []string{"Uzbek", "Uzbekistani"}, people: []string{"Uzbeks"}},
	{code: "TM", names: []string{"Turkmenistan"}, adjs: []string{"Turkmen"}, people: []string{"Turkmens"}},
	{code: "RU", names: []string{"Russia", "Russian Federation", "Chechnya", "Dagestan", "Ingushetia", "Tatarstan"}, adjs: []string{"Russian"}, people: []string{"Russians"}},
	{code: "UA", names: []string{"Ukraine"}, adjs: []string{"Ukrainian"}, people: []string{"Ukrainians"}},
	{code: "BY", names: []string{"Belarus"}, adjs: []string{"Belarusian"}, people: []string{"Belarusians"}},
	{code: "AZ", names: []string{"Azerbaijan"}, adjs: []string{"Azerbaijani"}, people: []string{"Azerbaijanis"}},
	{code: "GE", names: []string{"Georgia"}, adjs: []string{"Georgian"}, people: []string{"Georgians"}},
	{code: "AM", names: []string{"Armenia"}, adjs: []string{"Armenian"}, people: []string{"Armenians"}},
	{code: "XK", names: []string{"Kosovo", "Republic of Kosovo"}, adjs: []string{"Kosovar", "Kosovan"}, people: []string{"Kosovars", "Kosovans"}},
	{code: "MK", names: []string{"North Macedonia", "Macedonia", "Republic of North Macedonia"}, adjs: []string{"Macedonian", "North Macedonian"}, people: []string{"Macedonians"}},
	{code: "AL", names: []string{"Albania"}, adjs: []string{"Albanian"}, people: []string{"Albanians"}},
	{code: "BA", names: []string{"Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia"}, adjs: []string{"Bosnian"}, people: []string{"Bosnians"}, acronyms: []string{"BiH"}},
	{code: "RS", names: []string{"Serbia"}, adjs: []string{"Serbian"}, people: []string{"Serbians", "Serbs"}},
	{code: "ME", names: []string{"Montenegro"}, adjs: []string{"Montenegrin"}, people: []string{"Montenegrins"}},
	{code: "HR", names: []string{"Croatia"}, adjs: []string{"Croatian"}, people: []string{"Croatians", "Croats"}},
	{code: "SI", names: []string{"Slovenia"}, adjs: []string{"Slovenian", "Slovene"}, people: []string{"Slovenians"}},
	{code: "FR", names: []string{"France", "French Republic"}, adjs: []string{"French"}, people: []string{"Frenchmen"}},
	{code: "DE", names: []string{"Germany", "Federal Republic of Germany"}, adjs: []string{"German"}, people: []string{"Germans"}},
	{code: "GB", names: []string{"United Kingdom", "Britain", "Great Britain", "England", "Scotland", "Wales"}, adjs: []string{"British", "English", "Scottish", "Welsh"}, people: []string{"Britons"}, acronyms: []string{"UK", "U.K."}},
	{code: "IE", names: []string{"Ireland", "Republic of Ireland"}, adjs: []string{"Irish"}},
	{code: "BE", names: []string{"Belgium"}, adjs: []string{"Belgian"}, people: []string{"Belgians"}},
	{code: "NL", names: []string{"Netherlands", "Holland"}, adjs: []string{"Dutch"}, people: []string{"Dutchmen"}},
	{code: "LU", names: []string{"Luxembourg"}, adjs: []string{"Luxembourgish"}},
	{code: "DK", names: []string{"Denmark"}, adjs: []string{"Danish"}, people: []string{"Danes"}},
	{code: "SE", names: []string{"Sweden"}, adjs: []string{"Swedish"}, people: []string{"Swedes"}},
	{code: "NO", names: []string{"Norway"}, adjs: []string{"Norwegian"}, people: []string{"Norwegians"}},
	{code: "FI", names: []string{"Finland"}, adjs: []string{"Finnish"}, people: []string{"Finns"}},
	{code: "IS", names: []string{"Iceland"}, adjs: []string{"Icelandic"}},
	{code: "EE", names: []string{"Estonia"}, adjs: []string{"Estonian"}},
	{code: "LV", names: []string{"Latvia"}, adjs: []string{"Latvian"}},
	{code: "LT", names: []string{"Lithuania"}, adjs: []string{"Lithuanian"}},
	{code: "PL", names: []string{"Poland"}, adjs: []string{"Polish"}, people: []string{"Poles"}},
	{code: "CZ", names: []string{"Czech Republic", "Czechia"}, adjs: []string{"Czech"}},
	{code: "SK", names: []string{"Slovakia"}, adjs: []string{"Slovak"}},
	{code: "HU", names: []string{"Hungary"}, adjs: []string{"Hungarian"}},
	{code: "RO", names: []string{"Romania"}, adjs: []string{"Romanian"}},
	{code: "BG", names: []string{"Bulgaria"}, adjs: []string{"Bulgarian"}},
	{code: "MD", names: []string{"Moldova"}, adjs: []string{"Moldovan"}},
	{code: "GR", names: []string{"Greece"}, adjs: []string{"Greek"}, people: []string{"Greeks"}},
	{code: "CY", names: []string{"Cyprus"}, adjs: []string{"Cypriot"}},
	{code: "MT", names: []string{"Malta"}, adjs: []string{"Maltese"}},
	{code: "IT", names: []string{"Italy"}, adjs: []string{"Italian"}, people: []string{"Italians"}},
	{code: "ES", names: []string{"Spain"}, adjs: []string{"Spanish"}, people: []string{"Spaniards"}},
	{code: "PT", names: []string{"Portugal"}, adjs: []string{"Portuguese"}},
	{code: "AT", names: []string{"Austria"}, adjs: []string{"Austrian"}, people: []string{"Austrians"}},
	{code: "CH", names: []string{"Switzerland"}, adjs: []string{"Swiss"}},
	{code: "US", names: []string{"United States", "United States of America", "America"}, adjs: []string{"American"}, people: []string{"Americans"}, acronyms: []string{"US", "U.S.", "USA", "U.S.A."}},
	{code: "CA", names: []string{"Canada"}, adjs: []string{"Canadian"}, people: []string{"Canadians"}},
	{code: "MX", names: []string{"Mexico"}, adjs: []string{"Mexican"}},
	{code: "BR", names: []string{"Brazil"}, adjs: []string{"Brazilian"}},
	{code: "TT", names: []string{"Trinidad and Tobago", "Trinidad"}, adjs: []string{"Trinidadian"}},
	{code: "AU", names: []string{"Australia"}, adjs: []string{"Australian"}, people: []string{"Australians"}},
	{code: "NZ", names: []string{"New Zealand"}, adjs: []string{"New Zealand"}, people: []string{"New Zealanders"}},
	{code: "MY", names: []string{"Malaysia"}, adjs: []string{"Malaysian"}, people: []string{"Malaysians"}},
	{code: "ID", names: []string{"Indonesia"}, adjs: []string{"Indonesian"}, people: []string{"Indonesians"}},
	{code: "PH", names: []string{"Philippines"}, adjs: []string{"Filipino", "Philippine"}, people: []string{"Filipinos"}},
	{code: "SG", names: []string{"Singapore"}, adjs: []string{"Singaporean"}},
	{code: "MV", names: []string{"Maldives"}, adjs: []string{"Maldivian"}, people: []string{"Maldivians"}},
	{code: "PK", names: []string{"Pakistan"}, adjs: []string{"Pakistani"}, people: []string{"Pakistanis"}},
	{code: "IN", names: []string{"India"}, adjs: []string{"Indian"}, people: []string{"Indians"}},
	{code: "BD", names: []string{"Bangladesh"}, adjs: []string{"Bangladeshi"}},
	{code: "LK", names: []string{"Sri Lanka"}, adjs: []string{"Sri Lankan"}},
	{code: "AF", names: []string{"Afghanistan"}, adjs: []string{"Afghan"}, people: []string{"Afghans"}, holdPlace: true},
	{code: "IR", names: []string{"Iran"}, adjs: []string{"Iranian"}, people: []string{"Iranians"}},
	{code: "CN", names: []string{"China"}, adjs: []string{"Chinese"}},
	{code: "JP", names: []string{"Japan"}, adjs: []string{"Japanese"}},
	{code: "KW", names: []string{"Kuwait"}, adjs: []string{"Kuwaiti"}},
	{code: "SA", names: []string{"Saudi Arabia"}, adjs: []string{"Saudi"}, people: []string{"Saudis"}},
	{code: "AE", names: []string{"United Arab Emirates"}, adjs: []string{"Emirati"}, acronyms: []string{"UAE"}},
	{code: "QA", names: []string{"Qatar"}, adjs: []string{"Qatari"}},
	{code: "JO", names: []string{"Jordan"}, adjs: []string{"Jordanian"}},
	{code: "LB", names: []string{"Lebanon"}, adjs: []string{"Lebanese"}},
	{code: "IL", names: []string{"Israel"}, adjs: []string{"Israeli"}},
	{code: "EG", names: []string{"Egypt"}, adjs: []string{"Egyptian"}, people: []string{"Egyptians"}},
	{code: "TN", names: []string{"Tunisia"}, adjs: []string{"Tunisian"}, people: []string{"Tunisians"}},
	{code: "MA", names: []string{"Morocco"}, adjs: []string{"Moroccan"}, people: []string{"Moroccans"}},
	{code: "DZ", names: []string{"Algeria"}, adjs: []string{"Algerian"}, people: []string{"Algerians"}},
	{code: "SD", names: []string{"Sudan"}, adjs: []string{"Sudanese"}},
	{code: "SO", names: []string{"Somalia"}, adjs: []string{"Somali"}},
	{code: "NG", names: []string{"Nigeria"}, adjs: []string{"Nigerian"}},
	{code: "ZA", names: []string{"South Africa"}, adjs: []string{"South African"}},
	{code: "YE", names: []string{"Yemen"}, adjs: []string{"Yemeni"}, people: []string{"Yemenis"}, holdPlace: true},
	{code: "ML", names: []string{"Mali"}, adjs: []string{"Malian"}},
	{code: "NE", names: []string{"Niger"}, adjs: []string{"Nigerien"}},
	{code: "KE", names: []string{"Kenya"}, adjs: []string{"Kenyan"}, people: []string{"Kenyans"}},
	{code: "ET", names: []string{"Ethiopia"}, adjs: []string{"Ethiopian"}},
	{code: "SN", names: []string{"Senegal"}, adjs: []string{"Senegalese"}},
	{code: "BH", names: []string{"Bahrain"}, adjs: []string{"Bahraini"}},
	{code: "OM", names: []string{"Oman"}, adjs: []string{"Omani"}},
	{code: "KR", names: []string{"South Korea"}, adjs: []string{"South Korean"}},
	{code: "TH", names: []string{"Thailand"}, adjs: []string{"Thai"}},
	{code: "VN", names: []string{"Vietnam"}, adjs: []string{"Vietnamese"}},
	{code: "MN", names: []string{"Mongolia"}, adjs: []string{"Mongolian"}},
	{code: "AR", names: []string{"Argentina"}, adjs: []string{"Argentine", "Argentinian"}},
	{code: "CO", names: []string{"Colombia"}, adjs: []string{"Colombian"}},
	{code: "VE", names: []string{"Venezuela"}, adjs: []string{"Venezuelan"}},
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
	maxToks int
	starts  map[string]bool // first tokens of folded and exact keys
}

// newCountryGazetteer builds the country gazetteer from the countries
// table and the capitals and held places of a lexicon. A form two entries
// share keeps the first: country forms, then capitals, then places.
func newCountryGazetteer(capitals, heldPlaces []gazEntry) *countryGazetteer {
	g := &countryGazetteer{folded: map[string]countryForm{}, exact: map[string]countryForm{}, hold: map[string]bool{}, names: map[string]string{}, starts: map[string]bool{}}
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
func newPartnerIDs(orgs []gazEntry) PartnerIDs {
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
	for _, c := range countries {
		add(c.code)
	}
	slices.Sort(p.list)
	for _, c := range countries {
		p.set[c.names[0]+" Red Cross"] = true
		p.set[c.names[0]+" Red Crescent"] = true
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
