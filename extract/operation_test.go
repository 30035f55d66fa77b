package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpCues_Data shows that the words of op_cues.txt, not code, decide
// which operation names the patterns find: a naming word, a noun and a
// modifier added there each find a name the embedded lexicon misses.
func TestOpCues_Data(t *testing.T) {
	tests := []struct {
		name, line, text, want string
	}{
		{"naming word", "nicknamed = naming",
			"Kazakhstan repatriated 37 children from Syria on 3 February 2021 on a flight nicknamed “Meerim”.", "Meerim"},
		{"noun", "campaign = noun",
			"Kazakhstan repatriated 37 children from Syria on 3 February 2021 in Campaign Dobro.", "Dobro"},
		{"noun after the name", "campaign = noun",
			"Kazakhstan repatriated 37 children from Syria on 3 February 2021 in the Dobro campaign.", "Dobro"},
		{"modifier", "joint = modifier",
			"Kazakhstan repatriated 37 children from Syria on 3 February 2021 in the Dobro joint operation.", "Dobro"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := newTestExtractor(t, Options{RulesOnly: true})
			evs := extractText(t, x, tc.text, "2021-02-05")
			require.Len(t, evs, 1)
			assert.Empty(t, evs[0].Operation, "embedded lexicon")

			lex := lexiconWith(t, "op_cues.txt", tc.line)
			rules, err := newOperationRules(lex)
			require.NoError(t, err)
			x.lex, x.opRules = lex, rules
			evs = extractText(t, x, tc.text, "2021-02-05")
			require.Len(t, evs, 1)
			assert.Equal(t, tc.want, evs[0].Operation)
		})
	}
}

func TestNewOperationRules(t *testing.T) {
	lex, err := loadLexicon(lexiconFiles, "repatriation")
	require.NoError(t, err)
	rules, err := newOperationRules(lex)
	require.NoError(t, err)
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.id)
	}
	assert.Equal(t, []string{"operation.dubbed", "operation.named", "operation.the_x_operation"}, ids)
	for _, w := range []string{"dubbed", "codenamed", "titled"} {
		assert.Nil(t, lex.category(w), "%s: op_cues words are no cue features", w)
	}

	t.Run("a part without words leaves its patterns out", func(t *testing.T) {
		lex := &lexicon{opCues: map[string]string{"dubbed": "naming", "special": "modifier"}}
		rules, err := newOperationRules(lex)
		require.NoError(t, err)
		require.Len(t, rules, 1)
		assert.Equal(t, "operation.dubbed", rules[0].id)
		rules, err = newOperationRules(&lexicon{})
		require.NoError(t, err)
		assert.Empty(t, rules, "an empty op_cues.txt finds no names rather than matching everywhere")
	})
}

// TestOperation_NameBeforeModifiers: a name may follow "of" or "another"
// and stand before two modifiers of its noun ("the last stage of Jusan
// special humanitarian operation", "another Aikol-6 humanitarian
// mission"); a lower-case word is no name.
func TestOperation_NameBeforeModifiers(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	tests := []struct{ text, want string }{
		{"Kazakhstan repatriated 37 children from Syria on 3 February 2021 in the last stage of Jusan special humanitarian operation.", "Jusan"},
		{"Kyrgyzstan repatriated 37 children from Syria on 3 February 2021 in another Aikol-6 humanitarian mission.", "Aikol-6"},
		{"Kazakhstan repatriated 37 children from Syria on 3 February 2021 at the end of a special humanitarian operation.", ""},
	}
	for _, tc := range tests {
		evs := extractText(t, x, tc.text, "2021-02-05")
		require.Len(t, evs, 1, tc.text)
		assert.Equal(t, tc.want, evs[0].Operation, tc.text)
	}
}
