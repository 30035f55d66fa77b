package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

const (
	monthRE   = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`
	weekdayRE = `(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
)

// dateRule is one named pattern for a date expression. The pattern runs
// only on sentences with a token of its cue kind: regular expressions
// are the dearest step of the rules, and most sentences hold no date.
type dateRule struct {
	id  string
	re  *regexp.Regexp
	cue dateCue
	// need, when set, is a byte-level test of the sentence that every
	// match passes (the pattern's case-sensitive words, its digits), so
	// a sentence that fails it is not searched: "may" the verb is a month
	// token, but no "May" is in the text.
	need func(text string) bool
	// resolve turns a match into a date; false drops the match.
	resolve func(text string, m []int, pub time.Time) (dateHit, bool)
	// period: after "since" the date opens a period ("since January
	// 2019"); the year and relative rules decide that themselves.
	period bool
}

// dateCue is a set of kinds of token a date expression needs.
type dateCue uint8

const (
	cueMonth    dateCue = 1 << iota // isMonthToken
	cueRelative                     // isRelativeToken
	cueWeekday                      // isWeekdayToken
	cueYear                         // isYearToken
	cueAgo                          // isAgoToken
	allDateCues = cueMonth | cueRelative | cueWeekday | cueYear | cueAgo
)

// dateRules are tried in order; a later rule never overlaps an earlier
// match.
func newDateRules() []dateRule {
	return []dateRule{
		{id: "date.day_month", re: regexp.MustCompile(`\b(?:` + weekdayRE + `,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthRE + `(?:,?\s+(\d{4})\b|\s+(this|last) year\b)?\b`), cue: cueMonth, need: monthAndDigit, resolve: resolveDayMonth, period: true},
		{id: "date.month_day", re: regexp.MustCompile(`\b(?:` + weekdayRE + `,?\s+(?:the\s+)?)?` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*(?:-|–|to|and)\s*\d{1,2}\b)?(?:,?\s+(\d{4})\b|\s+(this|last) year\b)?`), cue: cueMonth, need: monthAndDigit, resolve: resolveMonthDay, period: true},
		{id: "date.month", re: regexp.MustCompile(`\b(?:(early|late|mid)[- ])?` + monthRE + `(\s+(?:and|to|through|-|–)\s+` + monthRE + `)?(?:,?\s+(\d{4})\b|\s+(this|last) year\b)?`), cue: cueMonth, need: hasMonthName, resolve: resolveMonth, period: true},
		{id: "date.relative", re: regexp.MustCompile(`(?i)\b(earlier this month|late last month|early last month|last month|this month|earlier this year|last year|this year|a year ago|at the weekend|over the weekend|on the weekend|this weekend|last weekend|earlier this week|this week|last week|today|yesterday|tonight|overnight)\b`), cue: cueRelative, resolve: resolveRelative},
		{id: "date.weekday", re: regexp.MustCompile(`\b(?:(last|this)\s+)?` + weekdayRE + `\b`), cue: cueWeekday, resolve: resolveWeekday, period: true},
		{id: "date.iso", re: regexp.MustCompile(`\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b`), cue: cueYear, need: func(text string) bool { return strings.IndexByte(text, '-') >= 0 }, resolve: resolveISO, period: true},
		{id: "date.days_ago", re: regexp.MustCompile(`(?i)\b(a|one|two|three|four|five|six|\d)\s+(days?|weeks?)\s+ago\b`), cue: cueAgo, resolve: resolveDaysAgo, period: true},
		{id: "date.season", re: regexp.MustCompile(`\b(?:in|In|during|During|over|Over)\s+(?:the\s+)?(?:(?:early|late|mid)[- ])?(?:spring|summer|autumn|fall|winter)(?:\s+of)?\s+((?:19|20)\d{2})\b`), cue: cueYear, need: hasSeason, resolve: resolveSeason, period: true},
		{id: "date.year", re: regexp.MustCompile(`\b(?:in|In|since|Since|from|From|during|During|until|by|By)\s+(?:the\s+(?:period\s+)?(?:from\s+)?)?(?:(?:early|late|mid)[- ])?((?:19|20)\d{2})(?:\s*(?:-|–|to|and)\s*((?:19|20)?\d{2}))?\b`), cue: cueYear, resolve: resolveYear},
	}
}

// monthPrefixes start every alternative of monthRE, which is case-sensitive.
var monthPrefixes = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// hasMonthName reports whether text may hold a match of monthRE.
func hasMonthName(text string) bool {
	for _, p := range monthPrefixes {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// monthAndDigit reports whether text may hold a day and a month.
func monthAndDigit(text string) bool {
	return strings.ContainsAny(text, "0123456789") && hasMonthName(text)
}

// hasSeason reports whether text names a season as date.season spells it.
func hasSeason(text string) bool {
	for _, w := range []string{"spring", "summer", "autumn", "fall", "winter"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// isMonthToken accepts a folded token that holds a month name or its
// abbreviation, alone or after a hyphen ("mid-march").
func isMonthToken(w string) bool {
	if k := strings.LastIndexAny(w, "-–"); k >= 0 {
		w = w[k+1:]
	}
	w = strings.TrimSuffix(w, ".")
	n := monthNumber(w)
	return n != 0 && (len(w) <= 4 || strings.HasPrefix(monthNames[n-1], w))
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"}

func isRelativeToken(w string) bool {
	switch w {
	case "month", "year", "week", "weekend", "today", "yesterday", "tonight", "overnight":
		return true
	}
	return false
}

func isAgoToken(w string) bool { return w == "ago" }

func isWeekdayToken(w string) bool {
	_, ok := weekdays[w]
	return ok
}

// isYearToken accepts a token that starts with a year: "2019", "2018-20".
func isYearToken(w string) bool {
	return len(w) >= 4 && (w[:2] == "19" || w[:2] == "20") && w[2] >= '0' && w[2] <= '9' && w[3] >= '0' && w[3] <= '9'
}

// dateCues returns the kinds of date token s holds, in one pass over its
// tokens: three rules share the month cue, and the month test is the
// dearest.
func (s *sentence) dateCues() dateCue {
	var set dateCue
	for _, w := range s.low {
		if set&cueMonth == 0 && isMonthToken(w) {
			set |= cueMonth
		}
		if set&cueRelative == 0 && isRelativeToken(w) {
			set |= cueRelative
		}
		if set&cueWeekday == 0 && isWeekdayToken(w) {
			set |= cueWeekday
		}
		if set&cueYear == 0 && isYearToken(w) {
			set |= cueYear
		}
		if set&cueAgo == 0 && isAgoToken(w) {
			set |= cueAgo
		}
		if set == allDateCues {
			break
		}
	}
	return set
}

// dateHit is a date expression in a sentence.
type dateHit struct {
	span     Span
	value    string // resolved date, "" when it cannot be resolved
	rule     string
	announce bool // "said on Sunday": the day of an announcement
	multi    bool // a span of years or months: a cumulative period
	since    bool // "since 2019": a period, not a date
}

var monthNumbers = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func monthNumber(name string) int {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if len(name) < 3 {
		return 0
	}
	return monthNumbers[name[:3]]
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

// findDates returns the date expressions of s resolved against the
// publication date pub (zero when unknown).
func (x *Extractor) findDates(s *sentence, pub time.Time) []dateHit {
	if !s.datesDone {
		s.dates, s.datesDone = x.matchDates(s, pub), true
	}
	return s.dates
}

// matchDates runs the date rules over s.
func (x *Extractor) matchDates(s *sentence, pub time.Time) []dateHit {
	text := s.src[s.span.Start:s.span.End]
	var out []dateHit
	cues := s.dateCues()
	if cues == 0 || s.caption {
		return nil
	}
	taken := make([]bool, len(text))
	for _, r := range x.dateRules {
		if cues&r.cue == 0 || r.need != nil && !r.need(text) {
			continue
		}
		for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
			if overlaps(taken, m[0], m[1]) || midWord(text, m[1]) {
				continue
			}
			h, ok := r.resolve(text, m, pub)
			if !ok {
				continue
			}
			for k := m[0]; k < m[1]; k++ {
				taken[k] = true
			}
			h.span = Span{s.span.Start + m[0], s.span.Start + m[1]}
			h.rule = r.id
			h.announce = s.lex.announce.isAnnouncement(text[:m[0]], head(text[m[1]:], 60))
			// "since January 2019" opens a period, like "since 2019";
			// "until March 26, 2017" closes one.
			if before := tail(text[:m[0]], 80); r.period && periodBound(before) {
				h.since, h.value = true, ""
			}
			out = append(out, h)
		}
	}
	return out
}

// midWord reports whether a match ending at i stops inside a word: "Mar"
// of "Marc" names no month.
func midWord(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return i < len(text) && i > 0 && unicode.IsLetter(r) && text[i-1] != '.'
}

func overlaps(taken []bool, a, b int) bool {
	for k := a; k < b; k++ {
		if taken[k] {
			return true
		}
	}
	return false
}

// announcePatterns tell a date that dates a statement ("said on
// Sunday") from one that dates the transfer. They are built once, from
// the lexicon's announce_verbs.txt (the verbs of a statement: a date next
// to one dates the statement) and announce_before_words.txt (words that
// tell of one only before a date, "added on Monday", "tweeted on
// Thursday"; after it they measured worse: "on Monday, noted that ...").
type announcePatterns struct {
	before, after, lead *regexp.Regexp // nil when their words are empty
	// words are the words one of which every match of before holds,
	// in lower case: mayAnnounce looks for them first.
	words [][]byte
}

// newAnnouncePatterns builds the announcement patterns from the words of
// the lists, one folded token each: announce_verbs, announce_before_words
// and announce_fillers (the words that may stand between a word of the
// first two and the date after it: "said in a press release on").
func newAnnouncePatterns(verbs, beforeWords, fillers []string) (*announcePatterns, error) {
	p := &announcePatterns{}
	var err error
	compile := func(expr string) *regexp.Regexp {
		re, e := regexp.Compile(expr)
		if e != nil && err == nil {
			err = fmt.Errorf("announcement pattern: %w", e)
		}
		return re
	}
	all := append(slices.Clip(verbs), beforeWords...)
	if len(all) > 0 {
		// Up to five words between the verb and the date: the grammar
		// here, the content words from the fillers list.
		between := `in|on|at|to|a|an|the|its|his|her|their`
		if len(fillers) > 0 {
			between += "|" + wordAlternation(fillers)
		}
		p.before = compile(`(?i)\b(` + wordAlternation(all) + `)(\s+\w+)?(\s+(?:` + between + `)){0,5}\s+(late\s+|early\s+)?(on\s+)?(\w+\s*\(\s*)?$`)
	}
	if len(verbs) > 0 {
		p.after = compile(`^\s*(\([^)]*\)\s*)?(` + wordAlternation(verbs) + `)\b`)
		// "On Thursday, the foreign ministry said": a date that opens
		// the sentence and is followed by who said it.
		p.lead = compile(`^\s*,\s*(the\s+)?([\w'’.-]+\s+){0,4}?(` + wordAlternation(verbs) + `)\b`)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range all {
		p.words = append(p.words, []byte(w))
	}
	return p, nil
}

// wordAlternation joins words into a regular expression alternation that
// matches each literally.
func wordAlternation(words []string) string {
	quoted := make([]string, len(words))
	for k, w := range words {
		quoted[k] = regexp.QuoteMeta(w)
	}
	return strings.Join(quoted, "|")
}

var sentenceOpenerDay = regexp.MustCompile(`(?i)^\s*(late\s+|early\s+)?(on\s+)?$`)

// isAnnouncement reports whether a date expression dates a statement
// ("said on Sunday", "on Thursday said", "On Thursday, the ministry
// said") rather than the transfer. before is the sentence up to the
// expression; only its tail is read.
func (p *announcePatterns) isAnnouncement(before, after string) bool {
	before80 := tail(before, 80)
	return p.before != nil && p.mayAnnounce(before80) && p.before.MatchString(before80) ||
		p.after != nil && p.after.MatchString(after) ||
		p.lead != nil && sentenceOpenerDay.MatchString(before) && p.lead.MatchString(after)
}

// mayAnnounce reports whether s may match p.before: whether it holds one
// of p.words in any case. The unanchored, case-folding pattern tries
// every position of s, and most dates stand after no such word. Text with
// non-ASCII bytes is left to the pattern, whose case folding knows more
// than ASCII (the long s of "ſaid").
func (p *announcePatterns) mayAnnounce(s string) bool {
	var buf [128]byte
	if len(s) > len(buf) {
		return true
	}
	low := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	for _, w := range p.words {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}

// group returns submatch g of m in text, or "".
func group(text string, m []int, g int) string {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return ""
	}
	return text[m[2*g]:m[2*g+1]]
}

// The resolvers below turn a rule's match into a date. The year of a
// month or day without one is the latest that is not after publication;
// without a publication date it is XXXX. A weekday or a relative date
// needs the publication date.

// resolveDayMonth resolves "3 February", "3 to 4 February 2020" (its
// first day), "30 April last year".
func resolveDayMonth(text string, m []int, pub time.Time) (dateHit, bool) {
	day := group(text, m, 2)
	if day == "" {
		day = group(text, m, 3)
	}
	return resolveDay(group(text, m, 4), day, group(text, m, 5), group(text, m, 6), pub)
}

// resolveMonthDay resolves "February 3", "May 7 and 9", "April 30 last year".
func resolveMonthDay(text string, m []int, pub time.Time) (dateHit, bool) {
	return resolveDay(group(text, m, 2), group(text, m, 3), group(text, m, 4), group(text, m, 5), pub)
}

// resolveDay resolves a day of a month, in a stated year, in the year
// rel ("this" or "last") names, or in the latest such day.
func resolveDay(month, day, year, rel string, pub time.Time) (dateHit, bool) {
	mo := monthNumber(month)
	d, _ := strconv.Atoi(day)
	if mo == 0 || d < 1 || d > 31 {
		return dateHit{}, false
	}
	// Without a publication date the year of "last year" cannot be
	// known, the day can: XXXX for the year (the corpus guide).
	switch {
	case rel == "last" && !pub.IsZero():
		year = strconv.Itoa(pub.Year() - 1)
	case rel == "this" && !pub.IsZero():
		year = strconv.Itoa(pub.Year())
	}
	v := dayValue(year, mo, d, pub)
	if v == "" {
		return dateHit{}, false
	}
	return dateHit{value: v}, true
}

// resolveMonth resolves "in March", "mid-March 2020", "in March last
// year"; "March to May" spans months and dates nothing.
func resolveMonth(text string, m []int, pub time.Time) (dateHit, bool) {
	known := !pub.IsZero()
	mo := monthNumber(group(text, m, 2))
	if mo == 0 {
		return dateHit{}, false
	}
	if group(text, m, 3) != "" {
		return dateHit{multi: true}, true
	}
	year, rel := group(text, m, 5), group(text, m, 6)
	switch {
	case year != "":
		return dateHit{value: fmt.Sprintf("%s-%02d", year, mo)}, true
	case rel == "this" && known:
		return dateHit{value: fmt.Sprintf("%04d-%02d", pub.Year(), mo)}, true
	case rel == "last" && known:
		return dateHit{value: fmt.Sprintf("%04d-%02d", pub.Year()-1, mo)}, true
	case rel == "this", rel == "last":
		return dateHit{value: fmt.Sprintf("XXXX-%02d", mo)}, true
	case known:
		y := pub.Year()
		if mo > int(pub.Month()) {
			y--
		}
		return dateHit{value: fmt.Sprintf("%04d-%02d", y, mo)}, true
	}
	return dateHit{value: fmt.Sprintf("XXXX-%02d", mo)}, true
}

// resolveISO resolves "2021-12-03".
func resolveISO(text string, m []int, _ time.Time) (dateHit, bool) {
	y, _ := strconv.Atoi(group(text, m, 1))
	mo, _ := strconv.Atoi(group(text, m, 2))
	d, _ := strconv.Atoi(group(text, m, 3))
	if !validDay(y, mo, d) {
		return dateHit{}, false
	}
	return dateHit{value: text[m[0]:m[1]]}, true
}

// resolveDaysAgo resolves "two days ago" and "a week ago".
func resolveDaysAgo(text string, m []int, pub time.Time) (dateHit, bool) {
	if pub.IsZero() {
		return dateHit{}, true
	}
	n, ok := smallNumbers[strings.ToLower(group(text, m, 1))]
	if !ok {
		n, _ = strconv.Atoi(group(text, m, 1))
		if strings.EqualFold(group(text, m, 1), "a") {
			n = 1
		}
	}
	if strings.HasPrefix(strings.ToLower(group(text, m, 2)), "week") {
		n *= 7 // "a week ago": the corpus guide takes the day a week before
	}
	return dateHit{value: pub.AddDate(0, 0, -n).Format("2006-01-02")}, true
}

// resolveSeason resolves "in the summer of 2019" to its year.
func resolveSeason(text string, m []int, _ time.Time) (dateHit, bool) {
	return dateHit{value: group(text, m, 1)}, true
}

// resolveRelative resolves "last month", "at the weekend" and the like.
func resolveRelative(text string, m []int, pub time.Time) (dateHit, bool) {
	return dateHit{value: relativeDate(strings.ToLower(group(text, m, 1)), pub)}, true
}

// resolveWeekday resolves "on Thursday", "last Friday": the latest such
// day not after publication.
func resolveWeekday(text string, m []int, pub time.Time) (dateHit, bool) {
	if pub.IsZero() {
		return dateHit{}, true
	}
	wd := weekdays[strings.ToLower(group(text, m, 2))]
	back := (int(pub.Weekday()) - int(wd) + 7) % 7
	if group(text, m, 1) == "last" && back == 0 {
		back = 7
	}
	return dateHit{value: pub.AddDate(0, 0, -back).Format("2006-01-02")}, true
}

// resolveYear resolves "in 2019"; "since 2019" and "by 2020" open a
// period, "in 2018-20" spans years.
func resolveYear(text string, m []int, _ time.Time) (dateHit, bool) {
	prep := strings.ToLower(strings.Fields(text[m[0]:m[1]])[0])
	if group(text, m, 2) != "" {
		return dateHit{multi: true}, true
	}
	if prep == "since" || prep == "until" || prep == "by" {
		// "the fifth such operation since 2019" counts operations; it
		// does not make a total cumulative.
		if prep == "since" && ordinalBefore(tail(text[:m[0]], 80)) {
			return dateHit{}, true
		}
		return dateHit{since: true}, true
	}
	return dateHit{value: group(text, m, 1)}, true
}

// dayValue formats a day whose year may be missing: the latest such day
// not after publication (February 29 goes back to a leap year). It
// returns "" for a day no calendar has ("February 30", "31 April 2019").
func dayValue(year string, mo, d int, pub time.Time) string {
	if year != "" {
		y, _ := strconv.Atoi(year)
		if !validDay(y, mo, d) {
			return ""
		}
		return fmt.Sprintf("%s-%02d-%02d", year, mo, d)
	}
	if !validDay(2000, mo, d) {
		return ""
	}
	if pub.IsZero() {
		return fmt.Sprintf("XXXX-%02d-%02d", mo, d)
	}
	y := pub.Year()
	if mo > int(pub.Month()) || mo == int(pub.Month()) && d > pub.Day() {
		y--
	}
	for !validDay(y, mo, d) {
		y--
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
}

// validDay reports whether day d of month mo exists in year y.
func validDay(y, mo, d int) bool {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == mo && t.Day() == d
}

// relativeDate resolves "last month", "at the weekend" and the like.
func relativeDate(rel string, pub time.Time) string {
	if pub.IsZero() {
		return ""
	}
	switch rel {
	case "today", "tonight":
		return pub.Format("2006-01-02")
	case "overnight":
		// The night before a report or the one after it: no one day.
		return ""
	case "this week", "earlier this week":
		return weekMonth(pub, 0)
	case "last week":
		return weekMonth(pub, -1)
	case "yesterday":
		return pub.AddDate(0, 0, -1).Format("2006-01-02")
	case "last month", "late last month", "early last month":
		return time.Date(pub.Year(), pub.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	case "this month", "earlier this month":
		return pub.Format("2006-01")
	case "last year", "a year ago":
		return strconv.Itoa(pub.Year() - 1)
	case "this year", "earlier this year":
		return strconv.Itoa(pub.Year())
	case "at the weekend", "over the weekend", "on the weekend", "this weekend", "last weekend":
		back := (int(pub.Weekday()) - int(time.Saturday) + 7) % 7
		return pub.AddDate(0, 0, -back).Format("2006-01-02")
	}
	return ""
}

// weekMonth returns the month of the Monday-to-Sunday week that is weeks
// away from pub's, capped at pub, when all its days fall in one month;
// else "".
func weekMonth(pub time.Time, weeks int) string {
	monday := pub.AddDate(0, 0, -((int(pub.Weekday())+6)%7)+7*weeks)
	last := monday.AddDate(0, 0, 6)
	if last.After(pub) {
		last = pub
	}
	if monday.Month() != last.Month() {
		return ""
	}
	return monday.Format("2006-01")
}

// compatibleDates reports whether two dates can date one operation: equal,
// one empty, one a prefix of the other, or days at most a week apart.
func compatibleDates(a, b string) bool {
	if a == "" || b == "" || a == b || strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
		return true
	}
	ta, err1 := time.Parse("2006-01-02", a)
	tb, err2 := time.Parse("2006-01-02", b)
	if err1 != nil || err2 != nil {
		return false
	}
	d := ta.Sub(tb)
	return d < 8*24*time.Hour && d > -8*24*time.Hour
}

// periodBefore matches the words before a date that make it a bound of a
// period: "since January 2019", "until March 26, 2017".
var periodBefore = regexp.MustCompile(`(?i)(?:^|\s)(since|until|till)\s*$`)

// periodBound reports whether the text before a date makes it a bound of
// a period; "the fifth such operation since May" counts operations.
func periodBound(before string) bool {
	m := periodBefore.FindStringSubmatchIndex(before)
	if m == nil {
		return false
	}
	return !strings.EqualFold(before[m[2]:m[3]], "since") || !ordinalBefore(before[:m[2]])
}

// ordinalBefore reports whether an ordinal or superlative ends the text
// before a "since" phrase, a few words back: "the third such operation".
func ordinalBefore(before string) bool {
	f := strings.Fields(strings.ToLower(before))
	for k := len(f) - 1; k >= 0 && k >= len(f)-4; k-- {
		switch strings.Trim(f[k], ",") {
		case "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
			"latest", "largest", "biggest", "only", "last", "single":
			return true
		}
	}
	return false
}

// tail returns the last n bytes of s or fewer, cut at a rune boundary, so
// that the context checks around a match stay constant-time.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	for len(s) > 0 && !utf8.RuneStart(s[0]) {
		s = s[1:]
	}
	return s
}

// head returns the first n bytes of s or fewer, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// statedYears returns a function that gives a day with no year
// ("XXXX-11-24") the year the article itself states for that day
// elsewhere ("On November 24, 2022"), where it states exactly one.
// It applies only where the publication date is unknown: with one, the
// corpus guide resolves a year from it instead.
func statedYears(mentions []Mention, pub time.Time) func(string) string {
	if !pub.IsZero() {
		return func(d string) string { return d }
	}
	years := map[string]map[string]bool{} // "11-24" -> years
	for _, m := range mentions {
		v := m.Value
		if m.Kind != KindDate || len(v) != 10 || strings.HasPrefix(v, "XXXX") {
			continue
		}
		if years[v[5:]] == nil {
			years[v[5:]] = map[string]bool{}
		}
		years[v[5:]][v[:4]] = true
	}
	// Only the same day: a month recurs across years in articles that
	// recall earlier operations (measured: taking the month's year too
	// lowered cross-validated date F1, 0.788 to 0.785).
	return func(d string) string {
		if len(d) != 10 || !strings.HasPrefix(d, "XXXX-") || len(years[d[5:]]) != 1 {
			return d
		}
		for y := range years[d[5:]] {
			return y + d[4:]
		}
		return d
	}
}
