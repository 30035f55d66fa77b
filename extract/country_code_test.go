package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCountryCode(t *testing.T) {
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"France", "FR", true},
		{"bosnia  and herzegovina", "BA", true},
		{"Kosovo", "XK", true},
		{"Kazakh", "", false}, // an adjective, not a name
		{"Atlantis", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, ok := CountryCode(tc.name)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.code, code)
		})
	}
}
