package link

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Candidate is one value of a field and the events that state it.
type Candidate struct {
	Value    string   `json:"value"`
	Sources  []string `json:"sources"`  // event keys, in member order
	Reviewed bool     `json:"reviewed"` // a reviewer confirmed it in at least one source
}

// Field is an operation's value for one field: the candidate its sources
// support best, or the one a reviewer picked, and every value that
// disagrees with it. Nothing is averaged: each value is one some source
// states, and its Sources lead to the evidence.
type Field struct {
	Name    string   `json:"field"` // date, operation, counts.women, …
	Value   string   `json:"value"`
	Sources []string `json:"sources"`
	Picked  bool     `json:"picked"` // chosen by a reviewer
	// Agreeing are other values that agree with Value without equalling
	// it: a month containing the day, the day without its year.
	Agreeing  []Candidate `json:"agreeing"`
	Conflicts []Candidate `json:"conflicts"`
}

// Consensus is what an operation's sources say, field by field.
type Consensus struct {
	Country  string   `json:"country"`
	Date     *Field   `json:"date"`      // nil when no source dates it
	From     []string `json:"from"`      // every origin a source states
	Counts   []Field  `json:"counts"`    // by group, in the export's group order
	Name     *Field   `json:"operation"` // nil when no source names it
	Sources  int      `json:"sources"`   // events in the operation
	Articles int      `json:"articles"`  // distinct articles
}

// Conflicts counts the fields whose sources disagree.
func (c Consensus) Conflicts() int {
	n := 0
	for _, f := range c.Fields() {
		if len(f.Conflicts) > 0 {
			n++
		}
	}
	return n
}

// Fields lists the fields that have a value: date, counts, operation name.
func (c Consensus) Fields() []Field {
	var out []Field
	if c.Date != nil {
		out = append(out, *c.Date)
	}
	out = append(out, c.Counts...)
	if c.Name != nil {
		out = append(out, *c.Name)
	}
	return out
}

// CountGroups are the count keys in export order.
var CountGroups = []string{"total", "women", "men", "children", "adults", "orphans"}

// Agree works out the consensus of an operation's member events (in member
// order, founder first). picks are reviewers' choices by field name
// ("date", "operation", "counts.women"); a pick that no source states is
// ignored. Ranking, best first: a value a reviewer confirmed, one stated by
// more sources, an exact count over a qualified one, a more precise date;
// ties go to the earlier member.
func Agree(members []Event, picks map[string]string) Consensus {
	c := Consensus{Sources: len(members), From: []string{}, Counts: []Field{}}
	arts := map[string]bool{}
	for _, m := range members {
		if c.Country == "" {
			c.Country = m.Country
		}
		arts[m.Article] = true
		for _, f := range m.From {
			if !slices.Contains(c.From, f) {
				c.From = append(c.From, f)
			}
		}
	}
	slices.Sort(c.From)
	c.Articles = len(arts)

	// Dates: a date agrees with every date it contains or is contained by.
	dates := candidates(members, func(e Event) string { return e.Date })
	if len(dates) > 0 {
		ws := map[string]when{}
		for _, d := range dates {
			ws[d.Value] = parseWhen(d.Value, "")
		}
		// A date agrees with the dates it contains or is contained by,
		// and with the same day whose year one source lacks.
		agree := func(a, b string) bool {
			wa, wb := ws[a], ws[b]
			rel, _ := compareWhen(wa, wb)
			sameDay := rel == dateDay && wa.month == wb.month && wa.day == wb.day && (!wa.yearKnown || !wb.yearKnown)
			return a == b || rel == dateContains || rel == dateUnknown || sameDay
		}
		support := func(v string) (int, bool) {
			n, rev := 0, false
			for _, d := range dates {
				if agree(v, d.Value) {
					n += len(d.Sources)
					rev = rev || d.Reviewed
				}
			}
			return n, rev
		}
		best := pick(dates, picks["date"], func(a, b Candidate) int {
			na, ra := support(a.Value)
			nb, rb := support(b.Value)
			return cmp.Or(cmpBool(ra, rb), cmp.Compare(na, nb), cmp.Compare(ws[a.Value].prec, ws[b.Value].prec),
				cmpBool(ws[a.Value].yearKnown, ws[b.Value].yearKnown))
		})
		f := field("date", dates, best, picks["date"])
		for _, x := range f.Conflicts {
			if agree(best.Value, x.Value) {
				f.Agreeing = append(f.Agreeing, x)
			}
		}
		f.Conflicts = slices.DeleteFunc(f.Conflicts, func(x Candidate) bool { return agree(best.Value, x.Value) })
		c.Date = &f
	}
	for _, g := range CountGroups {
		vals := candidates(members, func(e Event) string {
			n, ok := e.Counts[g]
			if !ok {
				return ""
			}
			if q := e.Qualifiers[g]; q != "" {
				return strings.ReplaceAll(q, "_", " ") + " " + strconv.Itoa(n)
			}
			return strconv.Itoa(n)
		})
		if len(vals) == 0 {
			continue
		}
		name := "counts." + g
		best := pick(vals, picks[name], func(a, b Candidate) int {
			return cmp.Or(cmpBool(a.Reviewed, b.Reviewed), cmp.Compare(len(a.Sources), len(b.Sources)),
				cmpBool(isExact(a.Value), isExact(b.Value)))
		})
		c.Counts = append(c.Counts, field(name, vals, best, picks[name]))
	}
	names := candidates(members, func(e Event) string { return e.Operation })
	if len(names) > 0 {
		best := pick(names, picks["operation"], func(a, b Candidate) int {
			return cmp.Or(cmpBool(a.Reviewed, b.Reviewed), cmp.Compare(len(a.Sources), len(b.Sources)))
		})
		f := field("operation", names, best, picks["operation"])
		c.Name = &f
	}
	return c
}

// candidates groups the members' values of one field, in order of first
// appearance; empty values are left out.
func candidates(members []Event, get func(Event) string) []Candidate {
	var out []Candidate
	for _, m := range members {
		v := get(m)
		if v == "" {
			continue
		}
		i := slices.IndexFunc(out, func(c Candidate) bool { return c.Value == v })
		if i < 0 {
			out = append(out, Candidate{Value: v})
			i = len(out) - 1
		}
		out[i].Sources = append(out[i].Sources, m.Key)
		out[i].Reviewed = out[i].Reviewed || m.Reviewed
	}
	return out
}

// pick returns the picked candidate if a source states it, else the best
// by better (positive when a is better); the earlier candidate wins ties.
func pick(cs []Candidate, picked string, better func(a, b Candidate) int) Candidate {
	if i := slices.IndexFunc(cs, func(c Candidate) bool { return c.Value == picked }); picked != "" && i >= 0 {
		return cs[i]
	}
	best := cs[0]
	for _, c := range cs[1:] {
		if better(c, best) > 0 {
			best = c
		}
	}
	return best
}

func field(name string, cs []Candidate, best Candidate, picked string) Field {
	f := Field{Name: name, Value: best.Value, Sources: best.Sources, Picked: picked != "" && picked == best.Value,
		Agreeing: []Candidate{}, Conflicts: []Candidate{}}
	for _, c := range cs {
		if c.Value != best.Value {
			f.Conflicts = append(f.Conflicts, c)
		}
	}
	return f
}

func isExact(v string) bool { _, err := strconv.Atoi(v); return err == nil }

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
