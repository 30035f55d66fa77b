package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// parseHTMLLimit bounds one ParseHTML call under the fuzzer: far above the
// milliseconds a page takes, so that only a runaway trips it.
const parseHTMLLimit = time.Minute

const fuzzParagraph = "<p>Ten women and 26 children came home from camps in north-eastern Syria on Monday, officials said.</p>"

// FuzzParseHTML feeds ParseHTML a page behind depth copies of an opening
// tag, so that small inputs reach deep nesting. It must not panic, and the
// text it returns must be clean.
func FuzzParseHTML(f *testing.F) {
	page, err := os.ReadFile("../testdata/sample/uzbekistan-mercy.html")
	if err != nil {
		f.Fatalf("seed: %v", err)
	}
	f.Add(page, "", uint16(0))
	f.Add([]byte(fuzzParagraph), "<div>", uint16(60000))
	f.Add([]byte(fuzzParagraph), "<table><tr><td>", uint16(300))
	f.Add([]byte(fuzzParagraph), "<ul><li>", uint16(250))
	f.Add([]byte(fuzzParagraph), "<b><i>", uint16(65535))
	f.Add([]byte("<html><body>"+fuzzParagraph+"</body></html>"), "<!--", uint16(10))
	f.Add([]byte("<meta charset=\"shift_jis\"><p>\x82\xa0\x82\xa2 caf\xe9</p>"), "", uint16(0))
	f.Add([]byte("<svg><foreignObject><math><mi><p>x</p>"), "<template>", uint16(40))
	f.Fuzz(func(t *testing.T, page []byte, open string, depth uint16) {
		if len(open) > 16 {
			open = open[:16]
		}
		raw := strings.Repeat(open, int(depth)) + string(page)
		// A page that takes minutes is a failure even though it returns in
		// the end; the fuzzer keeps the input of a process that panics.
		watchdog := time.AfterFunc(parseHTMLLimit, func() {
			panic(fmt.Sprintf("ParseHTML ran over %v on %d bytes (%q x %d, then %q)", parseHTMLLimit, len(raw), open, depth, page))
		})
		a, err := ParseHTML([]byte(raw), HTMLOptions{})
		watchdog.Stop()
		if err != nil {
			return
		}
		checkArticle(t, a)
	})
}

func TestParseHTML_deepNesting(t *testing.T) {
	const depth = 100_000
	tests := []struct{ name, open, close string }{
		{"divs", "<div>", "</div>"},
		{"unclosed inline tags", "<b>", ""},
		{"tables", "<table><tr><td>", "</td></tr></table>"},
		{"lists", "<ul><li>", "</li></ul>"},
		{"spans in a paragraph", "<span>", "</span>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := "<html><body>" + strings.Repeat(tc.open, depth) + fuzzParagraph +
				strings.Repeat(tc.close, depth) + "</body></html>"
			a, err := ParseHTML([]byte(raw), HTMLOptions{})
			if err != nil {
				assert.NotContains(t, err.Error(), "\n", "one line a message")
				return
			}
			checkArticle(t, a)
		})
	}
}
