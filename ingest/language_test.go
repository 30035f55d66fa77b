package ingest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOptions_setLanguage(t *testing.T) {
	english := "The government said on Monday that six women and eleven children were brought home from the camps " +
		"in north-east Syria. The flight landed in the capital at dawn, and the families were taken to a rehabilitation " +
		"centre where they will receive medical care, according to a statement from the foreign ministry."
	portuguese := strings.Repeat("O governo anunciou na segunda-feira que repatriou seis mulheres e onze crianças dos campos do nordeste da Síria. ", 3)
	tests := []struct {
		name     string
		opts     Options
		declared string
		text     string
		want     string
	}{
		{"english detected", Options{}, "", english, "en"},
		{"portuguese detected", Options{}, "", portuguese, "pt"},
		{"declared language kept", Options{}, "de", portuguese, "de"},
		{"too short to tell", Options{}, "", "Seis mulheres voltaram.", ""},
		{"--lang overrides", Options{Language: "en"}, "pt", portuguese, "en"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Article{Language: tc.declared, Text: tc.text}
			tc.opts.setLanguage(&a)
			assert.Equal(t, tc.want, a.Language)
		})
	}
}
