package extract

import (
	"strconv"
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

// TestFindRegionalBodies: a region noun before "in", compass words and a
// country's name names the body regional_bodies.txt gives the region;
// a region it lists no body for, or no compass word, names a place.
func TestFindRegionalBodies(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct{ text, want string }{
		{"The authorities in northeast Syria handed the boys over.", "AANES authorities in northeast Syria"},
		{"She thanked the administration in the north and east of Syria.", "AANES administration in the north and east of Syria"},
		{"Officials in north-eastern Syria met the delegation.", "AANES Officials in north-eastern Syria"},
		{"Officials in northern Iraq met the delegation.", "KRG Officials in northern Iraq"},
		{"The authorities in southern Syria met the delegation.", ""},
		{"The authorities in Syria met the delegation.", ""},
		{"The camps in northeast Syria hold thousands.", ""},
	} {
		s := newSentence(tc.text, 0, Span{0, len(tc.text)})
		s.lex = x.lex
		s.findOrgs(x.orgs, x.countries)
		s.findCountries(x.countries)
		s.findRegionalBodies()
		got := ""
		for _, o := range s.orgs {
			if o.rule == "org.region" {
				got = o.id + " " + o.name
			}
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
}

// TestPartners_RegionAndAliases: the regional body and the administration's
// other names become partners of the event they helped.
func TestPartners_RegionAndAliases(t *testing.T) {
	x := newTestExtractor(t, Options{RulesOnly: true})
	for _, tc := range []struct{ text, want string }{
		{"Sudan repatriated 12 children from Syria on 3 May 2021. It thanked the concerned authorities in the north and east of Syria for their help with the repatriation.", "AANES"},
		{"In coordination with the semi-autonomous authorities, 120 Iraqis were repatriated to Iraq on 3 May 2021.", "AANES"},
		{"In cooperation with the Hol camp administration, 30 Iraqi children were repatriated to Iraq on 3 May 2021.", "AANES"},
	} {
		evs := extractText(t, x, tc.text, "2021-05-05")
		var got []string
		for _, ev := range evs {
			for _, p := range ev.Partners {
				got = append(got, p.ID)
			}
		}
		assert.Contains(t, got, tc.want, tc.text)
	}
}

// TestWithAfterVerb: a verb of working together names the actors after a
// "with" a few words on; planned or ongoing work names no helper.
func TestWithAfterVerb(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"The ministry was coordinating the flights with the Iraqi authorities.", []string{"IQ partner.cue:coordinating_with"}},
		{"Kosovo worked closely with UNICEF on the repatriation.", []string{"UNICEF partner.cue:worked_with"}},
		{"Finland cooperated with the ICRC to bring the children home.", []string{"ICRC partner.cue:cooperated_with"}},
		{"We are closely cooperating with UNICEF in this direction.", nil},
		{"The ministry will be coordinating with UNICEF.", nil},
		{"The ministry worked hard, and then met with UNICEF.", nil},
	} {
		var got []string
		for _, p := range sentencePartners(x, tc.text) {
			got = append(got, p.id+" "+p.rule)
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
}

// TestMatchPartners_Reach: what a partner cue reaches. A participle or
// an attribution ends its stretch; praise names a helper only when its
// "for" gives help with the transfer, or gives no reason at all, and
// never the praiser after "by".
func TestMatchPartners_Reach(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"The flight was organised with the help of UNICEF, based on the resolutions of the European Union.", []string{"UNICEF"}},
		{"The children came home with the support of UNICEF, according to the ICRC.", []string{"UNICEF"}},
		{"The children came home with the support of UNICEF and the ICRC.", []string{"UNICEF", "ICRC"}},
		{"The minister thanked UNICEF for facilitating the repatriation.", []string{"UNICEF"}},
		{"The minister thanked UNICEF for its assistance.", []string{"UNICEF"}},
		{"The minister thanked UNICEF.", []string{"UNICEF"}},
		{"The envoy thanked the SDF for their sacrifices in the war against the militants.", nil},
		{"The embassy commended Kosovo for its reforms of the courts.", nil},
		{"The minister thanked the ICRC for its help and UNICEF for its role in the elections.", []string{"ICRC"}},
		{"The returns, a policy commended by UNICEF and the European Union, go on.", nil},
		{"The envoy commended UNICEF.", []string{"UNICEF"}},
	} {
		var got []string
		for _, p := range sentencePartners(x, tc.text) {
			got = append(got, p.id)
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
}

// sentencePartners runs the partner rules of x over text as one sentence.
func sentencePartners(x *Extractor, text string) []partnerHit {
	s := newSentence(text, 0, Span{0, len(text)})
	s.lex = x.lex
	s.findOrgs(x.orgs, x.countries)
	s.findCountries(x.countries)
	s.findTriggers()
	return s.matchPartners(x.partnerCues)
}

// TestHasPartnerCue_HelpedPeople: a helping verb names a helper when the
// operation, or the people it moved, follow it; help with anything else
// is no cue.
func TestHasPartnerCue_HelpedPeople(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"The Red Cross helped to identify the children on the spot.", true},
		{"UNICEF assisted the orphans during the journey.", true},
		{"The Red Cross helped organise the flight.", true},
		{"The Red Cross helped the local hospitals.", false},
	} {
		s := newSentence(tc.text, 0, Span{0, len(tc.text)})
		s.lex = x.lex
		s.findOrgs(x.orgs, x.countries)
		s.findTriggers()
		assert.Equal(t, tc.want, x.hasPartnerCue(s), tc.text)
	}
}

// TestPropose_FollowUpHelpers: a sentence after a transfer that names no
// transfer itself still offers the subject of a helping verb, marked as
// a follow-up, for the model to judge; a cue phrase alone there (praise,
// often for other deeds) offers nothing, nor does such a sentence far
// from every event.
func TestPropose_FollowUpHelpers(t *testing.T) {
	x := newTestExtractor(t, Options{})
	for _, tc := range []struct {
		text string
		want []string // partner values offered, with their followUp mark
	}{
		{"Uzbekistan repatriated 25 women from Syria on 3 May 2021. UNICEF provided assistance to them.", []string{"UNICEF true"}},
		{"Uzbekistan repatriated 25 women from Syria on 3 May 2021. The minister thanked UNICEF.", nil},
		{"Uzbekistan repatriated 25 women from Syria on 3 May 2021. The weather was mild. The talks were long. The hall was full. The day was hot. The guests left. UNICEF provided assistance to them.", nil},
	} {
		p := proposeText(t, x, tc.text)
		var got []string
		for _, c := range p.cands {
			if c.kind == "partner" && !c.byRule && c.country == "UZ" {
				got = append(got, c.value+" "+strconv.FormatBool(c.followUp))
			}
		}
		assert.Equal(t, tc.want, got, tc.text)
	}
}
