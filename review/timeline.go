package review

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/link"
	"github.com/newsfacts/newsfacts/store"
)

// Timeline geometry, in SVG user units.
const (
	timelineWidth  = 720
	timelineHeight = 56
	timelinePad    = 24
)

// timeline is one country's operations by month, drawn as SVG marks whose
// area grows with the people brought home.
type timeline struct {
	Country string
	Marks   []timelineMark
	Ticks   []timelineTick
	Undated int // operations left out: no date with a known year
}

type timelineMark struct {
	X, R           float64
	Href, Title    string
	People, Month  string
	ID, Date       string
	Country        string
	Sources        int
	NoCount        bool
	peopleN, month int
}

type timelineTick struct {
	X     float64
	Label string
}

// people is how many people an operation brought home as its sources say:
// the consensus total, else its disjoint groups added up; ok is false
// when no count is stated.
func people(c link.Consensus) (int, bool) {
	n := map[string]int{}
	for _, f := range c.Counts {
		v, _ := store.CountValue(f.Value)
		n[strings.TrimPrefix(f.Name, "counts.")] = v
	}
	if t, ok := n["total"]; ok {
		return t, true
	}
	if a, ok := n["adults"]; ok {
		return a + n["children"], true
	}
	sum := n["women"] + n["men"] + n["children"]
	if sum == 0 {
		sum = n["orphans"]
	}
	return sum, sum > 0
}

// monthIndex turns YYYY-MM… into a month number; ok is false for dates
// without a known year or month.
func monthIndex(date string) (int, bool) {
	if len(date) < 7 || strings.HasPrefix(date, "XXXX") {
		return 0, false
	}
	y, err1 := strconv.Atoi(date[:4])
	m, err2 := strconv.Atoi(date[5:7])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return 0, false
	}
	return y*12 + m - 1, true
}

// timelines lays out every country's operations on one shared month axis.
func timelines(ops []store.OperationView) []timeline {
	byCountry := map[string]*timeline{}
	var countries []string
	lo, hi := math.MaxInt, math.MinInt
	var marks []timelineMark
	for _, o := range ops {
		t := byCountry[o.Country]
		if t == nil {
			t = &timeline{Country: o.Country}
			byCountry[o.Country] = t
			countries = append(countries, o.Country)
		}
		mi, ok := monthIndex(o.Date())
		if !ok {
			t.Undated++
			continue
		}
		n, counted := people(o.Consensus)
		m := timelineMark{ID: o.ID, Country: o.Country, Date: o.Date(), Href: operationHref(o.ID), Sources: o.Consensus.Sources,
			NoCount: !counted, peopleN: n, month: mi}
		m.Month = fmt.Sprintf("%04d-%02d", mi/12, mi%12+1)
		m.People = "count not stated"
		if counted {
			m.People = strconv.Itoa(n) + " people"
		}
		m.Title = fmt.Sprintf("%s %s: %s, %d source(s)", o.Country, o.Date(), m.People, m.Sources)
		marks = append(marks, m)
		lo, hi = min(lo, mi), max(hi, mi)
	}
	if len(marks) > 0 {
		lo -= lo % 12 // from January of the first year
		hi += 12 - hi%12
		x := func(mi int) float64 {
			return timelinePad + float64(mi-lo)*float64(timelineWidth-2*timelinePad)/float64(hi-lo)
		}
		var ticks []timelineTick
		for mi := lo; mi <= hi; mi += 12 {
			ticks = append(ticks, timelineTick{X: math.Round(x(mi)*10) / 10, Label: strconv.Itoa(mi / 12)})
		}
		for _, m := range marks {
			m.X = math.Round(x(m.month)*10) / 10
			m.R = math.Round((3+math.Min(14, math.Sqrt(float64(m.peopleN))*0.8))*10) / 10
			t := byCountry[m.Country]
			t.Marks = append(t.Marks, m)
		}
		for _, c := range countries {
			byCountry[c].Ticks = ticks
		}
	}
	slices.Sort(countries)
	out := make([]timeline, 0, len(countries))
	for _, c := range countries {
		out = append(out, *byCountry[c])
	}
	return out
}

// timelineCSV serves the timeline's data for users' own plots.
func (s *server) timelineCSV(w http.ResponseWriter, r *http.Request) {
	ops, err := s.db.Operations(r.Context(), store.OperationFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="operations-timeline.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"country", "month", "operation_id", "date", "people", "sources"})
	for _, t := range timelines(ops) {
		for _, m := range t.Marks {
			n := ""
			if !m.NoCount {
				n = strconv.Itoa(m.peopleN)
			}
			cw.Write([]string{t.Country, m.Month, m.ID, m.Date, n, strconv.Itoa(m.Sources)})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		// The header is sent: the client sees a cut file, the log why.
		s.opts.Log.Warn("timeline.csv not fully written", "err", err)
	}
}
