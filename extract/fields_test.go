package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFields(t *testing.T) {
	ev := Event{Country: "KZ", From: []string{"SY", "IQ"}, Date: "2019-03", Counts: map[string]int{"total": 600, "women": 18},
		Qualifiers: map[string]string{"total": "more_than"}, Derived: []string{"women"},
		Partners: []Partner{{ID: "UNICEF", Name: "UNICEF"}, {ID: "US", Name: "the United States"}}, Operation: "Zhusan"}
	tests := []struct {
		field string
		want  string
	}{
		{"country", "KZ"},
		{"from", "SY, IQ"},
		{"date", "2019-03"},
		{"counts.total", "more than 600"},
		{"counts.women", "18 (derived)"},
		{"counts.men", ""},
		{"partners", "UNICEF, US (the United States)"},
		{"operation", "Zhusan"},
		{"aggregate", "false"},
		{"no such field", ""},
	}
	for _, tc := range tests {
		t.Run(tc.field, func(t *testing.T) {
			assert.Equal(t, tc.want, FieldText(ev, tc.field))
		})
	}
	var names []string
	for _, f := range Fields() {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"country", "from", "date", "counts.total", "counts.women", "counts.men", "counts.children",
		"counts.adults", "counts.orphans", "partners", "operation", "aggregate"}, names)
}

func TestExtractor_PartnerIDs(t *testing.T) {
	ids := newTestExtractor(t, Options{RulesOnly: true}).PartnerIDs()
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"UNICEF", true}, {"Save the Children", true}, {"US", true}, {"Kazakhstan Red Crescent", true},
		{"unicef", false}, {"UNICEFF", false}, {"Red Crescent", false}, {"", false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			assert.Equal(t, tc.want, ids.Contains(tc.id))
			assert.False(t, PartnerIDs{}.Contains(tc.id), "the zero value holds no id")
		})
	}
	assert.Contains(t, ids.List(), "ICRC")
	assert.IsIncreasing(t, ids.List())
	assert.NotContains(t, ids.List(), "Kazakhstan Red Crescent", "national societies are accepted, not listed")

	lex := lexiconWith(t, "organisations.txt", "Test Relief = Test Relief Agency")
	cg := newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces)
	assert.True(t, newPartnerIDs(lex.organisations, cg).Contains("Test Relief"), "the ids come from the loaded gazetteer")
}
