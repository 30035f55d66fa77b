package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"line breaks end sentences", "Share\nKazakhstan repatriated 12 children\nRelated: more", []string{"Share", "Kazakhstan repatriated 12 children", "Related: more"}},
		{"U.S. officials", "The U.S. officials helped. They flew home.", []string{"The U.S. officials helped.", "They flew home."}},
		{"on Nov. 22", "They arrived on Nov. 22 from Syria. All were checked.", []string{"They arrived on Nov. 22 from Syria.", "All were checked."}},
		{"curly quotes close a sentence", "“They are home.” The ministry said so.", []string{"“They are home.”", "The ministry said so."}},
		{"Brig. Gen. title", "Brig. Gen. Ibrahim spoke. He left.", []string{"Brig. Gen. Ibrahim spoke.", "He left."}},
		{"lower case after stop", "It said 3 p.m. local time. Then more.", []string{"It said 3 p.m. local time.", "Then more."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(tc.text) {
				got = append(got, s.Of(tc.text))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"“Thirty-one women”", "“Thirty-one women”", []string{"“", "Thirty-one", "women", "”"}},
		{"1,200 Uzbeks", "1,200 Uzbeks, 2 more", []string{"1,200", "Uzbeks", ",", "2", "more"}},
		{"Kyrgyzstan’s ministry", "Kyrgyzstan’s ministry", []string{"Kyrgyzstan’s", "ministry"}},
		{"U.S. help", "with U.S. help.", []string{"with", "U.S.", "help", "."}},
		{"PRISHTINË — Kosovo", "PRISHTINË — Kosovo", []string{"PRISHTINË", "—", "Kosovo"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := tokenize(tc.text, Span{0, len(tc.text)}, nil)
			var got []string
			for _, tok := range toks {
				require.Equal(t, tc.text[tok.Start:tok.End], tok.Text)
				got = append(got, tok.Text)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  int
		n     int
		ok    bool
	}{
		{"1,200", []string{"1,200"}, 1200, 1, true},
		{"thirty-one", []string{"thirty-one"}, 31, 1, true},
		{"two hundred and five", []string{"two", "hundred", "and", "five"}, 205, 4, true},
		{"three thousand", []string{"three", "thousand"}, 3000, 2, true},
		{"12", []string{"12"}, 12, 1, true},
		{"6-9", []string{"6-9"}, 0, 0, false},
		{"18-year-old", []string{"18-year-old"}, 0, 0, false},
		{"dozens", []string{"dozens"}, 0, 0, false},
		{"1,20", []string{"1,20"}, 0, 0, false},
		{"twenty five", []string{"twenty", "five", "women"}, 25, 2, true},
		{"twelve hundred", []string{"twelve", "hundred", "people"}, 1200, 2, true},
		{"one thousand two hundred", []string{"one", "thousand", "two", "hundred", "citizens"}, 1200, 4, true},
		{"three thousand and twelve", []string{"three", "thousand", "and", "twelve"}, 3012, 4, true},
		{"one two", []string{"one", "two"}, 1, 1, true},
		{"two hundred and women", []string{"two", "hundred", "and", "women"}, 200, 2, true},
		{"a dozen", []string{"a", "dozen"}, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, n, ok := parseNumber(tc.words, 0)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, v)
			assert.Equal(t, tc.n, n)
		})
	}
}
