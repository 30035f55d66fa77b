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
		for _, p := range s.matchPartners(idx) {
			got = append(got, p.id+" "+p.rule)
		}
		assert.Equal(t, []string{tc.want}, got, tc.text)
	}
}

// TestNamesSociety: findOrgs skips the national-society matcher only on
// sentences where it finds nothing at any token.
func TestNamesSociety(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"The Libyan Red Crescent handed them over.", true},
		{"The Red Cross Society of Kazakhstan helped.", true},
		{"Libyan and Egyptian Red Crescent Societies assisted.", true},
		{"The red cross on the flag.", false},
		{"Kosovo brought back 110 citizens from Syria.", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			s := newSentence(tc.text, 0, Span{0, len(tc.text)})
			assert.Equal(t, tc.want, s.namesSociety())
			if !tc.want {
				for i := range s.toks {
					_, j := s.nationalSociety(i, x.countries)
					assert.Equal(t, i, j, "token %d", i)
				}
			}
		})
	}
}
