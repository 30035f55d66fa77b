package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
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

// TestMayAnnounce: the cheap test passes wherever announceBefore matches,
// in any case, and leaves non-ASCII text to the pattern.
func TestMayAnnounce(t *testing.T) {
	for _, tc := range []struct {
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
	} {
		t.Run(tc.before, func(t *testing.T) {
			assert.Equal(t, tc.want, mayAnnounce(tc.before))
			if announceBefore.MatchString(tc.before) {
				assert.True(t, mayAnnounce(tc.before), "the pattern matches")
			}
		})
	}
}
