package link

// countMatch tallies how two events' counts agree.
type countMatch struct {
	exact      int     // groups with the same number
	exactScore float64 // specificity of the equal numbers
	approx     int     // groups with numbers within rounding
	conflict   int     // groups with numbers too far apart
	score      float64 // weight of the agreement: specific numbers say more
}

// agrees reports whether the counts allow one operation: no group
// disagrees, or more groups agree than disagree (outlets miscount a group:
// "seven men" in one, "11 men" in another, with the rest equal).
func (m countMatch) agrees() bool { return m.conflict == 0 || m.exact+m.approx > m.conflict }

// exactEnough reports whether the counts alone say one operation, for an
// event with no date to check: equal numbers and no merely close ones,
// unless the equal ones are specific ("24 women" equal, 68 and 69
// children close).
//
// A miscounted group is tolerated when at least two more groups agree
// besides it ("7 men" and "11 men" beside equal women, children and a
// close total): four groups told alike but for one are rarely two
// operations, and one outlet's (or extraction's) slip should not cost the
// link.
func (m countMatch) exactEnough() bool {
	return m.exact > 0 && (m.conflict == 0 || m.exact+m.approx >= m.conflict+2) &&
		(m.approx == 0 || m.exactScore >= 3)
}

// specificity is what an equal count says about two reports being one
// operation: "156" rarely recurs, "2 children" often does.
func specificity(n int) float64 {
	switch {
	case n >= 100:
		return 5
	case n >= 10:
		return 4
	case n >= 3:
		return 3
	}
	return 2
}

// tally is an event's counts by group index (CountGroups order), and the
// sum of its disjoint groups, worked out once per event.
type tally struct {
	n      [6]int
	has    [6]bool
	q      [6]string
	sum    int
	hasSum bool
}

func tallyOf(e *Event) tally {
	var t tally
	for i, g := range CountGroups {
		t.n[i], t.has[i] = e.Counts[g]
		t.q[i] = e.Qualifiers[g]
	}
	t.sum, t.hasSum = groupSum(e.Counts)
	return t
}

// compareCounts compares the groups both events state. A total one event
// states is compared with the sum of the other's groups when that one has
// no total: equal sums agree, unequal ones say nothing, since outlets often
// give only some groups.
func compareCounts(a, b *tally) countMatch {
	var m countMatch
	for g := range a.n {
		if !a.has[g] || !b.has[g] {
			continue
		}
		x, y := a.n[g], b.n[g]
		switch {
		case x == y:
			m.exact++
			m.score += specificity(x)
			m.exactScore += specificity(x)
		case rounded(x, y, a.q[g], b.q[g]):
			m.approx++
			m.score++
		case g == 0 && (b.hasSum && x == b.sum || a.hasSum && y == a.sum):
			// One total is exactly the other's groups: the other total
			// counts people beyond them (men not broken out, another
			// country's group on a joint flight). The groups decide.
		default:
			m.conflict++
			m.score -= 3
		}
	}
	for _, p := range [2][2]*tally{{a, b}, {b, a}} {
		if p[0].has[0] && !p[1].has[0] && p[1].hasSum && p[0].n[0] == p[1].sum {
			x := p[0].n[0]
			m.exact++
			m.score += specificity(x)
			m.exactScore += specificity(x)
		}
	}
	return m
}

// groupSum adds up disjoint groups: women, men and children, or adults and
// children. ok is false when there is nothing to add.
func groupSum(c map[string]int) (int, bool) {
	w, hw := c["women"]
	mn, hm := c["men"]
	ch, hc := c["children"]
	ad, ha := c["adults"]
	switch {
	case ha && (hw || hm) && ad != w+mn:
		// Adults given beside some of its parts: trust the adults.
		return ad + ch, true
	case hw || hm:
		return w + mn + ch, hc || (hw && hm)
	case ha:
		return ad + ch, hc
	}
	return 0, false
}

// rounded reports whether two counts of a group may be the same people
// told differently: within 5% (or 1), within 10% of a round number (50 and
// 47), or consistent with a qualifier ("more than 100" and 148).
func rounded(x, y int, qx, qy string) bool {
	if x > y {
		x, y, qx, qy = y, x, qy, qx
	}
	tol := max(1, y/20)
	if x%10 == 0 || y%10 == 0 || qx == "about" || qy == "about" {
		tol = max(1, y/10)
	}
	if y-x <= tol {
		return true
	}
	// x < y here.
	switch {
	case qx == "more_than" || qx == "at_least":
		return y-x <= y/4
	case qy == "less_than" || qy == "up_to":
		return y-x <= y/4
	}
	return false
}
