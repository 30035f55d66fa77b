package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExtractor_CountryCode(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"France", "FR", true},
		{"bosnia  and herzegovina", "BA", true},
		{"Kosovo", "XK", true},
		{"Türkiye", "TR", true},
		{"Kazakh", "", false}, // an adjective, not a name
		{"UK", "", false},     // an acronym, not a name
		{"Paris", "", false},  // a capital
		{"Atlantis", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, ok := x.CountryCode(tc.name)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.code, code)
		})
	}
	t.Run("a country added to countries.txt", func(t *testing.T) {
		lex := lexiconWith(t, "countries.txt", "LI = Liechtenstein | Principality of Liechtenstein")
		x.countries = newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces)
		code, ok := x.CountryCode("principality of liechtenstein")
		assert.True(t, ok)
		assert.Equal(t, "LI", code)
	})
}
