package review

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
	"github.com/newsfacts/newsfacts/store"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12 women", "12 women"},
		{"\u202e12\u202c women", "⟨RLO⟩12⟨PDF⟩ women"},
		{"wo\u200bmen", "wo⟨ZWSP⟩men"},
		{"\u2067Syria\u2069", "⟨RLI⟩Syria⟨PDI⟩"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			assert.Equal(t, tc.want, visible(tc.in))
		})
	}
}

func TestSegments_controls(t *testing.T) {
	text := "They flew \u202e12\u202c women home."
	i := len("They flew ")
	marks := []markSpan{{Span: extract.Span{Start: i, End: i + len("\u202e12\u202c women")}, ID: "ev-0", Label: "counts.women", Field: "counts.women"}}
	var got []segment
	for _, s := range segments(text, marks) {
		got = append(got, segment{Text: s.Text, ID: s.ID, Mark: s.Mark, Control: s.Control, Class: s.Class})
	}
	assert.Equal(t, []segment{
		{Text: "They flew "},
		{Text: "\u202e", ID: "ev-0", Mark: true, Control: "RLO", Class: "f-counts"},
		{Text: "12", Mark: true, Class: "f-counts"},
		{Text: "\u202c", Mark: true, Control: "PDF", Class: "f-counts"},
		{Text: " women", Mark: true, Class: "f-counts"},
		{Text: " home."},
	}, got)
}

// TestReview_controlsAndSiblings shows an article whose text hides a
// right-to-left override in a count, with a second event: the override is
// shown by name, never sent raw, and each event page lists the other.
func TestReview_controlsAndSiblings(t *testing.T) {
	f := newFixture(t)
	text := "Tajikistan brought home \u202e12\u202c women from Syria. Later, Kyrgyzstan brought home 40 children from Iraq."
	it := testItem(t, ingest.Article{SourceID: "tj-rlo", Title: "Two flights \u202eowt", Published: "2023-05-01", Text: text},
		extract.Event{Country: "TJ", From: []string{"SY"}, Counts: map[string]int{"women": 12}, Qualifiers: map[string]string{}, Confidence: 0.5},
		[][2]string{{"country", "Tajikistan"}, {"counts.women", "\u202e12\u202c women"}})
	second := testItem(t, it.Article, extract.Event{Country: "KG", From: []string{"IQ"}, Counts: map[string]int{"children": 40},
		Qualifiers: map[string]string{}, Confidence: 0.6}, [][2]string{{"country", "Kyrgyzstan"}, {"counts.children", "40 children"}})
	it.Result.Events = append(it.Result.Events, second.Result.Events...)
	_, err := f.db.Save(context.Background(), it)
	require.NoError(t, err)
	facts, err := f.db.Facts(context.Background(), store.Filter{Article: store.ArticleKey("tj-rlo")})
	require.NoError(t, err)
	require.Len(t, facts, 2)

	h := f.handler(t)
	w := request(t, h, "GET", "/facts/"+facts[0].Key, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.False(t, strings.Contains(body, "\u202e"), "no raw override reaches the page")
	for _, want := range []string{
		`⟨RLO⟩</span></mark><mark class="f-counts" title="counts.women" data-at="27" data-end="29">12</mark>`,
		"“⟨RLO⟩12⟨PDF⟩ women”", // the evidence quote
		"<h2>Two flights ⟨RLO⟩owt</h2>",
		"<h2>Other events of this article</h2>",
		`<a href="/facts/` + facts[1].Key + `"><code>` + facts[1].Key + `</code></a>`,
	} {
		assert.True(t, strings.Contains(body, want), "the page lacks %s", want)
	}
}

func TestSegments_articleColours(t *testing.T) {
	text := "Kazakhstan brought back 37 citizens."
	marks := []markSpan{{Span: extract.Span{Start: 0, End: 10}, ID: "a1-0", Label: "event 1: country", Field: "country"}}
	segs := segments(text, marks)
	require.NotEmpty(t, segs)
	assert.Equal(t, "f-country", segs[0].Class, "a label naming the event keeps the field's colour")
}
