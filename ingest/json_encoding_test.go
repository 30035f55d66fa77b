package ingest

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// utf16LE encodes s as UTF-16, little endian, after a byte-order mark.
func utf16LE(s string) string {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return string(out)
}

// utf16BE encodes s as UTF-16, big endian, after a byte-order mark.
func utf16BE(s string) string {
	out := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return string(out)
}

func TestRead_jsonEncodings(t *testing.T) {
	const lines = `{"id": "e-1", "maintext": "Première ligne."}` + "\n" + `{"id": "e-2", "maintext": "Second."}` + "\n"
	const object = `{"id": "e-1", "maintext": "Première ligne."}`
	tests := []struct {
		name, file, body string
		want             []string
	}{
		{"UTF-8 BOM before JSONL", "bom.jsonl", "\uFEFF" + lines, []string{"e-1", "e-2"}},
		{"UTF-8 BOM before JSON", "bom.json", "\uFEFF" + object, []string{"e-1"}},
		{"UTF-16 little endian JSONL", "le.jsonl", utf16LE(lines), []string{"e-1", "e-2"}},
		{"UTF-16 big endian JSON", "be.json", utf16BE(object), []string{"e-1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tc.file, tc.body)
			arts, errs := collect(t, []string{p}, Options{})
			require.Empty(t, errs)
			var ids []string
			for _, a := range arts {
				ids = append(ids, a.SourceID)
			}
			assert.Equal(t, tc.want, ids)
			assert.Equal(t, "Première ligne.", arts[0].Text)
		})
	}
}

func TestRead_binaryJSONIsOneError(t *testing.T) {
	// Bytes with many newlines: read as lines they would give an error each.
	binary := strings.Repeat("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\n", 200)
	for _, name := range []string{"image.jsonl", "image.json"} {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), name, binary)
			arts, errs := collect(t, []string{p}, Options{})
			assert.Empty(t, arts)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrBinary)
			assert.Equal(t, p+": binary data, not text", errs[0].Error())
		})
	}
}

func TestRead_stdinJSONWithBOM(t *testing.T) {
	arts, errs := collect(t, []string{"-"}, Options{Stdin: strings.NewReader("\uFEFF" + `{"id": "piped", "maintext": "Piped."}`)})
	require.Empty(t, errs)
	require.Len(t, arts, 1)
	assert.Equal(t, "piped", arts[0].SourceID)
}
