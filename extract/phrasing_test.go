package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsfacts/newsfacts/ingest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tables cover phrasings written for the project, not taken from
// the corpus: each positive case has a negative twin where one exists.
// They test the rules that propose (RulesOnly): which of the proposed
// values stand is the model's decision, measured on the corpus by
// cross-validation (eval --folds) rather than phrase by phrase.

func TestExtract_HomeDestination(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name    string
		text    string
		country string
		counts  map[string]int
		date    string
	}{
		{"were flown to Moscow on Sunday", "Thirty-two Russian children whose mothers were jailed in Iraq were flown to Moscow on Sunday.", "RU", map[string]int{"children": 32}, "2023-05-07"},
		{"brought to Almaty by plane", "Nine Kazakh children were brought to Almaty by plane on Tuesday.", "KZ", map[string]int{"children": 9}, "2023-05-09"},
		{"taken to Tashkent", "Twenty Uzbek women were taken to Tashkent on Monday.", "UZ", map[string]int{"women": 20}, "2023-05-08"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.country, evs[0].Country)
			assert.Equal(t, tc.counts, evs[0].Counts)
			assert.Equal(t, tc.date, evs[0].Date)
		})
	}
}

func TestExtract_NotHomeDestination(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
	}{
		{"flew to Syria to join", "Some 300 Kazakhs flew to Syria on Monday."},
		{"were taken to a camp in Syria", "Forty Tajik women were taken to a camp in Syria on Monday."},
		{"will be flown to Moscow", "Thirty Russian children will be flown to Moscow on Sunday."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Empty(t, extractText(t, x, tc.text, "2023-05-10"))
		})
	}
}

// TestExtract_FlightHome checks that a sentence about the flight home
// dates the event its neighbours count.
func TestExtract_FlightHome(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		date string
	}{
		{"on the flight from Beirut to Tirana on Monday", "Albania has repatriated one woman and four children from Syria, the prime minister said on Tuesday. He accompanied the group on the flight from Beirut to Tirana on Monday.", "2023-05-08"},
		{"on the flight to Syria on Monday", "Albania has repatriated one woman and four children from Syria, the prime minister said on Tuesday. A journalist was on the flight to Syria on Monday.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.date, evs[0].Date)
		})
	}
}

// TestExtract_JointOperation checks that a country named with its own
// numbers in a joint operation gets its own event and is no helper.
func TestExtract_JointOperation(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	type want struct {
		counts   map[string]int
		partners []string
	}
	tests := []struct {
		name string
		text string
		want map[string]want
	}{
		{"in a joint operation with Denmark, which repatriated three women", "Germany brought home eight women and 23 children from Syria. They were flown out in a joint operation with Denmark, which repatriated three women and 14 children on the same flight.",
			map[string]want{"DE": {map[string]int{"women": 8, "children": 23}, nil}, "DK": {map[string]int{"women": 3, "children": 14}, nil}}},
		{"in a joint operation with Kosovo, which provided the plane", "Albania brought home eight women and 23 children from Syria in a joint operation with Kosovo, which provided the plane.",
			map[string]want{"AL": {map[string]int{"women": 8, "children": 23}, []string{"XK"}}}},
		{"with Norway, who also repatriated two children", "Sweden repatriated four children from Syria together with Norway, who also repatriated two children.",
			map[string]want{"SE": {map[string]int{"children": 4}, nil}, "NO": {map[string]int{"children": 2}, nil}}},
		{"with Germany, which on the same flight evacuated", "Denmark brought home three mothers and their 14 children from Syria. The evacuation was carried out with Germany, which on the same flight evacuated 23 children and 8 mothers.",
			map[string]want{"DK": {map[string]int{"women": 3, "children": 14}, nil}, "DE": {map[string]int{"women": 8, "children": 23}, nil}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]want{}
			for _, ev := range extractText(t, x, tc.text, "2023-05-10") {
				var ps []string
				for _, p := range ev.Partners {
					ps = append(ps, p.ID)
				}
				got[ev.Country] = want{ev.Counts, ps}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestExtract_ArticleFrom checks where an event with no place of its own
// comes from: a "from" the article states, never a camp population.
func TestExtract_ArticleFrom(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		from []string
	}{
		{"still await repatriation from Syria", "Bosnians still await repatriation from Syria\nBosnia brought back 25 individuals in December 2019.", []string{"SY"}},
		{"calls to repatriate the children held in camps in Syria", "Sweden rejected calls to repatriate the 40 children still held in camps in Syria. Sweden last brought back seven orphans in 2019.", []string{}},
		{"took back 110 of its nationals from Syria", "Uzbekistan said it had repatriated 156 citizens. Kosovo in April took back 110 of its nationals from Syria.", []string{}},
		{"whose mothers were convicted in Iraq", "Thirty-two Russian children whose mothers were convicted in Iraq were flown to Moscow on Sunday.", []string{"IQ"}},
		{"left the camp in Syria", "Some 150 Iraqi families left the Syrian al-Hol camp for Iraq on Sunday.", []string{"SY"}},
		{"left for Syria is no origin", "Some 150 Iraqi families were repatriated in 2019 and left for Syria again on Sunday.", []string{}},
		{"from Rojava, the Kurdish name of north-east Syria", "Norway flew 12 children home from Rojava and Turkey on Monday.", []string{"SY", "TR"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.NotEmpty(t, evs)
			assert.Equal(t, tc.from, evs[0].From)
		})
	}
}

// TestExtract_RunningTotal checks that "bringing the total to 531" adds a
// cumulative event beside the transfer it follows.
func TestExtract_RunningTotal(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	type event struct {
		counts    map[string]int
		date      string
		aggregate bool
	}
	tests := []struct {
		name string
		text string
		want []event
	}{
		{"bringing the total number of returnees to 531", "Uzbekistan repatriated 98 more citizens from Syria on Monday, bringing the total number of returnees to 531.",
			[]event{{map[string]int{"total": 98}, "2023-05-08", false}, {map[string]int{"total": 531}, "", true}}},
		{"bringing to 700 the number of people repatriated since 2019", "Kazakhstan brought home 37 citizens on Monday, bringing to 700 the number of people repatriated since 2019.",
			[]event{{map[string]int{"total": 37}, "2023-05-08", false}, {map[string]int{"total": 700}, "", true}}},
		{"taking the total to 700 women and children", "Kazakhstan brought home 37 citizens on Monday, taking the total to 700 women and children.",
			[]event{{map[string]int{"total": 37}, "2023-05-08", false}, {map[string]int{"total": 700}, "", true}}},
		{"the number in the camp rose to 500", "The number of people in the camp rose to 500. Kazakhstan repatriated 37 citizens on Monday.",
			[]event{{map[string]int{"total": 37}, "2023-05-08", false}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []event
			for _, ev := range extractText(t, x, tc.text, "2023-05-10") {
				got = append(got, event{ev.Counts, ev.Date, ev.Aggregate})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestExtract_CountModifiers checks the words between a number and its
// people noun: children a modifier calls orphans count as children and
// as orphans, "orphan" as a noun or a modifier of no children noun does
// not, and a participle ("12 repatriated children") leaves the count
// whole but makes none without a people noun after it.
func TestExtract_CountModifiers(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name   string
		text   string
		counts map[string]int
	}{
		{"orphaned children", "Belgium repatriated five orphaned Belgian children from Syria on Monday.", map[string]int{"children": 5, "orphans": 5}},
		{"orphan children", "Nigeria repatriated three orphan children from Syria on Monday.", map[string]int{"children": 3, "orphans": 3}},
		{"orphans as the noun", "Sudan repatriated four orphans from Syria on Monday.", map[string]int{"orphans": 4}},
		{"children, no modifier", "Norway repatriated six children from Syria on Monday.", map[string]int{"children": 6}},
		{"orphaned women is no orphans", "Kosovo repatriated two orphaned women from Syria on Monday.", map[string]int{"women": 2}},
		{"parentless children", "Norway repatriated six parentless children from Syria on Monday.", map[string]int{"children": 6, "orphans": 6}},
		{"children who are orphans", "Norway repatriated six children from Syria who are orphans on Monday.", map[string]int{"children": 6, "orphans": 6}},
		{"women and their children", "Australia repatriated four women and their children from Syria on Monday.", map[string]int{"women": 4}},
		{"women and children, one figure", "Australia repatriated 17 women and children from Syria on Monday.", map[string]int{"total": 17}},
		{"a number ending a name", "Iraq repatriated 12 children to the Jeddah 1 displaced person camp on Monday.", map[string]int{"children": 12}},
		{"a number after the first word", "The 41 children and 18 women have arrived in Kyrgyzstan from Syria on Monday.", map[string]int{"children": 41, "women": 18}},
		{"a number in a headline's capitals", "Kyrgyzstan Repatriates 41 Children From Syria On Monday", map[string]int{"children": 41}},
		{"children orphaned by", "France repatriated five children orphaned by jihadists from Syria on Monday.", map[string]int{"children": 5, "orphans": 5}},
		{"children who are in care", "Norway repatriated six children from Syria who are in care on Monday.", map[string]int{"children": 6}},
		{"four were orphans who", "Spain repatriated two women and 13 children from Syria on Monday, and four were orphans who lived with an aunt.", map[string]int{"women": 2, "children": 13, "orphans": 4}},
		{"trigger participle", "Belgium has brought back 12 repatriated children from Syria.", map[string]int{"children": 12}},
		{"other participle", "Belgium has brought back 12 detained women and 20 children from Syria.", map[string]int{"women": 12, "children": 20}},
		{"participle, no people noun", "Belgium has brought back 12 detained in Syria and 20 children.", map[string]int{"children": 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.counts, evs[0].Counts)
		})
	}
}

// TestExtract_SuspectsHandedOver checks that fighters and suspects handed
// over count as people brought home (the corpus guide's transfers from
// camps and prisons), and that fighters killed do not.
func TestExtract_SuspectsHandedOver(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "The Syrian Democratic Forces handed over 50 Iraqi militants to Iraq on Wednesday.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.Equal(t, "IQ", evs[0].Country)
	assert.Equal(t, map[string]int{"total": 50}, evs[0].Counts)

	evs = extractText(t, x, "The Syrian Democratic Forces handed over 40 members of Iraqi families to Iraq on Wednesday.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.Equal(t, map[string]int{"total": 40}, evs[0].Counts)

	assert.Empty(t, extractText(t, x, "Air strikes killed 50 Iraqi militants in Syria on Wednesday.", "2023-05-10"))
}

// TestExtract_HandsOver: "hand" and "turn" state a handover only with
// "over" after them (over_triggers.txt).
func TestExtract_HandsOver(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "AANES hands over 96 women and children to Kyrgyzstan on Wednesday.", "2023-05-10")
	assert.Equal(t, "KG", ev.Country)
	assert.Equal(t, map[string]int{"total": 96}, ev.Counts)
	assert.Equal(t, "AANES", ev.Partners[0].ID)

	ev = extractOne(t, x, "Two Kyrgyz women and six children were turned over to Kyrgyz officials on Wednesday.", "2023-05-10")
	assert.Equal(t, map[string]int{"women": 2, "children": 6}, ev.Counts)

	assert.Empty(t, extractText(t, x, "Two Kyrgyz women turned 18 in the camp on Wednesday.", "2023-05-10"))
	assert.Empty(t, extractText(t, x, "The 96 Kyrgyz women are in the hands of the SDF.", "2023-05-10"))
}

// TestExtract_YearStatedElsewhere checks that, with no publication date,
// a day with no year takes the year the article states for that day
// elsewhere, and only where it states one.
func TestExtract_YearStatedElsewhere(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name, text, published, date string
	}{
		{"same day with its year", "Azerbaijan repatriated 16 citizens from Syria on November 24. The ministry said the flight of November 24, 2022 landed in Baku.", "", "2022-11-24"},
		{"only the month with a year", "Azerbaijan repatriated 16 citizens from Syria on November 24. The repatriation, in November 2022, was the third.", "", "XXXX-11-24"},
		{"two years for the day", "Azerbaijan repatriated 16 citizens from Syria on November 24. Flights landed on November 24, 2021 and on November 24, 2022.", "", "XXXX-11-24"},
		{"no year anywhere", "Azerbaijan repatriated 16 citizens from Syria on November 24.", "", "XXXX-11-24"},
		{"publication date decides", "Azerbaijan repatriated 16 citizens from Syria on November 24. The talks began in November 2019.", "2022-12-01", "2022-11-24"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, tc.published)
			require.NotEmpty(t, evs)
			assert.Equal(t, tc.date, evs[0].Date)
		})
	}
}

// TestExtract_ToBeforeFiniteVerb: "to" before a trigger marks a plan
// ("plans to repatriate") only as an infinitive; with a finite verb
// between them it is a preposition ("born to Kyrgyz parents were
// repatriated").
func TestExtract_ToBeforeFiniteVerb(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "In March 2021, 79 children born to Kyrgyz parents were repatriated.", "2021-05-09")
	assert.Equal(t, "KG", ev.Country)
	assert.Equal(t, map[string]int{"children": 79}, ev.Counts)

	// ", taking back 19 women and children": a participle after a comma
	// is a clause of its own, out of reach of the "to" before it.
	ev = extractOne(t, x, "Albania was the latest country to repatriate its nationals, taking back 19 women and children on July 30.", "2021-08-09")
	assert.Equal(t, map[string]int{"total": 19}, ev.Counts)
	assert.Equal(t, "2021-07-30", ev.Date)

	assert.Empty(t, extractText(t, x, "Kyrgyzstan plans to bring 79 children home.", "2021-05-09"))
	assert.Empty(t, extractText(t, x, "Kyrgyzstan wants 79 children to be repatriated.", "2021-05-09"))
}

// TestExtract_ReceivedPeople: a verb of receiving states a transfer when
// a count of people is its object, or a place people are held follows.
func TestExtract_ReceivedPeople(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "Australia's government has received 8 orphans, the prime minister said on Monday.", "2021-05-09")
	assert.Equal(t, "AU", ev.Country)
	assert.Equal(t, map[string]int{"orphans": 8}, ev.Counts)

	assert.Empty(t, extractText(t, x, "Australia's government has received letters from 8 orphans.", "2021-05-09"))
}

// TestExtract_RelativeClauseDate: a relative clause detaches its date
// from the transfer ("women who joined IS in 2014") unless it states a
// transfer itself ("a flight which landed on Wednesday").
func TestExtract_RelativeClauseDate(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "Germany repatriated 23 children on a charter flight which landed on Wednesday at Frankfurt airport.", "2021-10-08")
	assert.Equal(t, "2021-10-06", ev.Date)

	ev = extractOne(t, x, "Germany repatriated 23 children whose mothers joined IS in 2014.", "2021-10-08")
	assert.Empty(t, ev.Date)
}

// TestExtract_ToTheirCountries: people handed over "to their countries"
// are of several countries, so their figure is no one country's (the
// guide leaves combined figures out).
func TestExtract_ToTheirCountries(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	const norway = "Norway repatriated two orphans from Syria on Monday. "
	ev := extractOne(t, x, norway+"The administration has handed over 171 women and 177 children to their countries of origin so far.", "2021-10-08")
	assert.Equal(t, map[string]int{"orphans": 2}, ev.Counts)

	evs := extractText(t, x, norway+"The administration has handed over 171 women and 177 children to their families so far.", "2021-10-08")
	assert.Len(t, evs, 2)
}

// TestExtract_Undecided checks that a transfer asked about or still
// under debate ("whether") is no event for the rules, and that its twin
// without "whether" is one.
func TestExtract_Undecided(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, "It is unclear whether Denmark repatriated two women on Monday.", "2024-03-15"))
	assert.Len(t, extractText(t, x, "It is clear that Denmark repatriated two women on Monday.", "2024-03-15"), 1)
}

// TestExtract_Caption checks that a photo caption dates nothing and does
// not decide whose article it is.
func TestExtract_Caption(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	const text = "Syrian women and children wait in a camp on 3 March 2019. Photo: Agency\n" +
		"Syrian children play in the camp. Photo: Agency\n" +
		"Twelve children were repatriated on Friday, Finnish officials said."
	evs := extractText(t, x, text, "2021-05-09")
	require.Len(t, evs, 1)
	assert.Equal(t, "FI", evs[0].Country)
	assert.Equal(t, "2021-05-07", evs[0].Date)
	assert.Equal(t, map[string]int{"children": 12}, evs[0].Counts)

	// A news agency's archive photo: "FILE - ...", its date the photo's.
	const file = "FILE - Women wait after being evacuated from Baghuz, Syria, March 1, 2019.\n" +
		"Two women and their children are heading back to Finland, officials said on Friday."
	ev := extractOne(t, x, file, "2021-05-09")
	assert.Equal(t, "FI", ev.Country)
	assert.Empty(t, ev.Date)
	assert.Equal(t, map[string]int{"women": 2}, ev.Counts)

	// "headed by" leads a delegation; it moves no one: "heading back" does.
	assert.Empty(t, extractText(t, x, "The delegation, headed by Uzbekistan's Ambassador to Kuwait, arrived in Qamishli on April 28.", "2021-05-09"))

	// A text that lost its line breaks is no caption for one credit in it.
	long := "Finland repatriated 12 children from Syria on Friday. " +
		strings.Repeat("The camps hold many people. ", 20) + "Photo: Agency"
	evs = extractText(t, x, long, "2021-05-09")
	require.Len(t, evs, 1)
	assert.Equal(t, "2021-05-07", evs[0].Date)
}

// TestRelativeTransferSubject checks which "which" clauses report the
// country before the comma's own transfer.
func TestRelativeTransferSubject(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"It flew with Denmark, which repatriated three women.", true},
		{"It flew with Germany, which on the same flight evacuated 23 children.", true},
		{"It flew with Germany, which, officials said, evacuated 23 children.", false},
		{"It flew from the camps in Syria, which repatriated nobody.", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			s := newSentence(tc.text, 0, Span{0, len(tc.text)})
			s.lex = x.lex
			s.findCountries(x.countries)
			s.findTriggers()
			which := slices.Index(s.low, "which")
			require.GreaterOrEqual(t, which, 0)
			assert.Equal(t, tc.want, s.relativeTransferSubject(which) >= 0)
		})
	}
}

// TestMasked: the countries inside a name of masking_names.txt are no
// mentions, and only the words of that name mask them.
func TestMasked(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Fighters of the Islamic State of Iraq and Syria surrendered.", nil},
		{"The Islamic State of Iraq and the Levant held them in Syria.", []string{"SY"}},
		{"The state of Iraq took them back from Syria.", []string{"IQ", "SY"}},
		{"Islamic leaders of Iraq met them.", []string{"IQ"}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			s := newSentence(tc.text, 0, Span{0, len(tc.text)})
			s.lex = x.lex
			s.findCountries(x.countries)
			var got []string
			for _, c := range s.countries {
				got = append(got, c.code)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestCountryOfText: the sentences made of an evidence row or of the text
// before an acronym read the lexicon like the article's sentences, so a
// masking name masks there too.
func TestCountryOfText(t *testing.T) {
	x := newTestExtractor(t, Options{})
	assert.Equal(t, "", x.codeOf(Evidence{Text: "fighters of the Islamic State of Iraq"}))
	assert.Equal(t, "IQ", x.codeOf(Evidence{Text: "camps in Iraq"}))
	text := "fighters of the Islamic State of Iraq (ISI) and"
	assert.Equal(t, "", x.acronymCountry(text, "ISI"))
	text = "the Iraqi National Security Service (INSS) handed"
	assert.Equal(t, "IQ", x.acronymCountry(text, "INSS"))
}

// TestExtract_SelfReturn checks that people who came back by themselves
// make no event (the corpus guide), and that its twin without the phrase
// does.
func TestExtract_SelfReturn(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, "Twenty Dutch women returned to the Netherlands, most of them on their own, in 2014.", "2023-05-10"))
	assert.Empty(t, extractText(t, x, "Twenty Dutch women returned home of their own accord in 2014.", "2023-05-10"))
	evs := extractText(t, x, "Twenty Dutch women returned to the Netherlands in 2014.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.Equal(t, map[string]int{"women": 20}, evs[0].Counts)
}

// TestExtract_PreviousOperations checks that a figure for "previous
// operations" is a cumulative total apart from the transfer beside it,
// and that "the operation" is not.
func TestExtract_PreviousOperations(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "Uzbekistan brought back 24 women and 69 children on Friday. In previous such operations, Tashkent repatriated 438 women and children.", "2023-05-10")
	require.Len(t, evs, 2)
	assert.False(t, evs[0].Aggregate)
	assert.Equal(t, map[string]int{"total": 438}, evs[1].Counts)
	assert.True(t, evs[1].Aggregate)
	assert.Empty(t, evs[1].Date)

	evs = extractText(t, x, "In the operation, Tashkent repatriated 438 women and children on Friday.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.False(t, evs[0].Aggregate)
}

// TestExtract_RojavaOfficials checks that "Rojava officials" name the
// north-east Syrian administration as a helper.
func TestExtract_RojavaOfficials(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "Ten Belgian children and three mothers were handed over by Rojava officials on Thursday.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.Equal(t, []Partner{{ID: "AANES", Name: "Rojava officials"}}, evs[0].Partners)
}

// TestExtract_ThirdCountry checks that people who went to a third country
// make no event, and that its twin without the phrase does.
func TestExtract_ThirdCountry(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, "Additionally 20 Dutch adults, as well as 45 children, have returned to a third country, officials said.", "2022-02-10"))
	ev := extractOne(t, x, "Additionally 20 Dutch adults, as well as 45 children, have returned to the Netherlands, officials said.", "2022-02-10")
	assert.Equal(t, 45, ev.Counts["children"])
}

// TestExtract_GerundSubjectOfModal checks that a gerund or noun trigger whose
// phrase is the subject of a modal weighs a plan, and that its twin with
// a finite verb tells a transfer.
func TestExtract_GerundSubjectOfModal(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, "But the Tajik envoy said repatriating the 43 women serving time in Iraqi jails would be an uphill battle.", "2019-02-12"))
	ev := extractOne(t, x, "But the Tajik envoy said Tajikistan repatriated the 43 women serving time in Iraqi jails.", "2019-02-12")
	assert.Equal(t, map[string]int{"women": 43}, ev.Counts)

	assert.Empty(t, extractText(t, x, "\"The repatriation of these two Swiss children should not be further delayed,\" the experts said.", "2021-04-10"))
	ev = extractOne(t, x, "\"The repatriation of these two Swiss children took place on Friday,\" the experts said.", "2021-04-10")
	assert.Equal(t, map[string]int{"children": 2}, ev.Counts)
}

// TestExtract_TookBackATotal checks that "took back a total of 48" is the
// figure of one transfer, not a running total opened by "took", and that
// a joint subject keeps the figure from either country.
func TestExtract_TookBackATotal(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "Germany took back a total of 48 of its nationals on Monday.", "2021-05-05")
	assert.Equal(t, map[string]int{"total": 48}, ev.Counts)
	assert.False(t, ev.Aggregate)
	assert.Equal(t, "2021-05-03", ev.Date)

	for _, ev := range extractText(t, x, "Germany and Denmark also took back a total of 48 of their nationals on Monday.", "2021-05-05") {
		assert.Empty(t, ev.Counts, ev.Country)
	}
}

// TestExtract_Expelled checks that people expelled by the state holding
// them are sent home, as deported ones are, and that expelling fighters
// from a territory is no transfer.
func TestExtract_Expelled(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "As many as 221 Indonesians were expelled from Turkey in 2016.", "2017-03-10")
	assert.Equal(t, "ID", ev.Country)
	assert.Equal(t, map[string]int{"total": 221}, ev.Counts)
	assert.Equal(t, []string{"TR"}, ev.From)

	// Not with another object: "expelled the extremists" is a battle.
	assert.Empty(t, extractText(t, x, "Syria's Kurds in March expelled the extremists from their last patch of territory.", "2019-08-20"))
}

// TestExtract_MovedCountThenBlocker checks that a count holding its own
// transfer's participle ("recently repatriated children") stays linked
// when a verb of what the people did before follows it.
func TestExtract_MovedCountThenBlocker(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "Turkey’s justice ministry gave figures on Monday. The 188 recently repatriated children left behind 84 mothers who are still in detention in Iraq.", "2019-07-10")
	assert.Equal(t, "TR", ev.Country)
	assert.Equal(t, 188, ev.Counts["children"])
}

// TestExtract_EllipticalSubject checks that a number with no noun, subject
// of a transfer, counts people of the group named just before, and that a
// sentence naming no country goes on with the country of the one before.
func TestExtract_EllipticalSubject(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "Tajikistan wants its women back. Russia said Sunday that it had repatriated 27 children from Iraq. Thirty had already been repatriated in December.", "2019-02-12")
	require.Len(t, evs, 2)
	assert.Equal(t, "RU", evs[1].Country)
	assert.Equal(t, map[string]int{"children": 30}, evs[1].Counts)
	assert.Equal(t, "2018-12", evs[1].Date)
	require.NotNil(t, firstEvidence(evs[1], "country"))
	assert.Equal(t, "country.previous_sentence", firstEvidence(evs[1], "country").Rule)

	// After two countries' transfers the sentence before names no one
	// country to go on with.
	for _, ev := range extractText(t, x, "Germany repatriated eight women on Monday, while Denmark repatriated three children. Thirty had already been repatriated in December.", "2019-02-12") {
		if e := firstEvidence(ev, "country"); e != nil {
			assert.NotEqual(t, "country.previous_sentence", e.Rule, ev.Country)
		}
	}

	ev := extractOne(t, x, "So far, only seven have returned to Canada.", "2022-10-27")
	assert.Equal(t, map[string]int{"total": 7}, ev.Counts)

	// The group comes from the counts of the sentence before, event or not.
	ev = extractOne(t, x, "There were 200 French children in Syria. Since then, some 100 have been brought back to France.", "2023-07-05")
	assert.Equal(t, map[string]int{"children": 100}, ev.Counts)
}

// TestExtract_OperationPurpose checks that "an operation to bring" states
// the operation's purpose, not a plan, unless a plan word governs it.
func TestExtract_OperationPurpose(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "France has today conducted a new operation to bring 32 French children back to France.", "2023-01-24")
	assert.Equal(t, map[string]int{"children": 32}, ev.Counts)
	assert.Equal(t, "2023-01-24", ev.Date)

	assert.Empty(t, extractText(t, x, "The ministry was preparing for the final operation to evacuate 11 Ukrainian women.", "2023-03-10"))
}

// TestExtract_ParticleAfterRelative checks that a relative clause in the
// object of "bring ... back" does not hide the particle.
func TestExtract_ParticleAfterRelative(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "France has today brought 32 French children who were in camps in north-east Syria back to France.", "2023-01-24")
	assert.Equal(t, map[string]int{"children": 32}, ev.Counts)
	assert.Equal(t, "2023-01-24", ev.Date)
}

// TestCounts_BareNumberAfterParticle checks that a bare number after a
// verb and its particle counts people, as after "repatriated".
func TestCounts_BareNumberAfterParticle(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	for text, want := range map[string]int{
		"Kazakhstan flew out 516 from Syria in January.":     516,
		"Kazakhstan brought home 231 from Syria in January.": 231,
	} {
		a := ingest.Article{SourceID: "test", Text: text}
		sents, _ := x.prepare(a, splitSentences(a.Text))
		require.Len(t, sents, 1)
		counts := sents[0].findCounts()
		require.Len(t, counts, 1, text)
		assert.Equal(t, want, counts[0].value, text)
		assert.Equal(t, GroupTotal, counts[0].group, text)
	}
}

// TestExtract_OperationStarted checks that starting a campaign
// ("initiated", "launched") dates no transfer, while conducting it does.
func TestExtract_OperationStarted(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	for _, verb := range []string{"initiated", "launched"} {
		assert.Empty(t, extractText(t, x, "The Jusan humanitarian operation is a large-scale campaign "+verb+" by the First President of Kazakhstan last year.", "2019-05-31"), verb)
	}
	ev := extractOne(t, x, "The Jusan humanitarian operation is a large-scale campaign conducted by the First President of Kazakhstan last year.", "2019-05-31")
	assert.Equal(t, "2018", ev.Date)
}

// TestExtract_GovernmentOfState checks that "the Foreign Ministry of
// Tajikistan" names the country of the people its clause counts, not the
// article's main country.
func TestExtract_GovernmentOfState(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "Kazakhstan repatriated a woman and her four children from Syria on Friday. "+
		"Kazakh officials thanked their partners. "+
		"Earlier the Foreign Ministry of Tajikistan said that 104 people returned from Syria.", "2023-06-10")
	require.Len(t, evs, 2)
	assert.Equal(t, "TJ", evs[1].Country)
	assert.Equal(t, map[string]int{"total": 104}, evs[1].Counts)
}

// TestExtract_PeopleFromState checks that "from" a state people are not
// held in, after their count (and an age range), is their nationality,
// ahead of the city they arrived in; "from Syria" is where they were held.
func TestExtract_PeopleFromState(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "4 women and 9 children between the ages of 6 and 16 from Albania arrived at the airport in Prishtina.", "2022-05-20")
	assert.Equal(t, "AL", ev.Country)
	assert.Equal(t, map[string]int{"women": 4, "children": 9}, ev.Counts)

	ev = extractOne(t, x, "4 women and 9 children from Syria arrived at the airport in Prishtina.", "2022-05-20")
	assert.Equal(t, "XK", ev.Country)
	assert.Equal(t, []string{"SY"}, ev.From)
}

// TestExtract_AgeRangeTo checks that the "to" of an age range before a
// trigger is not a plan's "to".
func TestExtract_AgeRangeTo(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	ev := extractOne(t, x, "4 women and 9 children aged 6 to 16 from Syria arrived at the airport in Prishtina.", "2022-05-20")
	assert.Equal(t, "XK", ev.Country)
	assert.Equal(t, map[string]int{"women": 4, "children": 9}, ev.Counts)
}

// TestExtract_CountsOfOneEvent checks phrasings whose counts belong to one
// event, each as the rules now read it.
func TestExtract_CountsOfOneEvent(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name, text, published string
		want                  map[string]int
	}{
		// A later sentence that splits the children counted before into
		// those with a parent and orphans adds the orphans to the same
		// event instead of telling a second transfer.
		{"children split into orphans", "Spain repatriated two women and 13 children from Syria on Monday. The pair arrived with their nine children, with officials saying the other four were orphans.", "2023-01-10",
			map[string]int{"women": 2, "children": 13, "orphans": 4}},
		// "about 230" and a later "as many as 228" are one figure; the
		// event keeps the more precise one.
		{"estimate then bound", "About 230 Russian children have been returned from Syria since 2018, the ombudswoman said. To date, as many as 228 children have returned from Syria.", "2021-12-23",
			map[string]int{"children": 228}},
		// A people noun closing a list of groups ("and 4 members") is a
		// part of the transfer, not its total.
		{"list-closing noun", "23 Macedonian citizens were repatriated from Syria on Saturday. The operation brought back 14 children, 5 women and 4 members of the militant group.", "2021-07-10",
			map[string]int{"total": 23, "children": 14, "women": 5}},
		// In "one of two children" the number before "of" counts the
		// people moved and the one after it their pool.
		{"part of a pool", "One of two Azerbaijani children kept in a Baghdad orphanage has been brought by plane to Baku.", "2017-10-13",
			map[string]int{"children": 1}},
		// A stray "of" between a number and a group noun keeps the count.
		{"stray of", "The ministry said 99 Kyrgyz citizens – 28 of women and 71 children – have been brought home from Syria.", "2021-03-20",
			map[string]int{"total": 99, "women": 28, "children": 71}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := extractOne(t, x, tc.text, tc.published)
			assert.Equal(t, tc.want, ev.Counts)
		})
	}
}
