package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNormalizeKey: typographic quotes and dashes fold to ASCII; other
// text, ASCII or not, is returned as it is.
func TestNormalizeKey(t *testing.T) {
	for in, want := range map[string]string{
		"Kyrgyzstan’s": "Kyrgyzstan's", "mid‑March": "mid-March", "“quoted”": "\"quoted\"",
		"plain": "plain", "Prishtinë": "Prishtinë", "": "",
	} {
		assert.Equal(t, want, normalizeKey(in), in)
	}
}
