package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCueIndex: cues are found by their first word and, under one first
// word, keep the list's order, which decides the rule a partner gets when
// two cues match at one token.
func TestCueIndex(t *testing.T) {
	idx := newCueIndex([][]string{
		{"in", "close", "coordination", "with"},
		{"thanked"},
		{"in", "coordination", "with"},
	})
	assert.Equal(t, [][]string{{"in", "close", "coordination", "with"}, {"in", "coordination", "with"}}, idx["in"])
	assert.Equal(t, [][]string{{"thanked"}}, idx["thanked"])
	assert.Empty(t, idx["with"])

	x := newTestExtractor(t, Options{})
	for _, tc := range []struct{ text, want string }{
		{"Kosovo repatriated 11 women in close coordination with the ICRC.", "ICRC partner.cue:in_close_coordination_with"},
		{"The ministry thanked \"UNICEF\" for its help.", "UNICEF partner.cue:thanked"},
	} {
		s := newSentence(tc.text, 0, Span{0, len(tc.text)})
		s.lex = x.lex
		s.findOrgs(x.orgs, x.countries)
		var got []string
		for _, p := range s.findPartners(idx) {
			got = append(got, p.id+" "+p.rule)
		}
		assert.Equal(t, []string{tc.want}, got, tc.text)
	}
}
