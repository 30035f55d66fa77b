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
