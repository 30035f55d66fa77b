package extract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

// The tables here test the rules as they assemble events (RulesOnly); see
// phrasing_test.go.

// extractText runs x over a one-off article and checks the span invariant.
func extractText(tb testing.TB, x *Extractor, text, published string) []Event {
	tb.Helper()
	a := ingest.Article{SourceID: "test", Text: text, Published: published}
	res, err := x.Extract(context.Background(), a)
	require.NoError(tb, err)
	assertSpans(tb, text, res)
	return res.Events
}

// extractOne extracts text like extractText and requires exactly one
// event, which it returns.
func extractOne(tb testing.TB, x *Extractor, text, published string) Event {
	tb.Helper()
	evs := extractText(tb, x, text, published)
	require.Len(tb, evs, 1, text)
	return evs[0]
}

// ruleOf returns the rule of the first evidence for field, or "".
func ruleOf(ev Event, field string) string {
	for _, e := range ev.Evidence {
		if e.Field == field {
			return e.Rule
		}
	}
	return ""
}

func TestExtract_Counts(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name   string
		text   string
		counts map[string]int
		quals  map[string]string
	}{
		{"31 women and 64 children", "Kyrgyzstan repatriated 31 women and 64 children from Syria.", map[string]int{"women": 31, "children": 64}, nil},
		{"59 women and children", "Kyrgyzstan repatriated 59 women and children from Syria.", map[string]int{"total": 59}, nil},
		{"95 wives and children", "Kyrgyzstan has brought back 95 wives and children of militants.", map[string]int{"total": 95}, nil},
		{"Thirty-one women", "Thirty-one women were transferred to Kyrgyzstan.", map[string]int{"women": 31}, nil},
		{"two hundred and five citizens", "Kosovo repatriated two hundred and five citizens.", map[string]int{"total": 205}, nil},
		{"1,200 Uzbeks", "Uzbekistan has brought home 1,200 Uzbeks.", map[string]int{"total": 1200}, nil},
		{"more than 600 citizens", "Uzbekistan repatriated more than 600 citizens from Syria.", map[string]int{"total": 600}, map[string]string{"total": "more_than"}},
		{"about 9,000 individuals", "Iraq has returned about 9,000 individuals from Syria.", map[string]int{"total": 9000}, map[string]string{"total": "about"}},
		{"at least 12 children", "France repatriated at least 12 children.", map[string]int{"children": 12}, map[string]string{"children": "at_least"}},
		{"up to 40 people", "Belgium repatriated up to 40 people on Monday.", map[string]int{"total": 40}, map[string]string{"total": "up_to"}},
		{"less than 10 orphans", "Austria repatriated less than 10 orphans.", map[string]int{"orphans": 10}, map[string]string{"orphans": "less_than"}},
		{"two adult mothers", "Finland repatriated six children and two adult mothers.", map[string]int{"children": 6, "women": 2}, nil},
		{"110 of its nationals", "Kosovo took back 110 of its nationals from Syria.", map[string]int{"total": 110}, nil},
		{"handed over 148 Uzbek women", "Kurdish authorities handed over 148 Uzbek women and children.", map[string]int{"total": 148}, nil},
		{"repatriates 95 from Syria", "Kyrgyzstan repatriates 95 from Syria detention camps", map[string]int{"total": 95}, nil},
		{"four men, five women and fourteen children", "Officials said four men, five women and fourteen children had returned to North Macedonia.", map[string]int{"men": 4, "women": 5, "children": 14}, nil},
		{"98 more women, children", "Uzbekistan repatriates 98 more women, children from Syria", map[string]int{"total": 98}, nil},
		{"left the Hol camp", "In all, 659 Iraqis left the Hol camp on Monday.", map[string]int{"total": 659}, nil},
		{"children who were left behind have been brought back", "Seventeen Turkish children who were left behind by parents who joined IS in Iraq have been brought back to Turkey.", map[string]int{"children": 17}, nil},
		{"who left behind 84 mothers", "Turkey repatriated 188 children from Iraq, who left behind 84 mothers in detention.", map[string]int{"children": 188}, nil},
		{"received five orphans stranded in Syria", "Sudan received five orphans stranded in Syria on Monday.", map[string]int{"orphans": 5}, nil},
		{"The repatriated group comprised", "Sweden repatriated a group from Syria. The group comprised 8 Swedish women and 22 children.", map[string]int{"women": 8, "children": 22}, nil},
		{"79 Kyrgyz were flown home", "In total 79 Kyrgyz were flown home from Iraq on Monday.", map[string]int{"total": 79}, nil},
		{"six adults and 15 children", "Among the returnees were six adults and 15 children, the Maldives said.", map[string]int{"adults": 6, "children": 15}, nil},
		{"Among them were 12 women and 28 children", "The Netherlands has repatriated 40 people from Syria. Among them were 12 women and 28 children.", map[string]int{"total": 40, "women": 12, "children": 28}, nil},
		{"23 U.S. citizens", "Twenty-three U.S. citizens were repatriated from Syria on Monday.", map[string]int{"total": 23}, nil},
		{"comprising six women and 10 children", "Belgium repatriated 16 people, comprising six women and 10 children, on Monday.", map[string]int{"total": 16, "women": 6, "children": 10}, nil},
		{"Of the 40 returnees, 25 are children", "Kazakhstan repatriated 40 citizens on Monday. Of the 40 returnees, 25 are children.", map[string]int{"total": 40, "children": 25}, nil},
		{"Twenty-five of them are children", "Kazakhstan repatriated 40 citizens on Monday. Twenty-five of them are children.", map[string]int{"total": 40, "children": 25}, nil},
		{"25 of them children", "Kazakhstan repatriated 40 citizens on Monday, 25 of them children.", map[string]int{"total": 40, "children": 25}, nil},
		{"25 of whom were children", "Kazakhstan repatriated 40 citizens on Monday, 25 of whom were children.", map[string]int{"total": 40, "children": 25}, nil},
		{"camp holds 3,000 people, 25 of them doctors", "Kazakhstan repatriated 40 citizens on Monday. The camp holds 3,000 people, 25 of them doctors.", map[string]int{"total": 40}, nil},
		{"flew home 10 nationals", "Belgium flew home 10 nationals from Syria on Monday.", map[string]int{"total": 10}, nil},
		{"12 Ukrainians were evacuated", "Twelve Ukrainians were evacuated from Syria on Monday.", map[string]int{"total": 12}, nil},
		{"returned 37 of its citizens", "Kazakhstan returned 37 of its citizens from Syria on Monday.", map[string]int{"total": 37}, nil},
		{"one thousand two hundred citizens", "Kazakhstan brought back one thousand two hundred citizens from Syria on Monday.", map[string]int{"total": 1200}, nil},
		{"nearly 300 people", "Iraq repatriated nearly 300 people from Syria on Monday.", map[string]int{"total": 300}, map[string]string{"total": "about"}},
		{"almost 40 children", "Iraq repatriated almost 40 children from Syria on Monday.", map[string]int{"children": 40}, map[string]string{"children": "about"}},
		// The guide counts integers the text states: "a mother" and "a
		// dozen" state none (the dev gold agrees).
		{"a mother and her four children", "Italy repatriated a mother and her four children from Syria on Monday.", map[string]int{"children": 4}, nil},
		{"a dozen children", "France repatriated a dozen children from Syria on Monday.", map[string]int{}, nil},
		// The words of lexicon lists that were code once.
		{"women and young children", "Kyrgyzstan repatriated 59 women and young children from Syria.", map[string]int{"total": 59}, nil},
		{"wives and grandchildren", "Kyrgyzstan repatriated 40 wives and grandchildren from Syria.", map[string]int{"total": 40}, nil},
		{"79 Kyrgyz returned", "In total 79 Kyrgyz returned from Iraq on Monday.", map[string]int{"total": 79}, nil},
		{"received the four in", "The envoy received the four in Qamishli on Monday and flew them to Belgium.", map[string]int{"total": 4}, nil},
		{"the latest five from", "The return of the latest five from the camp to Albania was televised.", map[string]int{"total": 5}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.counts, evs[0].Counts)
			if tc.quals == nil {
				tc.quals = map[string]string{}
			}
			assert.Equal(t, tc.quals, evs[0].Qualifiers)
		})
	}
}

func TestExtract_NotCounts(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
	}{
		{"dozens of women and children", "Kazakhstan repatriated dozens of women and children."},
		{"161 families", "Iraq repatriated 161 families from al-Hol."},
		{"children aged 3 to 14", "Children aged 3 to 14 were returned."},
		{"a 17-year-old boy", "A 17-year-old boy was repatriated."},
		{"eight children plus one", "Eight children from camps plus one from an orphanage were returned."},
		{"went to join IS", "Some 300 citizens went to join IS and 70 returned."},
		{"still waiting to be repatriated", "Seven more women and 12 children are still waiting to be repatriated."},
		{"will repatriate 40", "The government will repatriate 40 children next month."},
		{"estimates 156 citizens", "The ministry estimates 156 citizens went to fight, with 80 having returned."},
		{"camp holds 2,500 people", "The camp holds about 2,500 people from 50 countries."},
		{"12 of them were killed", "Some 20 Australian men travelled to Syria in 2014, and at least 12 of them were killed."},
		{"20 children remained", "Sudan brought back women on Monday; 20 children remained in Syria."},
		{"20 children stranded", "Sudan said 20 children stranded in Syria want to come home."},
		{"who has four children", "Spain repatriated a woman, who has four children, on Monday."},
		{"the two countries", "After talks between the two countries, Belgium repatriated children from Syria."},
		{"they included 10 men", "Forty Malaysians held in Syria have asked to come home, and police said they included 10 men and 12 boys."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, ev := range extractText(t, x, tc.text, "2023-05-10") {
				assert.Empty(t, ev.Counts)
			}
		})
	}
}

func TestExtract_Dates(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name      string
		text      string
		published string
		want      string
	}{
		{"on Thursday", "Tajikistan on Thursday repatriated 40 children.", "2023-05-13", "2023-05-11"},
		{"late on Monday", "Spain flew home two women and 13 children late on Monday.", "2023-01-10", "2023-01-09"},
		{"last month", "Tajikistan repatriated 84 children late last month.", "2019-05-29", "2019-04"},
		{"March 16 without a publication date", "A plane carrying 79 Kyrgyz children landed on March 16.", "", "XXXX-03-16"},
		{"in February this year", "In February this year another 59 Kyrgyz women and children were returned.", "2022-09-01", "2022-02"},
		{"in February this year without a publication date", "In February this year another 59 Kyrgyz women and children were returned.", "", "XXXX-02"},
		{"in October later than publication", "In October, the police brought home two Malaysian children.", "2019-05-19", "2018-10"},
		{"on November 27-28", "14 children were evacuated to Kazakhstan on November 27-28.", "2019-12-09", "2019-11-27"},
		{"20 December 2020", "On Sunday 20 December 2020, Finland repatriated six children.", "2020-12-21", "2020-12-20"},
		{"said on Sunday it had repatriated", "Tajikistan said on Sunday it had repatriated 104 women and children.", "2023-05-22", ""},
		{"on Tuesday without a publication date", "Norway on Tuesday repatriated two women and three children.", "", ""},
		{"in 2018-20 on a cumulative total", "Tajikistan repatriated 300 women and children in 2018-20.", "2023-01-01", ""},
		{"since January 2019 on a cumulative total", "Kazakhstan has repatriated 607 citizens since January 2019.", "2023-01-01", ""},
		{"in three operations in 2019", "Kazakhstan repatriated 400 citizens in three operations in 2019.", "2023-01-01", "2019"},
		{"in three operations over the past two years", "Kazakhstan repatriated 400 citizens in three operations over the past two years.", "2023-01-01", ""},
		{"since 2019 on a cumulative total", "Kazakhstan has brought back more than 700 citizens since 2019.", "2023-01-01", ""},
		{"at the weekend", "Germany said 3 women and 12 children were repatriated at the weekend.", "2020-12-20", "2020-12-19"},
		{"arrived on Saturday, flown out on Friday", "Four Australian women and 13 children arrived in Sydney on Saturday. The group was flown out of Syria on Friday.", "2022-10-29", "2022-10-28"},
		{"handed over on May 29, arrived on May 30", "Four Uzbek women and 13 children arrived in Tashkent on May 30. Kurdish authorities had handed them over on May 29.", "2019-06-01", "2019-05-30"},
		{"flown out overnight", "Germany brought home eight women and 23 children. They were flown out of Syria overnight.", "2021-10-07", ""},
		{"last week within one month", "Twenty-five Uzbek children were brought home from Iraq last week.", "2023-05-10", "2023-05"},
		{"last week across two months", "Twenty-five Uzbek children were brought home from Iraq last week.", "2020-12-09", ""},
		{"said in a statement on Thursday", "Belgium repatriated six children, the foreign ministry said in a statement on Thursday.", "2023-05-13", ""},
		{"tweeted on Thursday", "Belgium repatriated six children, the minister tweeted on Thursday.", "2023-05-13", ""},
		{"told reporters on Thursday", "Belgium repatriated six children, the minister told reporters on Thursday.", "2023-05-13", ""},
		{"repatriated on Thursday, the ministry said", "Belgium repatriated six children on Thursday, the foreign ministry said.", "2023-05-13", "2023-05-11"},
		{"on 3 February", "France repatriated 35 children on 3 February.", "2023-05-10", "2023-02-03"},
		{"earlier this month", "France repatriated 35 children earlier this month.", "2023-05-10", "2023-05"},
		{"in mid-March", "France repatriated 35 children in mid-March.", "2023-05-10", "2023-03"},
		{"on February 29 in a common year", "France repatriated 35 children on February 29.", "2023-05-10", "2020-02-29"},
		{"on February 30 keeps the month", "France repatriated 35 children on February 30.", "2023-05-10", "2023-02"},
		{"on the night of 3 to 4 February", "France repatriated 35 children on the night of 3 to 4 February.", "2023-05-10", "2023-02-03"},
		{"between 3 and 5 February 2020", "France repatriated 35 children between 3 and 5 February 2020.", "2023-05-10", "2020-02-03"},
		{"in the summer of 2019", "France repatriated 35 children in the summer of 2019.", "2023-05-10", "2019"},
		{"last summer", "France repatriated 35 children last summer.", "2023-05-10", ""},
		{"On Thursday, the foreign ministry said", "On Thursday, the foreign ministry said Belgium had repatriated six children.", "2023-05-13", ""},
		{"On Thursday, Belgium repatriated, officials said", "On Thursday, Belgium repatriated six children, officials said.", "2023-05-13", "2023-05-11"},
		{"took place on September 29, officials said", "The United States repatriated 27 citizens. The most recent transfer of nine took place on September 29, officials said.", "2020-10-01", "2020-09-29"},
		{"on 2021-12-03", "Moldova repatriated three children on 2021-12-03.", "2023-05-10", "2021-12-03"},
		{"two days ago", "Ukraine repatriated three children two days ago.", "2023-05-10", "2023-05-08"},
		{"a week ago", "Ukraine repatriated three children a week ago.", "2023-05-10", "2023-05-03"},
		{"two weeks ago", "Ukraine repatriated three children two weeks ago.", "2023-05-10", "2023-04-26"},
		{"a week ago without a publication date", "Ukraine repatriated three children a week ago.", "", ""},
		{"between May 7 and May 9", "France repatriated 35 children between May 7 and May 9.", "2023-05-10", "2023-05-07"},
		{"a year in a when clause", "France brought back five children taken to Syria when their mothers joined the group in 2016.", "2023-05-10", ""},
		{"the day, then a year in a when clause", "Norway on Monday repatriated three children taken away when their father left in 2014.", "2023-05-10", "2023-05-08"},
		{"until a day on a cumulative total", "A total of 370 Indonesian citizens were repatriated until March 26, 2017.", "2017-04-01", ""},
		{"since a day on a cumulative total", "Kazakhstan has repatriated 607 citizens since 7 January 2019.", "2023-01-01", ""},
		{"the first such operation since a month", "Kazakhstan repatriated 30 citizens, the first such operation since May.", "2023-01-01", ""},
		{"a year in a where clause", "Iraq brought home 706 citizens from Syria, where the group was defeated in late 2017.", "2023-05-10", ""},
		{"a year in an opening after phrase", "After the group lost its last town in 2019, Belgium repatriated six children.", "2023-05-10", ""},
		{"an opening after phrase, then the day", "After long talks with the Kurdish authorities, Belgium repatriated six children on Monday.", "2023-05-10", "2023-05-08"},
		{"after in the transfer's clause", "Six Belgian children were repatriated after Kurdish forces handed them over on Monday.", "2023-05-10", "2023-05-08"},
		{"on April 30 last year", "Eighty-four Tajik children were brought home on April 30 last year.", "2020-07-28", "2019-04-30"},
		{"in March last year", "Eighty-four Tajik children were brought home in March last year.", "2020-07-28", "2019-03"},
		{"on April 30 last year without a publication date", "Eighty-four Tajik children were brought home on April 30 last year.", "", "XXXX-04-30"},
		{"in March last year without a publication date", "Eighty-four Tajik children were brought home in March last year.", "", "XXXX-03"},
		{"on April 30 this year", "Eighty-four Tajik children were brought home on April 30 this year.", "2020-07-28", "2020-04-30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, tc.published)
			require.Len(t, evs, 1)
			assert.Equal(t, tc.want, evs[0].Date)
		})
	}
}

func TestExtract_Countries(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		want string
		from []string
	}{
		{"Kyrgyz Republic repatriated", "The Kyrgyz Republic repatriated 79 children from Iraq.", "KG", []string{"IQ"}},
		{"who are Kyrgyz citizens", "Thirty-one women who are Kyrgyz citizens were transferred from Syria.", "KG", []string{"SY"}},
		{"repatriated to Turkey", "Iraq repatriated to Turkey 188 children of Turks.", "TR", []string{"IQ"}},
		{"the Kyrgyz government's repatriation of", "The United States applauds the Kyrgyz government's repatriation of 79 children from Iraq.", "KG", []string{"IQ"}},
		{"Kosovo", "Kosovo repatriated 110 citizens from Syria.", "XK", []string{"SY"}},
		{"Türkiye", "Türkiye brought home 20 children from Iraq.", "TR", []string{"IQ"}},
		{"the Central Asian country", "Kazakhstan welcomes children home\nThe Central Asian country repatriated 12 children from Syria.", "KZ", []string{"SY"}},
		{"from al-Hol camp", "Iraq repatriated 150 Iraqi families, about 600 people, from al-Hol camp.", "IQ", []string{"SY"}},
		{"flown home from Baghdad", "Around 50 Russian children were flown home from Baghdad on Sunday.", "RU", []string{"IQ"}},
		{"Paris repatriated", "Paris repatriated 35 children from camps in Syria.", "FR", []string{"SY"}},
		{"landed in Moscow", "A plane with 27 children from Iraq landed in Moscow on Sunday.", "RU", []string{"IQ"}},
		{"received 150 families, including 600 people, from al-Hol", "Iraq received 150 families, including 600 people, from al-Hol on Monday.", "IQ", []string{"SY"}},
		{"received 188 children from Iraq", "Turkey received 188 children from Iraq on Monday.", "TR", []string{"IQ"}},
		{"managed to repatriate", "Albania managed to repatriate four minors from Syria.", "AL", []string{"SY"}},
		{"received orphans stranded in Syria", "The ministry received four Sudanese orphans stranded in the north-east of Syria on Monday.", "SD", []string{"SY"}},
		{"held in Syria", "Radio said the administration repatriated 146 Tajik women who were held in Syria.", "TJ", []string{"SY"}},
		{"taken out of the Syrian camp", "Three Ukrainian women and 11 children were taken out of the Syrian camp.", "UA", []string{"SY"}},
		{"a dateline names no country", "Norway takes back a child\nQAMISHLI, Syria (Local Press) – The administration handed over one child to a delegation from Norway on Sunday.", "NO", []string{}},
		{"11 Kosovo citizens", "The minister said they had brought home 11 Kosovo citizens from Syria.", "XK", []string{"SY"}},
		{"Palestinian", "Two Palestinian children were handed over to their consulate on Sunday.", "PS", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.want, evs[0].Country)
			assert.Equal(t, tc.from, evs[0].From)
		})
	}
}

func TestExtract_Partners(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"with the support of UNICEF", "Kyrgyzstan repatriated 79 children with the support of UNICEF and the Kyrgyzstan Red Crescent.", []string{"UNICEF", "Kyrgyzstan Red Crescent"}},
		{"thanked the ICRC", "Egypt repatriated 12 children. The ministry thanked the International Committee of the Red Cross for its help.", []string{"ICRC"}},
		{"“grateful” to the United States", "Kyrgyzstan repatriated 95 citizens. The ministry was “grateful” to the United States for assistance.", []string{"US"}},
		{"coordinated by the Syrian Foreign Ministry", "Tajikistan repatriated 146 women. The transfer was coordinated by the Syrian Foreign Ministry and the diplomatic representatives of Tajikistan in Kuwait.", []string{"SY"}},
		{"Kurdish authorities handed over", "Kurdish authorities handed over 148 Uzbek women and children.", []string{"AANES"}},
		{"the US, UNICEF and several charities helped", "Kyrgyzstan repatriated 22 citizens on Friday. It added that the United States, UNICEF and several charities helped carry out the operation.", []string{"UNICEF", "US"}},
		{"logistical and other support from", "Spain repatriated two women on Monday. The flight had logistical and other support from the United States.", []string{"US"}},
		{"relied on the SDF", "France repatriated five children on Friday. In Syria, France relied on the Syrian Democratic Forces for the handover.", []string{"SDF"}},
		{"the administration of northern and eastern Syria", "The Autonomous Administration of northern and eastern Syria handed over eight Australian children to Australia on Monday.", []string{"AANES"}},
		{"help from Lebanese counterparts", "Albania repatriated four children on Monday with much help from their Lebanese counterparts.", []string{"LB"}},
		{"Lebanon supervised the return", "Lebanon supervised the return of 19 Albanian women and children from Syria on Monday.", []string{"LB"}},
		{"With U.S. assistance", "With U.S. assistance, Austria repatriated two women and three children.", []string{"US"}},
		{"cooperation between", "Denmark brought home three women. The evacuation followed cooperation between the Kurdish-led administration and Danish authorities.", []string{"AANES"}},
		{"with US military support", "Denmark brought home three women with US military support.", []string{"US"}},
		{"with UNICEF and its support", "Denmark brought home three women with UNICEF and its support.", nil},
		{"in cooperation with German authorities", "Finland repatriated six children. The ministry organised the repatriation in cooperation with German authorities.", []string{"DE"}},
		{"in a joint operation with Kosovo", "Nine Albanian women and children were repatriated from Syria in a joint operation with Kosovo.", []string{"XK"}},
		{"the UN Office of Counter-Terrorism supported", "Kazakhstan brought home 30 children. The UN Office of Counter-Terrorism supported the repatriation.", []string{"UNOCT"}},
		{"the US embassy welcomed", "Kosovo repatriated 110 citizens. The US embassy welcomed the move.", nil},
		{"United States applauds", "Austria repatriated two women. The United States applauds the repatriation.", nil},
		{"own foreign ministry", "Uzbekistan repatriated 156 citizens with the help of the Uzbek foreign ministry.", nil},
		{"coordinated with the Lebanese authorities and the Syrian Democratic Forces", "Albania repatriated five children. The operation was coordinated with the Lebanese authorities and the Syrian Democratic Forces.", []string{"LB", "SDF"}},
		{"handed over by the Iraqi authorities", "Twenty-five Uzbek children were handed over by the Iraqi authorities on December 3 with the help of UNICEF.", []string{"IQ", "UNICEF"}},
		{"received 20 women from the Kurdish-led administration", "Uzbek diplomats received 20 women from the Kurdish-led administration on Monday.", []string{"AANES"}},
		{"UNICEF provided support for the operation", "Tajikistan repatriated 20 children. UNICEF provided support for the operation.", []string{"UNICEF"}},
		{"IOM helped organise the flight", "Tajikistan repatriated 20 children. The International Organization for Migration (IOM) helped organise the flight.", []string{"IOM"}},
		{"UNICEF has helped thousands of children", "Tajikistan repatriated 20 children. UNICEF has helped thousands of children in Syria.", nil},
		{"the United States provided figures", "Tajikistan repatriated 20 children. The United States provided figures on the operation.", nil},
		{"coordinated with its own embassy", "Albania repatriated five children. The operation was coordinated with the Albanian embassy.", nil},
		{"UNICEF were present", "Iraq repatriated 188 children to Turkey. A UNICEF representative was present at the handover.", []string{"IQ"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.NotEmpty(t, evs)
			var got []string
			for _, p := range evs[0].Partners {
				got = append(got, p.Name)
				if p.ID != p.Name && len(p.ID) <= 6 {
					got[len(got)-1] = p.ID
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestExtract_Operations(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		want string
	}{
		{"dubbed “Meerim”", "A plane carrying 79 Kyrgyz children landed as part of a mission dubbed “Meerim” (Grace).", "Meerim"},
		{"Operation Dobro (Good Deed)", "Women rescued by Operation Good Deed arrive.\nUzbekistan carried out Operation Dobro (Good Deed), which brought home 156 Uzbek citizens.", "Dobro"},
		{"operation “Rusafa”", "The humanitarian operation “Rusafa” brought home 14 Kazakh children.", "Rusafa"},
		{"its Mehr (Kindness) humanitarian operation", "Uzbekistan repatriated 98 women and children in the fourth stage of its Mehr (Kindness) humanitarian operation.", "Mehr"},
		{"the Jusan operation", "The Jusan operation brought home 595 Kazakh citizens.", "Jusan"},
		{"the US operation", "Iraq repatriated 30 children in the US operation.", ""},
		{"the third such operation", "Kyrgyzstan repatriated 95 citizens in the third such operation.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.want, evs[0].Operation)
		})
	}
}

func TestExtract_NotEvents(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
	}{
		{"calls to repatriate", "Kurdish authorities have called on countries to repatriate 9,000 women and children."},
		{"rules out repatriating", "Australia ruled out repatriating 34 women and children from al-Roj."},
		{"plans to bring home", "Bosnia plans to bring home 24 people, namely women and children."},
		{"left for Syria", "Some 300 Kosovars left for Syria in 2014."},
		{"seeks repatriation", "Tajikistan seeks repatriation of 75 children from Iraq"},
		{"consider repatriating", "Ministers consider repatriating 12 children from Syria."},
		{"calling for the repatriation", "Lawyers calling for the repatriation of 40 women from Syria met on Monday."},
		{"agreed to repatriate", "The government agreed to repatriate six women and 13 children."},
		{"remain stranded", "More than 100 Bosnian nationals remain stranded in Syria."},
		{"travelled to join", "Some 300 Kosovars joined jihadists in Syria and Iraq."},
		{"no number and no date", "Kazakhstan repatriated women and children from Syria."},
		{"has received no citizens", "Kazakhstan has received no citizens from Syria this year."},
		{"brought back nobody", "Denmark brought back nobody from Syria last year."},
		{"received 40 requests from families in Syria", "The ministry received 40 requests from families in Syria on Monday."},
		{"would be flown to Tashkent", "Officials said the 25 children would be flown to Tashkent on Friday."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Empty(t, extractText(t, x, tc.text, "2023-05-10"))
		})
	}
}

func TestExtract_Merge(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name string
		text string
		want int
	}{
		{"title, lead and body repeat one operation", "France repatriates 40 children, 15 mothers from Syria camps\nFrance repatriates 40 children, 15 mothers from Syria camps\nFrance repatriated 40 children and 15 mothers from camps in Syria, the government said.", 1},
		{"a total and its parts", "Kyrgyzstan repatriated 95 wives and children from Syria. Thirty-one women and 64 children who are Kyrgyz citizens were transferred.", 1},
		{"an earlier operation with other numbers", "Kyrgyzstan repatriated 95 citizens. In March 2021, 79 children were repatriated while in February another 59 women and children were returned.", 3},
		{"parts that add up to the headline total", "Spain repatriates 15 from Syria camp\nMadrid said the operation went well.\nThe flight left Qamishli at dawn.\nIt stopped in Erbil.\nOfficials declined to comment.\nThe group of two women and 13 children arrived in Madrid late on Monday.", 1},
		{"an operation conducted in January 2019", "Kazakhstan repatriated 14 children on November 27. The humanitarian operation is part of the Jusan operation which was conducted in January 2019.", 2},
		{"15 women and 40 children in October, and 16 women and 35 children in July", "France had repatriated 15 women and 40 children in October, and 16 women and 35 children in July.", 2},
		{"59 women and children in February and 79 children in March 2021", "Kyrgyzstan evacuated 59 women and children from Syria in February and 79 children from Iraq in March 2021.", 2},
		{"30 women on Monday and 40 children", "Kyrgyzstan repatriated 30 women on Monday and 40 children.", 1},
		{"two countries on one flight", "Germany repatriated four women and nine children, while two Dutch women and their five children were on the same flight.", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Len(t, extractText(t, x, tc.text, "2022-09-01"), tc.want)
		})
	}
}

// TestExtract_PartOfSeveralCountries: "N of them children" after the
// counts of several countries is a part of all of them, no country's
// count, and the helper that is the sentence's subject helps them all.
func TestExtract_PartOfSeveralCountries(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	evs := extractText(t, x, "The United States on the same flight facilitated the repatriation of five Canadian citizens, three Dutch citizens and two Finnish citizens, six of them children, officials said.", "2023-05-10")
	var countries []string
	for _, ev := range evs {
		countries = append(countries, ev.Country)
		assert.Equal(t, []Partner{{ID: "US", Name: "United States"}}, ev.Partners, ev.Country)
		assert.NotContains(t, ev.Counts, GroupChildren, ev.Country)
	}
	assert.Equal(t, []string{"CA", "NL", "FI"}, countries)

	evs = extractText(t, x, "Canada repatriated five Canadian citizens, three of them children, on Monday.", "2023-05-10")
	require.Len(t, evs, 1)
	assert.Equal(t, map[string]int{GroupTotal: 5, GroupChildren: 3}, evs[0].Counts)
}

// TestExtract_PreciseFigure: an estimate and an exact figure close to it
// state one operation, which keeps the exact one (the corpus guide's
// "most precise figure"); a figure far from the estimate is another.
func TestExtract_PreciseFigure(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name, text string
		counts     []map[string]int
	}{
		{"around 20, then 22", "Kyrgyzstan repatriated around 20 women and children from Syria on Friday. The ministry said 22 citizens were brought back home.", []map[string]int{{"total": 22}}},
		{"22, then around 20", "Kyrgyzstan repatriated 22 citizens from Syria on Friday. Around 20 women and children were brought back home, officials said.", []map[string]int{{"total": 22}}},
		{"around 20, then 35", "Kyrgyzstan repatriated around 20 women and children from Syria on Friday. The ministry said 35 citizens were brought back home.", []map[string]int{{"total": 20}, {"total": 35}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []map[string]int
			for _, ev := range extractText(t, x, tc.text, "2024-07-20") {
				got = append(got, ev.Counts)
				if ev.Counts[GroupTotal] == 22 {
					assert.Empty(t, ev.Qualifiers, "the exact figure is no estimate")
				}
			}
			assert.Equal(t, tc.counts, got)
		})
	}
}

// TestExtract_PartnerIDs: an organisation the gazetteer lacks gets its
// normalised name as id, whatever its article and form; a place named
// like one is no partner.
func TestExtract_PartnerIDs(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name, text string
		want       []string
	}{
		{"the and a curly apostrophe", "Sudan repatriated 10 children from Libya with the help of the Libyan Attorney General\u2019s Office.", []string{"Libyan Attorney General's Office"}},
		{"no leading the", "Sudan repatriated 10 children from Libya with the help of Libyan Attorney General's Office.", []string{"Libyan Attorney General's Office"}},
		{"a county is a place", "Sudan repatriated 10 children from Libya with the help of Misrata County.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs := extractText(t, x, tc.text, "2023-05-10")
			require.NotEmpty(t, evs)
			var ids []string
			for _, p := range evs[0].Partners {
				ids = append(ids, p.ID)
			}
			assert.Equal(t, tc.want, ids)
		})
	}
}

// TestExtract_HandedOverTo checks that the side people are handed over to
// is whose people they are, against an article's main country.
func TestExtract_HandedOverTo(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	const text = "Britain took back three British children. Britain had asked for it.\n" +
		"Three women and eight children were handed over to a Swedish delegation on Wednesday."
	got := map[string]map[string]int{}
	for _, ev := range extractText(t, x, text, "2021-10-08") {
		got[ev.Country] = ev.Counts
	}
	assert.Equal(t, map[string]map[string]int{"GB": {"children": 3}, "SE": {"women": 3, "children": 8}}, got)
}

// TestExtract_EstimateSpan: "an estimated" belongs to the words that state
// the count (estimate_adjectives.txt), so the evidence starts at "an".
func TestExtract_EstimateSpan(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	text := "Iraq repatriated an estimated 200 women from Syria on Monday."
	evs := extractText(t, x, text, "2023-05-10")
	require.Len(t, evs, 1)
	var got []string
	for _, e := range evs[0].Evidence {
		if e.Field == "counts.women" {
			got = append(got, e.Span.Of(text))
		}
	}
	assert.Equal(t, []string{"an estimated 200 women"}, got)
}
