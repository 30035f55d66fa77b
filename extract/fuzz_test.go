package extract

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/ingest"
)

// FuzzExtract checks that Extract never panics and that every span it
// returns covers the text it records, whatever the input.
func FuzzExtract(f *testing.F) {
	f.Add("Kazakhstan on Tuesday repatriated 37 of its citizens from camps in northeast Syria.", "2023-02-16")
	f.Add("“Thirty-one women and 64 children who are Kyrgyz citizens were transferred,” the ministry said.\nShare", "")
	f.Add("Libyan and Egyptian Red Crescent Societies and the ICRC handed over 12 children (NISS) on May 29-30.", "2017-08-22")
	f.Add("The move on Wednesday, May 29 follows the repatriation late last month of 84 children.", "2019-05-29")
	x, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, published string) {
		if !utf8.ValidString(text) {
			return
		}
		a := ingest.Article{Text: ingest.CleanText(text), Published: published}
		res, err := x.Extract(context.Background(), a)
		if err != nil {
			return
		}
		assertSpans(t, a.Text, res)
	})
}

// spellNumber writes 0 < n < 10000 in English words, as news does: "two
// thousand three hundred and forty-five"; and selects the "and".
func spellNumber(n int, and bool) string {
	units := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tensWords := []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	var w []string
	if th := n / 1000; th > 0 {
		w = append(w, units[th], "thousand")
	}
	if h := n % 1000 / 100; h > 0 {
		w = append(w, units[h], "hundred")
	}
	r := n % 100
	if r == 0 {
		return strings.Join(w, " ")
	}
	if and && len(w) > 0 {
		w = append(w, "and")
	}
	switch {
	case r < 20:
		w = append(w, units[r])
	case r%10 == 0:
		w = append(w, tensWords[r/10])
	default:
		w = append(w, tensWords[r/10]+"-"+units[r%10])
	}
	return strings.Join(w, " ")
}

// FuzzNumber checks that parseNumber never panics nor reads past its
// tokens, and that it reads back any 0 < n < 10000 spelled in words or
// written with a thousands comma.
func FuzzNumber(f *testing.F) {
	f.Add("two hundred and five citizens", 205, true)
	f.Add("Thirty-one women and 1,200 children", 31, false)
	f.Add("one thousand two hundred", 1200, false)
	f.Add("a dozen ninety-nine hundred and and", 9999, true)
	f.Fuzz(func(t *testing.T, text string, n int, and bool) {
		low := strings.Fields(strings.ToLower(text))
		for i := range low {
			v, used, ok := parseNumber(low, i)
			if ok && (used < 1 || i+used > len(low) || v < 0) {
				t.Fatalf("parseNumber(%q, %d) = %d, %d", low, i, v, used)
			}
		}
		n = 1 + (n%9999+9999)%9999
		words := strings.Fields(spellNumber(n, and))
		if v, used, ok := parseNumber(append(words, "children"), 0); !ok || v != n || used != len(words) {
			t.Fatalf("parseNumber(%q) = %d, %d, %v; want %d, %d", words, v, used, ok, n, len(words))
		}
		digits := strconv.Itoa(n)
		if n >= 1000 {
			digits = digits[:len(digits)-3] + "," + digits[len(digits)-3:]
		}
		if v, used, ok := parseNumber([]string{digits}, 0); !ok || v != n || used != 1 {
			t.Fatalf("parseNumber(%q) = %d, %d, %v", digits, v, used, ok)
		}
	})
}

// dateValue is the shape of every resolved date.
var dateValue = regexp.MustCompile(`^(?:$|(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$)`)

// FuzzResolveDate checks date expressions against a publication date:
// findDates never panics, every value is "", YYYY, YYYY-MM, YYYY-MM-DD or
// XXXX-MM(-DD) and a real calendar day, and a day resolved from the
// publication date alone ("on Thursday", "last month", "3 February") is
// never after it.
func FuzzResolveDate(f *testing.F) {
	for _, e := range []string{"on Thursday", "last month", "on 3 February", "earlier this month", "in mid-March",
		"between May 7 and May 9", "on February 29", "on 31 April 2019", "last week", "yesterday",
		"at the weekend", "late last month", "in 2018-20", "since January 2019", "on Sunday 20 December 2020"} {
		f.Add("Kazakhstan repatriated 40 children "+e+".", int64(8000))
	}
	x, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, days int64) {
		if !utf8.ValidString(text) {
			return
		}
		pub := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int((days%20000+20000)%20000))
		for _, p := range []time.Time{pub, {}} {
			s := newSentence(text, 0, Span{0, len(text)})
			s.lex = x.lex // as prepare: the announcement patterns are the lexicon's
			for _, h := range x.findDates(s, p) {
				m := dateValue.FindStringSubmatch(h.value)
				if m == nil {
					t.Fatalf("%q: value %q", h.span.Of(text), h.value)
				}
				if h.value == "" {
					continue
				}
				y, mo, d := 2000, 1, 1
				if m[1] != "XXXX" {
					y, _ = strconv.Atoi(m[1])
				}
				if m[2] != "" {
					mo, _ = strconv.Atoi(m[2])
				}
				if m[3] != "" {
					d, _ = strconv.Atoi(m[3])
				}
				if !validDay(y, mo, d) || m[1] == "XXXX" && m[2] == "" {
					t.Fatalf("%q: %q is no calendar date", h.span.Of(text), h.value)
				}
				if relativeToPub(h, text) && !p.IsZero() && h.value > p.Format("2006-01-02")[:len(h.value)] {
					t.Fatalf("%q published %s resolved to %q, after publication", h.span.Of(text), p.Format("2006-01-02"), h.value)
				}
			}
		}
	})
}

// relativeToPub reports whether a date hit was resolved from the
// publication date alone: a weekday, a relative expression ("last
// month", "at the weekend"), or a day or month with no year. "In February
// this year" may name a month still to come, and is left out.
func relativeToPub(h dateHit, text string) bool {
	e := strings.ToLower(h.span.Of(text))
	switch h.rule {
	case "date.weekday", "date.relative":
		return true
	case "date.day_month", "date.month_day":
		return !yearDigits.MatchString(e)
	case "date.month":
		return !yearDigits.MatchString(e) && !strings.Contains(e, "this")
	}
	return false
}

var yearDigits = regexp.MustCompile(`\d{4}`)
