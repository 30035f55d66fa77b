package store

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/newsfacts/newsfacts/extract"
)

// TestEvidenceHash_unchanged pins the hash of two events to the values the
// hash gave before it covered a versioned field list (computed with
// newsfacts at commit c379bd7): a database's stored hashes, and so its
// decisions, must not all turn stale after an upgrade.
func TestEvidenceHash_unchanged(t *testing.T) {
	full := extract.Event{Country: "KZ", From: []string{"SY"}, Date: "2024-03-13",
		Counts: map[string]int{"total": 37, "women": 11}, Qualifiers: map[string]string{"total": "more_than"},
		Derived: []string{}, Partners: []extract.Partner{{ID: "US", Name: "the United States"}},
		Operation: "Zhusan", Aggregate: true, Confidence: 0.9,
		Evidence: []extract.Evidence{
			{Field: "counts.women", Text: "11 women", Span: extract.Span{Start: 50, End: 58}, Sentence: extract.Span{Start: 40, End: 90}, Rule: "count.group"},
			{Field: "country", Text: "Kazakhstan", Span: extract.Span{Start: 0, End: 10}, Sentence: extract.Span{Start: 0, End: 30}, Rule: "country.name"},
		}}
	tests := []struct {
		name string
		ev   extract.Event
		want string
	}{
		{"every field", full, "4546b16f5cd63c56"},
		{"only a country", extract.Event{Country: "UZ"}, "75de31140c8306bf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, EvidenceHash(tc.ev))
		})
	}

	t.Run("confidence is not hashed", func(t *testing.T) {
		other := full
		other.Confidence = 0.4
		assert.Equal(t, EvidenceHash(full), EvidenceHash(other))
	})
	t.Run("a field of a later version, while empty, leaves the hash alone", func(t *testing.T) {
		fields := hashFields
		defer func() { hashFields = fields }()
		hashFields = append(append([]hashField(nil), fields...),
			hashField{"casualties", 2, func(extract.Event) any { return []string{} }})
		assert.Equal(t, "4546b16f5cd63c56", EvidenceHash(full))
		hashFields[len(hashFields)-1].value = func(extract.Event) any { return []string{"set"} }
		assert.NotEqual(t, "4546b16f5cd63c56", EvidenceHash(full))
	})
}
