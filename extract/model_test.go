package extract

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

// holdoutExamples proposes the held-out articles written for the project
// (testdata/holdout), with their gold: a corpus every clone has.
func holdoutExamples(tb testing.TB, x *Extractor) []Example {
	tb.Helper()
	dir := filepath.Join("..", "testdata", "holdout")
	gold, err := ReadGoldFile(filepath.Join(dir, "gold.jsonl"))
	require.NoError(tb, err)
	var out []Example
	for a, err := range ingest.Read(context.Background(), []string{filepath.Join(dir, "articles.jsonl")}, ingest.Options{}) {
		require.NoError(tb, err)
		p, err := x.Propose(context.Background(), a)
		require.NoError(tb, err)
		out = append(out, Example{Proposal: p, Gold: gold[a.SourceID]})
	}
	require.NotEmpty(tb, out)
	return out
}

// proposeText proposes the candidates of one article made of text,
// published on 1 June 2023.
func proposeText(tb testing.TB, x *Extractor, text string) *Proposal {
	tb.Helper()
	p, err := x.Propose(context.Background(), ingest.Article{SourceID: "t", Text: text, Published: "2023-06-01"})
	require.NoError(tb, err)
	return p
}

func TestTrain_Deterministic(t *testing.T) {
	x := newTestExtractor(t, Options{})
	var files [2]bytes.Buffer
	for i := range files {
		m := Train(holdoutExamples(t, x), TrainOptions{})
		require.NoError(t, m.Write(&files[i]))
	}
	assert.NotEmpty(t, files[0].Bytes())
	assert.Equal(t, files[0].String(), files[1].String(), "the same examples must give the same model file")
}

// TestFit_OrderFree: the weights do not depend on the order of the
// training articles, so a change to one article's candidates moves the
// model only as much as the data does.
func TestFit_OrderFree(t *testing.T) {
	exs := holdoutExamples(t, newTestExtractor(t, Options{}))
	rev := slices.Clone(exs)
	slices.Reverse(rev)
	opts := TrainOptions{}.withDefaults()
	a, b := fit(exs, opts), fit(rev, opts)
	require.NotEmpty(t, a.Weights)
	require.Len(t, b.Weights, len(a.Weights))
	for f, w := range a.Weights {
		// Sums in another order differ in the last bits, which may tip
		// a weight's rounding to 1e-4.
		assert.InDelta(t, w, b.Weights[f], 2e-4, f)
	}
}

func TestModel_WriteRead(t *testing.T) {
	x := newTestExtractor(t, Options{})
	exs := holdoutExamples(t, x)
	m := Train(exs, TrainOptions{})
	var buf bytes.Buffer
	require.NoError(t, m.Write(&buf))
	back, err := ReadModel(&buf)
	require.NoError(t, err)
	assert.Equal(t, m, back)
	for _, ex := range exs {
		assert.Equal(t, m.Decide(ex.Proposal), back.Decide(ex.Proposal), ex.Proposal.SourceID)
	}

	_, err = ReadModel(strings.NewReader(`{"format": 99, "weights": {}}`))
	assert.ErrorContains(t, err, "model format 99")
	_, err = ReadModel(strings.NewReader(`{"format": 1, `))
	assert.Error(t, err)
}

func TestDefaultModel_Embedded(t *testing.T) {
	m, err := DefaultModel()
	require.NoError(t, err)
	assert.NotEmpty(t, m.Weights, "the embedded model is trained (make model)")
	for _, k := range ScoreKinds {
		assert.Contains(t, m.Threshold, k)
		assert.Contains(t, m.Threshold, k+"/rule")
	}
}

// TestTrain_LearnsFromLabels trains on the held-out articles once with
// their gold and once with gold that drops every count: the second model
// must keep fewer counts on the same articles, so what the labels say is
// what the model learns.
func TestTrain_LearnsFromLabels(t *testing.T) {
	x := newTestExtractor(t, Options{})
	exs := holdoutExamples(t, x)
	var noCounts []Example
	for _, ex := range exs {
		var g []GoldEvent
		for _, ev := range ex.Gold {
			ev.Counts = nil
			g = append(g, ev)
		}
		noCounts = append(noCounts, Example{Proposal: ex.Proposal, Gold: g})
	}
	counts := func(m *Model) int {
		n := 0
		for _, ex := range exs {
			for _, ev := range m.Decide(ex.Proposal) {
				n += len(ev.Counts)
			}
		}
		return n
	}
	withCounts, without := counts(Train(exs, TrainOptions{})), counts(Train(noCounts, TrainOptions{}))
	assert.Positive(t, withCounts)
	assert.Less(t, without, withCounts)
}

func TestFoldOf(t *testing.T) {
	ids := []string{"a", "b", "kz-2019-05-x", "fr-2023-07-y", "000_1", "us"}
	for _, id := range ids {
		f := FoldOf(id, 5)
		assert.GreaterOrEqual(t, f, 0)
		assert.Less(t, f, 5)
		assert.Equal(t, f, FoldOf(id, 5), "an article keeps its fold")
	}
}

func TestCrossValidate_ScoresEachArticleOnce(t *testing.T) {
	x := newTestExtractor(t, Options{})
	exs := holdoutExamples(t, x)
	cv := CrossValidate(exs, 3, TrainOptions{})
	require.Len(t, cv.Folds, 3)
	n := 0
	for _, r := range cv.Folds {
		n += r.Articles
	}
	assert.Equal(t, len(exs), n, "every article is in exactly one test fold")
	assert.Len(t, cv.Events, len(exs))
	events := 0
	for _, b := range cv.Reliability {
		events += b.Events
		assert.LessOrEqual(t, b.Right, b.Events)
	}
	total := 0
	for _, evs := range cv.Events {
		total += len(evs)
	}
	assert.Equal(t, total, events, "every decided event falls in one confidence bin")
}

func TestEventRight(t *testing.T) {
	gold := []GoldEvent{{Country: "KZ", Date: "2019-05-09", Counts: map[string]int{"women": 11, "children": 20}, From: []string{"SY"}}}
	tests := []struct {
		name string
		ev   Event
		want bool
	}{
		{"all counts and the date", Event{Country: "KZ", Date: "2019-05-09", Counts: map[string]int{"women": 11, "children": 20}}, true},
		{"some counts", Event{Country: "KZ", Counts: map[string]int{"children": 20}}, true},
		{"a wrong place does not make it wrong", Event{Country: "KZ", Counts: map[string]int{"children": 20}, From: []string{"IQ"}}, true},
		{"a wrong count", Event{Country: "KZ", Counts: map[string]int{"children": 21}}, false},
		{"another country", Event{Country: "UZ", Counts: map[string]int{"children": 20}}, false},
		{"nothing to check", Event{Country: "KZ", From: []string{"SY"}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, EventRight(gold, tc.ev))
		})
	}
}

// TestPropose_HeldPeople checks that people a sentence says are held, in
// no transfer's clause or doing something else than the transfer of
// their clause, are offered to no event, while a count a transfer's
// clause, or its own participle, states beside the same words is.
func TestPropose_HeldPeople(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Morocco repatriated eight children on Monday. " +
		"Some 81 women and 251 children are detained in the camps. " +
		"Another 40 children who were detained in Iraq were repatriated in May. " +
		"The ministry estimates 156 citizens went to fight, and 80 have returned. " +
		"The 12 recently repatriated children left behind 30 mothers still in detention."
	p := proposeText(t, x, text)
	values := countValues(p)
	assert.Contains(t, values, "8")
	assert.Contains(t, values, "40")
	assert.Contains(t, values, "12", "the participle says they were moved")
	assert.NotContains(t, values, "81")
	assert.NotContains(t, values, "251")
	assert.NotContains(t, values, "156")
}

// TestPropose_SharedPeople checks that people of several countries, sent
// "to their countries", are offered to no event, while the same words
// sent to one country are.
func TestPropose_SharedPeople(t *testing.T) {
	x := newTestExtractor(t, Options{})
	p := proposeText(t, x, "Norway received two children on Monday. "+
		"The administration has handed over 171 women and 177 children to their countries of origin so far. "+
		"It handed over 17 women and 18 children to Norway last year.")
	values := countValues(p)
	assert.Contains(t, values, "17")
	assert.Contains(t, values, "18")
	assert.NotContains(t, values, "171")
	assert.NotContains(t, values, "177")
}

// countValues lists the values of p's count candidates.
func countValues(p *Proposal) []string {
	var values []string
	for _, c := range p.cands {
		if c.kind == "count" {
			values = append(values, c.value)
		}
	}
	return values
}

// TestEventSignals_DateBesideCounts: the last signal says whether the
// event's date stands in a sentence that states one of its counts.
func TestEventSignals_DateBesideCounts(t *testing.T) {
	row := func(field string, sentence int) Evidence {
		return Evidence{Field: field, Sentence: Span{Start: sentence, End: sentence + 10}}
	}
	tests := []struct {
		name string
		ev   Event
		want float64
	}{
		{"date in the count's sentence", Event{Date: "2023-05-08", Evidence: []Evidence{row("counts.women", 0), row("date", 0)}}, 1},
		{"date in another sentence", Event{Date: "2019", Evidence: []Evidence{row("counts.women", 0), row("date", 20)}}, 0},
		{"no date", Event{Evidence: []Evidence{row("counts.women", 0)}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := eventSignals([]float64{0.9}, 1, 0, true, false, tc.ev)
			assert.Equal(t, tc.want, x[len(x)-1])
		})
	}
}

// TestEventSignals_TotalShortOfParts: the last signal but one says
// whether the event's total is less than its own parts.
func TestEventSignals_TotalShortOfParts(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
		want   float64
	}{
		{"total below its parts", map[string]int{"total": 5, "women": 4, "children": 10}, 1},
		{"total of its parts", map[string]int{"total": 14, "women": 4, "children": 10}, 0},
		{"parts only", map[string]int{"women": 4, "children": 10}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := eventSignals([]float64{0.9}, 1, 0, true, false, Event{Counts: tc.counts})
			assert.Equal(t, tc.want, x[len(x)-2])
		})
	}
}

// TestDecide_JoinThreshold: a count the rules did not choose stands with
// its kind's threshold, or with the join threshold where it joins an
// event already built ("12 women came with them") rather than starting
// one. A model with no weights gives every candidate 0.5, so the
// thresholds alone decide.
func TestDecide_JoinThreshold(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Morocco repatriated eight children from Syria on Monday. Officials said 12 women came with them. " +
		"Morocco wants 40 more children returned, officials said."
	p := proposeText(t, x, text)
	counts := func(start, join float64) []map[string]int {
		th := map[string]float64{"count/rule": 0, "count": start, joinKey: join}
		var out []map[string]int
		for _, ev := range (&Model{Threshold: th}).Decide(p) {
			out = append(out, ev.Counts)
		}
		return out
	}
	assert.Equal(t, []map[string]int{{"children": 8, "women": 12}}, counts(1.01, 0.4), "joins, starts nothing")
	assert.Equal(t, []map[string]int{{"children": 8}}, counts(1.01, 1.01), "neither")
	assert.Equal(t, []map[string]int{{"children": 8, "women": 12}, {"children": 40}}, counts(0.4, 1.01), "the kind's threshold for both")
}

// TestDecide_EstimateOfStatedFigure: an estimate the rules did not choose
// ("around 20 women and children") beside the exact figure an event
// states ("22 citizens") adds no second event.
func TestDecide_EstimateOfStatedFigure(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Kyrgyzstan repatriated 22 citizens from Syria on Friday. Officials said around 20 women and children came home. " +
		"Officials said 60 women and children came home."
	p := proposeText(t, x, text)
	th := map[string]float64{"count/rule": 0, "count": 0.4}
	var totals []int
	for _, ev := range (&Model{Threshold: th}).Decide(p) {
		totals = append(totals, ev.Counts["total"])
	}
	assert.Equal(t, []int{22, 60}, totals)
}

// TestEventDateRelation: how a candidate date stands to its event's date.
func TestEventDateRelation(t *testing.T) {
	tests := []struct{ ev, date, want string }{
		{"", "2023-05-11", "none"},
		{"2023-05-11", "2023-05-11", "same"},
		{"2023-05", "2023-05-11", "compatible"},
		{"2023-05-11", "2023-05-09", "compatible"},
		{"2023-05-11", "2019", "other"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, eventDateRelation(tc.ev, tc.date), tc.ev+" "+tc.date)
	}
}

// TestMergeSameDay: an operation told twice, each time with its day,
// is one event; two transfers of one country on one day with other
// counts, or of two countries, stay apart.
func TestMergeSameDay(t *testing.T) {
	ev := func(country, date string, counts map[string]int, partners ...string) *Event {
		e := &Event{Country: country, Date: date, Counts: counts, Qualifiers: map[string]string{}, From: []string{}}
		for _, p := range partners {
			e.Partners = append(e.Partners, Partner{ID: p, Name: p})
		}
		e.Evidence = []Evidence{{Field: "date", Text: date + country}}
		return e
	}
	tests := []struct {
		name string
		in   []*Event
		want []*Event
	}{
		{"told twice, once with counts",
			[]*Event{ev("NO", "2021-11-22", map[string]int{"children": 1}), ev("NO", "2021-11-22", map[string]int{}, "AANES")},
			[]*Event{{Country: "NO", Date: "2021-11-22", Counts: map[string]int{"children": 1}, Qualifiers: map[string]string{}, From: []string{},
				Partners: []Partner{{ID: "AANES", Name: "AANES"}}, Evidence: []Evidence{{Field: "date", Text: "2021-11-22NO"}}}}},
		{"counts that add groups",
			[]*Event{ev("AZ", "2022-11", map[string]int{"total": 16}), ev("AZ", "2022-11", map[string]int{"women": 3})},
			[]*Event{{Country: "AZ", Date: "2022-11", Counts: map[string]int{"total": 16, "women": 3}, Qualifiers: map[string]string{}, From: []string{},
				Evidence: []Evidence{{Field: "date", Text: "2022-11AZ"}}}}},
		{"other counts on the same day",
			[]*Event{ev("IQ", "2023-03-03", map[string]int{"total": 800}), ev("IQ", "2023-03-03", map[string]int{"total": 490})},
			[]*Event{ev("IQ", "2023-03-03", map[string]int{"total": 800}), ev("IQ", "2023-03-03", map[string]int{"total": 490})}},
		{"two countries on one day",
			[]*Event{ev("DE", "2021-10-06", map[string]int{}), ev("DK", "2021-10-06", map[string]int{})},
			[]*Event{ev("DE", "2021-10-06", map[string]int{}), ev("DK", "2021-10-06", map[string]int{})}},
		{"no date",
			[]*Event{ev("FR", "", map[string]int{"children": 5}), ev("FR", "", map[string]int{"women": 2})},
			[]*Event{ev("FR", "", map[string]int{"children": 5}), ev("FR", "", map[string]int{"women": 2})}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			absorbed := 0
			got := mergeSameDay(tc.in, func(e *Event) *Event { return e }, func(_, _ *Event) { absorbed++ })
			assert.Equal(t, tc.want, got)
			assert.Equal(t, len(tc.in)-len(tc.want), absorbed)
		})
	}
}

// TestInQuote: a date inside a quotation is a speaker's.
func TestInQuote(t *testing.T) {
	tests := []struct {
		before string
		want   bool
	}{
		{`"We brought nine children home `, true},
		{`“We brought nine children home `, true},
		{`“We brought them home,” she said `, false},
		{`"We brought them home," she said `, false},
		{`Norway repatriated five children `, false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, inQuote(tc.before), tc.before)
	}
}

// TestFeatures_QuotedDate: a date candidate in quoted speech says so.
func TestFeatures_QuotedDate(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Norway repatriated five children from Syria. \"We brought them home today,\" the minister said."
	p := proposeText(t, x, text)
	found := false
	for _, c := range p.cands {
		if c.kind == "date" && c.value == "2023-06-01" {
			found = true
			assert.Contains(t, c.feats, "date|quoted")
		}
	}
	assert.True(t, found, "the quoted day is a candidate")
}

// TestFeatures_EventOrigin: an origin candidate says whether its event
// has no origin yet, has this one, or has another.
func TestFeatures_EventOrigin(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Denmark repatriated three women and seven children from Syria on Monday. " +
		"The children had been held in camps in Iraq. " +
		"In March 2021, Denmark brought home two orphans."
	p := proposeText(t, x, text)
	got := map[string]bool{}
	for _, c := range p.cands {
		if c.kind != "from" || c.event < 0 || c.country != "DK" {
			continue
		}
		for _, f := range c.feats {
			if strings.HasPrefix(f, "from|ev_from=") {
				got[c.value+" "+p.Events[c.event].Date+" "+strings.TrimPrefix(f, "from|ev_from=")] = true
			}
		}
	}
	assert.True(t, got["SY 2023-05-29 same"], "%v", got)
	assert.True(t, got["IQ 2023-05-29 other"], "%v", got)
	assert.True(t, got["SY 2021-03 none"], "%v", got)
}

// TestFeatures_MostMentionedOrigin: an origin candidate says whether its
// place is the one the article names most often.
func TestFeatures_MostMentionedOrigin(t *testing.T) {
	x := newTestExtractor(t, Options{})
	const text = "Denmark repatriated three women and seven children from Syria on Monday. " +
		"They had lived in a camp in Syria for years. " +
		"One of the women had earlier been held in Iraq. " +
		"Camps in Syria still hold many foreigners."
	p := proposeText(t, x, text)
	most := map[string]bool{}
	for _, c := range p.cands {
		if c.kind == "from" {
			most[c.value] = most[c.value] || slices.Contains(c.feats, "from|most_mentioned")
		}
	}
	assert.Equal(t, map[string]bool{"SY": true, "IQ": false}, most)
}

// TestFeatures_AggregateOrigin: an origin candidate of a cumulative total
// says so beside its event's origin, and one of a single transfer does not.
func TestFeatures_AggregateOrigin(t *testing.T) {
	x := newTestExtractor(t, Options{})
	tests := []struct {
		name, text string
		want       bool
	}{
		{"cumulative total", "Denmark has brought back 40 citizens from Syria and Iraq since 2019.", true},
		{"one transfer", "Denmark brought back 40 citizens from Syria on Monday.", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := proposeText(t, x, tc.text)
			var seen, aggregate bool
			for _, c := range p.cands {
				if c.kind != "from" || c.event < 0 {
					continue
				}
				seen = true
				for _, f := range c.feats {
					aggregate = aggregate || strings.HasPrefix(f, "from|ev_from=") && strings.HasSuffix(f, "=aggregate")
				}
			}
			require.True(t, seen, "an origin candidate")
			assert.Equal(t, tc.want, aggregate)
		})
	}
}
