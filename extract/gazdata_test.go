package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadLexicon_Organisations(t *testing.T) {
	l, err := loadLexicon(lexiconFiles, "repatriation")
	require.NoError(t, err)
	byID := map[string]gazEntry{}
	for _, o := range l.organisations {
		byID[o.id] = o
	}
	assert.Contains(t, byID["UNICEF"].aliases, "U.N. children's agency", "a continuation line adds aliases")
	assert.Equal(t, "Save the Children", byID["Save the Children"].id, "ids may have spaces")
	assert.Equal(t, map[string]bool{"SDF": true, "AANES": true}, l.holders)
	for _, w := range []string{"unicef", "asayish", "rojava"} {
		assert.Nil(t, l.category(w), "%s: gazetteer names are no cue words", w)
	}
	nl := slices.IndexFunc(l.capitals, func(e gazEntry) bool { return e.id == "NL" })
	require.GreaterOrEqual(t, nl, 0)
	assert.Equal(t, gazEntry{id: "NL", aliases: []string{"Amsterdam", "The Hague"}}, l.capitals[nl])
	assert.Contains(t, l.heldPlaces[0].aliases, "Semalka", "a continuation line adds places")
	assert.Nil(t, l.category("qamishli"), "place names are no cue words")
}

// TestHeldPlaces_Data shows that a camp added to held_places.txt, with no
// code, becomes a place people came from.
func TestHeldPlaces_Data(t *testing.T) {
	const text = "Uzbekistan repatriated 25 children from Zebra camp on 3 May 2021."
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, text, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Empty(t, evs[0].From, "embedded gazetteer")

	lex := lexiconWith(t, "held_places.txt", "SY = Zebra")
	x.countries = newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces)
	evs = extractText(t, x, text, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Equal(t, []string{"SY"}, evs[0].From)
}

func TestParseOrganisations(t *testing.T) {
	const text = "# partners\nUN = United Nations | UN\nAANES [holder] = AANES # the administration\n\nAANES = Asayish |  Kurdish authorities \n"
	orgs, err := parseGazetteer(gazFile{name: "organisations", holders: true}, "o.txt", text)
	require.NoError(t, err)
	assert.Equal(t, []gazEntry{
		{id: "UN", aliases: []string{"United Nations", "UN"}},
		{id: "AANES", aliases: []string{"AANES", "Asayish", "Kurdish authorities"}, holder: true},
	}, orgs)
}

func TestParseCountries(t *testing.T) {
	const text = "# countries\nSY [held in] = Syria | Syrian  Arab Republic; adj: Syrian; people: Syrians # held\n\n" +
		"NZ = New Zealand; adj: New Zealand; people: New Zealanders\nGB = United Kingdom;acronym:UK | U.K.\n"
	got, err := parseCountries("c.txt", text)
	require.NoError(t, err)
	assert.Equal(t, []countryEntry{
		{code: "SY", names: []string{"Syria", "Syrian Arab Republic"}, adjs: []string{"Syrian"}, people: []string{"Syrians"}, holdPlace: true},
		{code: "NZ", names: []string{"New Zealand"}, adjs: []string{"New Zealand"}, people: []string{"New Zealanders"}},
		{code: "GB", names: []string{"United Kingdom"}, acronyms: []string{"UK", "U.K."}},
	}, got, "a country's name may be its adjective too")
}

// TestCountries_Data shows that a country added to countries.txt, and its
// "[held in]" flag, change what the rules find, with no code.
func TestCountries_Data(t *testing.T) {
	const actor = "Liechtenstein repatriated 12 children from Syria on 3 May 2021."
	const origin = "Uzbekistan repatriated 25 children from Liechtenstein on 3 May 2021."
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, actor, "2021-05-05"), "embedded gazetteer")

	lex := lexiconWith(t, "countries.txt", "LI = Liechtenstein; people: Liechtensteiners")
	x.countries = newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces)
	evs := extractText(t, x, actor, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Equal(t, "LI", evs[0].Country)
	evs = extractText(t, x, origin, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Empty(t, evs[0].From, "not a place people are held in")

	lex = lexiconWith(t, "countries.txt", "LI [held in] = Liechtenstein")
	x.countries = newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces)
	evs = extractText(t, x, origin, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Equal(t, "UZ", evs[0].Country)
	assert.Equal(t, []string{"LI"}, evs[0].From)
}

func TestLoadLexicon_GazetteerMalformed(t *testing.T) {
	const dir = "lexicon/repatriation/"
	const file = dir + "organisations.txt"
	tests := []struct {
		name string
		data string // "-" removes the file
		want string
	}{
		{"no aliases", "UN = UN\nEU\n", file + `:2: "EU" has no aliases: write "id = alias | alias"`},
		{"empty alias", "UN = United Nations || UN\n", file + ":1: UN has an empty alias"},
		{"no id", "# c\n = UN\n", file + `:2: bad id "": want a name, optionally followed by [holder]`},
		{"unknown flag", "SDF [holds] = SDF\n", file + `:1: bad id "SDF [holds]": want a name, optionally followed by [holder]`},
		{"duplicate alias", "UN = UN\n\nEU = European Union | UN\n", file + `:3: alias "UN" is listed twice (first on line 1)`},
		{"missing", "-", file + ": missing gazetteer: file does not exist"},
		{"unknown country", "XX = Atlantis\n", dir + "capitals.txt:1: \"XX\" is no country code of the country gazetteer"},
		{"holder place", "SY [holder] = Roj\n", dir + "held_places.txt:1: bad id \"SY [holder]\": want a country code"},
		{"duplicate place", "# places\nSY = Roj\nIQ = Mosul | Roj\n", dir + "held_places.txt:3: alias \"Roj\" is listed twice (first on line 2)"},
		{"country without names", "SY [held in] = Syria\nKZ\n", dir + `countries.txt:2: "KZ" has no names: write "CODE = name | name; adj: ...; people: ..."`},
		{"country name as code", "Syria = Syria\n", dir + `countries.txt:1: bad code "Syria": want an ISO 3166-1 alpha-2 code such as SY, optionally followed by [held in]`},
		{"lower-case code", "sy = Syria\n", dir + `countries.txt:1: bad code "sy": want an ISO 3166-1 alpha-2 code such as SY, optionally followed by [held in]`},
		{"unknown country flag", "SY [held] = Syria\n", dir + `countries.txt:1: bad code "SY [held]": want an ISO 3166-1 alpha-2 code such as SY, optionally followed by [held in]`},
		{"code twice", "SY = Syria\n# more\nSY = Syrian Arab Republic\n", dir + "countries.txt:3: SY is listed twice (first on line 1)"},
		{"unknown part", "SY = Syria; adjective: Syrian\n", dir + `countries.txt:1: SY: unknown part "adjective: Syrian": want adj:, people: or acronym:`},
		{"unlabelled part", "SY = Syria; Syrian\n", dir + `countries.txt:1: SY: unknown part "Syrian": want adj:, people: or acronym:`},
		{"part twice", "SY = Syria; adj: Syrian; adj: Syriac\n", dir + `countries.txt:1: SY: "adj:" is given twice`},
		{"no name", "SY = ; adj: Syrian\n", dir + "countries.txt:1: SY has an empty name"},
		{"empty adjective", "SY = Syria; adj: Syrian |\n", dir + "countries.txt:1: SY has an empty adjective"},
		{"missing semicolon", "SY = Syria people: Syrians\n", dir + `countries.txt:1: SY: name "Syria people: Syrians" has a colon: separate the parts with ";"`},
		{"form of two countries", "NE = Niger; adj: Nigerien\nNG = Nigeria; adj: Nigerian | nigerien\n", dir + `countries.txt:2: adjective "nigerien" is listed twice (first on line 1)`},
		{"form twice in a country", "NZ = New Zealand; people: Kiwis | Kiwis\n", dir + `countries.txt:1: people noun "Kiwis" is listed twice (first on line 1)`},
		{"form twice, other case", "SY = Syria | syria\n", dir + `countries.txt:1: name "syria" is listed twice (first on line 1)`},
		{"flag after the names", "SY = Syria [held in]\n", dir + `countries.txt:1: SY: name "Syria [held in]" has "=", "[" or "]": write "CODE [held in] = name"`},
		{"missing countries", "-", dir + "countries.txt: missing gazetteer: file does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, _, _ := strings.Cut(tc.want, ":") // the file the error names
			assertLexiconError(t, target, tc.data, tc.want)
		})
	}
}

// TestOrganisations_HolderFlag shows that "[holder]" in the data, not an
// id in code, makes a handover name an organisation as a partner.
func TestOrganisations_HolderFlag(t *testing.T) {
	const text = "Tajikistan took back 20 women handed over on 3 May 2021 in the presence of Human Rights Watch."
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, text, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Empty(t, evs[0].Partners, "a bystander of the handover")

	x.lex = lexiconWith(t, "organisations.txt", "Human Rights Watch [holder] = HRW-test")
	evs = extractText(t, x, text, "2021-05-05")
	require.Len(t, evs, 1)
	assert.Equal(t, []Partner{{ID: "Human Rights Watch", Name: "Human Rights Watch"}}, evs[0].Partners)
}

// lexiconWith loads the embedded repatriation lexicon with line added to
// its file name.
func lexiconWith(tb testing.TB, name, line string) *lexicon {
	tb.Helper()
	fsys := embeddedLexicon(tb)
	f := fsys["lexicon/repatriation/"+name]
	require.NotNil(tb, f, name)
	f.Data = append(f.Data, line+"\n"...)
	lex, err := loadLexicon(fsys, "repatriation")
	require.NoError(tb, err)
	return lex
}

// TestParseRegions: a regional body names a country code and one compass
// word, for an organisation of the partner gazetteer.
func TestParseRegions(t *testing.T) {
	countries := []countryEntry{{code: "SY"}, {code: "IQ"}}
	orgs := []gazEntry{{id: "AANES"}, {id: "KRG"}}
	got, err := parseRegions("r.txt", []gazEntry{{id: "AANES", aliases: []string{"SY north", "SY east"}}, {id: "KRG", aliases: []string{"IQ north"}}}, countries, orgs)
	require.NoError(t, err)
	assert.Equal(t, map[string][]region{"SY": {{"north", "AANES"}, {"east", "AANES"}}, "IQ": {{"north", "KRG"}}}, got)
	for _, tc := range []struct {
		body gazEntry
		want string
	}{
		{gazEntry{id: "XYZ", aliases: []string{"SY north"}}, `"XYZ" is no organisation`},
		{gazEntry{id: "AANES", aliases: []string{"SY"}}, "want a country code and one lower-case compass word"},
		{gazEntry{id: "AANES", aliases: []string{"SY North"}}, "want a country code and one lower-case compass word"},
		{gazEntry{id: "AANES", aliases: []string{"SY north east"}}, "want a country code and one lower-case compass word"},
		{gazEntry{id: "AANES", aliases: []string{"ZZ north"}}, `"ZZ" is no country code`},
	} {
		_, err := parseRegions("r.txt", []gazEntry{tc.body}, countries, orgs)
		require.Error(t, err, tc.body.aliases)
		assert.Contains(t, err.Error(), "r.txt: ")
		assert.Contains(t, err.Error(), tc.want)
	}
}
