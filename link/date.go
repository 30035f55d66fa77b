package link

import (
	"strconv"
	"strings"
	"time"
)

// Date precisions, coarsest first.
const (
	precNone = iota
	precYear
	precMonth
	precDay
)

// when is an event date as a range of days. When the year is unknown
// (XXXX-MM-DD with no publication date to fit it) only month and day are
// known and lo/hi are unset.
type when struct {
	prec      int
	yearKnown bool
	yearFit   bool // the year was fitted from the publication date, not stated
	lo, hi    int  // days since 1970-01-01, inclusive
	month     int
	day       int
}

// dayOf returns the day number of a calendar date.
func dayOf(y, m, d int) int {
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// parsePublished reads a YYYY-MM-DD publication date; ok is false for
// anything else.
func parsePublished(s string) (int, bool) {
	if len(s) < 10 {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

// parseWhen reads an event date (YYYY, YYYY-MM, YYYY-MM-DD, XXXX-MM,
// XXXX-MM-DD). A missing year is fitted from the publication date: the
// latest such date on or before it, as a report tells of a past transfer.
func parseWhen(date, published string) when {
	parts := strings.Split(date, "-")
	if date == "" || len(parts) > 3 || len(parts[0]) != 4 {
		return when{}
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if i == 0 && p == "XXXX" {
			nums[0] = -1
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return when{}
		}
		nums[i] = n
	}
	w := when{prec: len(parts)}
	if len(nums) > 1 {
		w.month = nums[1]
		if w.month < 1 || w.month > 12 {
			return when{}
		}
	}
	if len(nums) > 2 {
		w.day = nums[2]
		if w.day < 1 || w.day > 31 {
			return when{}
		}
	}
	year := nums[0]
	if year < 0 {
		if w.prec == precYear {
			return when{}
		}
		pub, ok := parsePublished(published)
		if !ok {
			return w
		}
		year = time.Unix(int64(pub)*86400, 0).UTC().Year()
		if first := max(w.day, 1); dayOf(year, w.month, first) > pub {
			year--
		}
		w.yearFit = true
	}
	w.yearKnown = true
	switch w.prec {
	case precYear:
		w.lo, w.hi = dayOf(year, 1, 1), dayOf(year, 12, 31)
	case precMonth:
		w.lo, w.hi = dayOf(year, w.month, 1), dayOf(year, w.month+1, 1)-1
	case precDay:
		w.lo = dayOf(year, w.month, w.day)
		w.hi = w.lo
	}
	return w
}

// Date agreement between two events.
const (
	dateUnknown  = iota // one or both undated, or not comparable
	dateConflict        // they cannot be the same transfer
	dateContains        // one date contains the other (2021-03 and 2021-03-16)
	dateDay             // the same day, or days within slackDays
)

// slackDays is how far apart two day-precise dates of one operation may
// be: an operation can span a few days, and outlets date it by departure,
// arrival or announcement.
const slackDays = 2

// compareWhen says how two dates agree, and how specific the agreement is:
// the finer the coarser date, the more it says.
func compareWhen(a, b when) (rel int, score float64) {
	if a.prec == precNone || b.prec == precNone {
		return dateUnknown, 0
	}
	if a.yearKnown && b.yearKnown {
		if a.prec == precDay && b.prec == precDay {
			d := abs(a.lo - b.lo)
			switch {
			case d == 0:
				return dateDay, 4
			case d <= slackDays:
				return dateDay, 3
			}
			return dateConflict, 0
		}
		// A day near the end of a month may be told as the next month
		// (an arrival after midnight); a year has no such slack.
		slack := slackDays
		if min(a.prec, b.prec) == precYear {
			slack = 0
		}
		if a.lo-slack <= b.lo && b.hi <= a.hi+slack || b.lo-slack <= a.lo && a.hi <= b.hi+slack {
			if min(a.prec, b.prec) == precMonth {
				return dateContains, 2
			}
			return dateContains, 0.5
		}
		return dateConflict, 0
	}
	// A year is unknown: compare month and day, where both have them.
	if a.prec == precYear || b.prec == precYear {
		return dateUnknown, 0
	}
	if a.month != b.month {
		return dateConflict, 0
	}
	if a.prec == precDay && b.prec == precDay {
		switch d := abs(a.day - b.day); {
		case d == 0:
			return dateDay, 3
		case d <= slackDays:
			return dateDay, 2.5
		}
		return dateConflict, 0
	}
	return dateContains, 1.5
}

// reportedBy reports whether a transfer dated w can be told by an article
// published on day pub: it happened by then (with slack for time zones and
// overnight flights).
func reportedBy(w when, pub int) bool {
	return !w.yearKnown || w.lo <= pub+slackDays
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// yearOf returns the year a date with a known year falls in.
func yearOf(w when) int {
	return time.Unix(int64(w.lo)*86400, 0).UTC().Year()
}
