package ingest

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// decodePage returns an HTML page as valid, NFC-normalised UTF-8. The
// encoding comes from, in order: a byte-order mark, the charset of the HTTP
// Content-Type header, a <meta charset> or http-equiv declaration in the
// first 1024 bytes, else UTF-8 when the bytes are valid UTF-8 and
// windows-1252 when not. A page that declares a single-byte charset but is
// valid UTF-8 with non-ASCII text is read as UTF-8: that mislabelling is far
// more common than windows-1252 text that happens to be valid UTF-8.
// Bytes the encoding cannot map become U+FFFD; decoding never fails.
func decodePage(raw []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(raw, contentType)
	page := raw
	if name != "utf-8" && !hasBOM(raw) && utf8.Valid(raw) && !isASCII(raw) {
		name = "utf-8"
	}
	if name != "utf-8" {
		if out, err := enc.NewDecoder().Bytes(raw); err == nil {
			page = out
		}
	}
	page = bytes.TrimPrefix(page, []byte("\uFEFF"))
	if !utf8.Valid(page) {
		page = bytes.ToValidUTF8(page, []byte("\uFFFD"))
	}
	return norm.NFC.Bytes(page)
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) ||
		bytes.HasPrefix(b, []byte("\xFF\xFE")) || bytes.HasPrefix(b, []byte("\xFE\xFF"))
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
