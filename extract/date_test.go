package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDateCues: the one pass over a sentence's tokens finds every kind of
// date token a rule's pattern needs, and only those, so a rule is skipped
// only where it could not match.
func TestDateCues(t *testing.T) {
	tests := []struct {
		text string
		want dateCue
	}{
		{"Kosovo repatriated 110 citizens.", 0},
		{"They landed on 3 May 2019.", cueMonth | cueYear},
		{"They landed in mid-March.", cueMonth},
		{"The flight left last week, on Thursday.", cueRelative | cueWeekday},
		{"Two days ago the group was handed over.", cueAgo},
		{"Since 2018-20 the camps emptied slowly.", cueYear},
		{"Today, yesterday and on Monday, 2021-05-03, in early June.", cueRelative | cueWeekday | cueYear | cueMonth},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			s := newSentence(tc.text, 0, Span{0, len(tc.text)})
			assert.Equal(t, tc.want, s.dateCues())
		})
	}
}

// TestDateRules_need: a rule's byte-level test passes on every text its
// pattern matches, so skipping a sentence that fails it loses no date.
func TestDateRules_need(t *testing.T) {
	texts := []string{
		"They landed on 3 May 2019.", "On Monday, March 4th, 2019 the flight left.",
		"Between 3 and 4 February the group arrived.", "In mid-Sept. 2020 and in early June.",
		"The children were flown home on 2021-05-03.", "In the summer of 2019 they left.",
		"in the fall of 2018", "They may return in march.", "Over winter 2020 nothing moved.",
		"The 12th of December", "Dec. 5", "no date here at all",
	}
	x := newTestExtractor(t, Options{})
	for _, r := range x.dateRules {
		if r.need == nil {
			continue
		}
		for _, text := range texts {
			if r.re.MatchString(text) {
				assert.True(t, r.need(text), "%s matches %q", r.id, text)
			}
		}
	}
	assert.False(t, hasMonthName("they may return in march"), "lower-case words are no month names")
	assert.False(t, monthAndDigit("in May"), "no day")
	assert.False(t, hasSeason("In 2019 they left."))
}

// TestMayAnnounce: the cheap test passes wherever the before pattern
// matches, in any case, and leaves non-ASCII text to the pattern; both
// are built from the same lexicon lists, so every word of them passes.
func TestMayAnnounce(t *testing.T) {
	x := newTestExtractor(t, Options{})
	p := x.lex.announce
	tests := []struct {
		before string
		want   bool
	}{
		{"The ministry said on ", true},
		{"The Ministry SAID in a statement on ", true},
		{"officials told reporters late on ", true},
		{"Kosovo announced ", true},
		{"The ministry ſaid on ", true},
		{"The women were flown home on ", false},
		{"", false},
	}
	// Every listed word, in any case, passes both.
	for _, w := range append(slices.Clip(x.lex.announceVerbs), x.lex.announceBeforeWords...) {
		require.True(t, p.before.MatchString("The ministry "+w+" on "), w)
		tests = append(tests,
			struct {
				before string
				want   bool
			}{"The ministry " + w + " on ", true},
			struct {
				before string
				want   bool
			}{"THE MINISTRY " + strings.ToUpper(w) + " ", true})
	}
	for _, tc := range tests {
		t.Run(tc.before, func(t *testing.T) {
			assert.Equal(t, tc.want, p.mayAnnounce(tc.before))
			if p.before.MatchString(tc.before) {
				assert.True(t, p.mayAnnounce(tc.before), "the pattern matches")
			}
		})
	}
}

// TestAnnouncePatterns: the patterns take their words from the lists, so
// a word added to a list makes its dates announcements, and an empty list
// makes none.
func TestAnnouncePatterns(t *testing.T) {
	tests := []struct {
		name          string
		verbs, before []string
		fillers       []string
		text          [2]string // before and after the date
		want          bool
	}{
		{"verb before", []string{"said"}, nil, nil, [2]string{"The ministry said on ", ""}, true},
		{"verb after", []string{"said"}, nil, nil, [2]string{"On ", " said the ministry"}, true},
		{"verb after the speaker", []string{"said"}, nil, nil, [2]string{"On ", ", the ministry said"}, true},
		{"before word before", nil, []string{"added"}, nil, [2]string{"It added on ", ""}, true},
		{"before word after", nil, []string{"added"}, nil, [2]string{"On ", " added the ministry"}, false},
		{"new verb", []string{"said", "blogged"}, nil, nil, [2]string{"He blogged on ", ""}, true},
		{"word not listed", []string{"said"}, nil, nil, [2]string{"He blogged on ", ""}, false},
		{"regexp characters are literal", []string{"a.b"}, nil, nil, [2]string{"He axb on ", ""}, false},
		{"filler", []string{"said"}, nil, []string{"briefing"}, [2]string{"It said at a briefing on ", ""}, true},
		{"word not a filler", []string{"said"}, nil, nil, [2]string{"It said at a briefing on ", ""}, false},
		{"empty lists", nil, nil, nil, [2]string{"The ministry said on ", " said the ministry"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := newAnnouncePatterns(tc.verbs, tc.before, tc.fillers)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.isAnnouncement(tc.text[0], tc.text[1]))
		})
	}
}
