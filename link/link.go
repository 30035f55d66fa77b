package link

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
)

// Event is what linking reads of one extracted (or reviewed) event.
type Event struct {
	Key        string // the event's public id
	Article    string // the article's id: events of one article are never linked
	Published  string // the article's publication date, YYYY-MM-DD, or ""
	Country    string
	From       []string
	Date       string // YYYY, YYYY-MM, YYYY-MM-DD, XXXX-MM(-DD) or ""
	Counts     map[string]int
	Qualifiers map[string]string
	Operation  string // the operation's name, if the text gives one
	Aggregate  bool   // a cumulative total: never part of an operation
	Reviewed   bool   // a reviewer accepted or corrected these values
}

// Operation is one repatriation reported by one or more events. Members
// are event keys, the founding member first: the ID derives from it and
// stays while it stays.
type Operation struct {
	ID      string   `json:"id"`
	Country string   `json:"country"`
	Members []string `json:"members"`
}

// Constraints are reviewers' decisions that linking obeys whatever the
// evidence says: pairs of event keys kept apart (an event detached from an
// operation) and pairs kept together (two operations merged).
type Constraints struct {
	Apart    [][2]string
	Together [][2]string
}

// OperationID returns the id of an operation founded by the event with this
// key: a short hash, so it is the same in every database.
func OperationID(founder string) string {
	sum := sha256.Sum256([]byte("operation\x00" + founder))
	return "o" + hex.EncodeToString(sum[:])[:15]
}

// Evidence classes of a pair, weakest first.
const (
	classNone   = iota
	classWeak   // joins only when unambiguous: a containing date with close counts or none, an undated event's exact count or name, equal groups under different years
	classStrong // a matching day, a containing date with an equal count, the same name
)

// pair is the judgement on two events.
// Its fields are small: wire copies make hundreds of thousands of them.
type pair struct {
	score      float32 // weight of the evidence, for ordering joins
	class      int8    // how strongly the evidence says one operation
	weakSide   int8    // for classWeak: 1 if i needs to be unambiguous, 2 if j, 3 both
	compatible bool    // nothing contradicts one operation
	close      bool    // counts only close, not equal: too loose to join on weak evidence
	thin       bool    // for an undated event: only a small count (under 10 people, one group) agrees
}

// maxCands bounds the candidates kept per event.
const maxCands = 16

// cand is a candidate partner of an event and the judgement on the pair.
type cand struct {
	j int
	p pair
}

// windowDays is how long before its publication an article may recall an
// undated transfer and still be matched on its count or name alone.
const windowDays = 3 * 366

// info is what judging reads of an event, worked out once.
type info struct {
	counts tally
	when   when
	pub    int // publication day, when hasPub
	hasPub bool
}

func infoOf(e *Event) info {
	pub, ok := parsePublished(e.Published)
	return info{counts: tallyOf(e), when: parseWhen(e.Date, e.Published), pub: pub, hasPub: ok}
}

// judge compares two events of the same country from different articles.
func judge(a, b *Event, ia, ib *info) pair {
	wa, wb := ia.when, ib.when
	var p pair
	if a.Country != b.Country || a.Article == b.Article || a.Aggregate || b.Aggregate {
		return p
	}
	rel, dscore := compareWhen(wa, wb)
	cm := compareCounts(&ia.counts, &ib.counts)
	noEvidence := false
	if rel == dateConflict {
		switch slip := yearSlip(wa, wb, cm); {
		case (announced(ia, wb) || announced(ib, wa)) && cm.exactEnough():
			rel, dscore = dateUnknown, -1
		case slip == slipNone:
			return p
		default:
			rel, dscore, noEvidence = dateUnknown, -2, slip == slipCompatible
		}
	}
	// An undated report cannot tell of a transfer after its publication.
	if ia.hasPub && wa.prec == precNone && !reportedBy(wb, ia.pub) {
		return p
	}
	if ib.hasPub && wb.prec == precNone && !reportedBy(wa, ib.pub) {
		return p
	}
	// On a matching day one misread group is outweighed by one that
	// agrees: one country rarely brings two groups home within days.
	if !cm.agrees() && !(rel == dateDay && cm.exact+cm.approx >= cm.conflict) {
		return p
	}
	if len(a.From) > 0 && len(b.From) > 0 && !overlaps(a.From, b.From) {
		return p
	}
	p.compatible = true
	p.close = cm.approx > 0 && cm.exactScore < 3
	sameName := a.Operation != "" && strings.EqualFold(a.Operation, b.Operation)
	p.score = float32(dscore + cm.score)
	if sameName {
		p.score += 3
	}
	if overlaps(a.From, b.From) {
		p.score += 0.5
	}
	counted := cm.exact+cm.approx > 0
	if noEvidence {
		return p
	}
	switch rel {
	case dateDay:
		p.class = classStrong
	case dateContains:
		switch {
		case cm.exact > 0 || sameName:
			p.class = classStrong
		case !counted && (!wa.yearKnown || !wb.yearKnown):
			// A month without a year and no count: too little to go on.
		default:
			// Only close counts, or none: join if nothing else fits.
			p.class = classWeak
			// The coarser date is the one that might belong elsewhere.
			switch {
			case wa.prec < wb.prec:
				p.weakSide = 1
			case wb.prec < wa.prec:
				p.weakSide = 2
			default:
				p.weakSide = 3
			}
		}
	default: // one or both undated, or years not comparable
		if (cm.exactEnough() || sameName && cm.conflict == 0) && inWindow(ia, ib) {
			p.class = classWeak
			p.thin = !sameName && cm.exactScore < specificity(10)
			switch {
			case wa.prec == precNone && wb.prec != precNone:
				p.weakSide = 1
			case wb.prec == precNone && wa.prec != precNone:
				p.weakSide = 2
			default:
				p.weakSide = 3
			}
		}
	}
	return p
}

// announceDays is how long after a transfer its announcement may come.
const announceDays = 7

// copyDays is how far apart copies and rewrites of one story are
// published.
const copyDays = 7

// announced reports whether an event's date may be the day its transfer
// was announced rather than done, when the other event dates it earlier:
// it is its article's publication day (or the day before), and the other
// day precedes it by at most announceDays. "X said on Sunday it had
// brought back..." is resolved to the Sunday by outlets and extraction
// alike. The pair is then judged as if that date were missing.
func announced(i *info, other when) bool {
	w := i.when
	return i.hasPub && w.prec == precDay && w.yearKnown && abs(w.lo-i.pub) <= 1 &&
		other.prec == precDay && other.yearKnown && other.lo < w.lo && w.lo-other.lo <= announceDays
}

// What a date conflict between two years may be instead.
const (
	slipNone       = iota // a conflict
	slipCompatible        // possibly a year mistyped: may be one operation, but no evidence that it is
	slipEvidence          // likely a year mistyped: weak evidence of one operation
)

// yearSlip says whether dates that differ in their year may still be one
// transfer, its year mistyped or misread (by the outlet or by
// extraction), given how the counts agree. Counts must agree exactly.
// Several groups counted alike outvote the year: outlets get a year wrong
// more often than two operations years apart bring home the same groups.
// So does the same day of the year: "16 July 2012" beside "16 July 2021"
// with an equal count is a typo more often than two transfers on one date
// years apart. The same month only keeps the pair compatible, so that
// a mistyped report can stay with the reports it was joined to by
// better evidence. A year fitted from the publication date is not
// mistyped but inferred: with fewer groups alike it rules the pair out.
func yearSlip(wa, wb when, cm countMatch) int {
	if !wa.yearKnown || !wb.yearKnown || yearOf(wa) == yearOf(wb) || cm.exact == 0 || cm.conflict > 0 || cm.approx > 0 {
		return slipNone
	}
	switch {
	case cm.exactScore >= 7:
		return slipEvidence
	case wa.yearFit || wb.yearFit:
		return slipNone
	case wa.prec == precDay && wb.prec == precDay && wa.month == wb.month && wa.day == wb.day:
		return slipEvidence
	case wa.prec >= precMonth && wb.prec >= precMonth && wa.month == wb.month:
		return slipCompatible
	}
	return slipNone
}

// worstOf returns the index of the worst candidate in cs.
func worstOf(cs []cand, better func(a, b cand) bool) int {
	w := 0
	for x := range cs {
		if better(cs[w], cs[x]) {
			w = x
		}
	}
	return w
}

// inWindow reports whether an undated event's article was published
// within windowDays after the other event (its date, or its article's
// publication when it has none too). Unknown dates do not exclude.
func inWindow(ia, ib *info) bool {
	wa, wb := ia.when, ib.when
	pa, okA, pb, okB := ia.pub, ia.hasPub, ib.pub, ib.hasPub
	switch {
	case wa.prec == precNone && wb.prec == precNone:
		return !okA || !okB || abs(pa-pb) <= windowDays
	case wa.prec == precNone:
		return !okA || !wb.yearKnown || pa-wb.hi <= windowDays
	case wb.prec == precNone:
		return !okB || !wa.yearKnown || pb-wa.hi <= windowDays
	}
	return true
}

// dropApart removes from members those a reviewer detached: while two
// members must be apart, the one apart from the most others (the later on
// a tie) leaves. Two members of one article are apart too.
func dropApart(members []int, apart map[[2]int]bool, evs []Event) []int {
	for {
		worst, worstN := -1, 0
		for x, i := range members {
			n := 0
			for _, j := range members {
				if i != j && (apart[[2]int{min(i, j), max(i, j)}] || evs[i].Article == evs[j].Article) {
					n++
				}
			}
			if n > 0 && n >= worstN {
				worst, worstN = x, n
			}
		}
		if worst < 0 {
			return members
		}
		members = slices.Delete(slices.Clone(members), worst, worst+1)
	}
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Link groups events into operations. Every event that is not a cumulative
// total is in exactly one operation, alone if nothing links it. prev are
// the operations of an earlier run: their members stay together while they
// are present, of the operation's country and not detached (they are not
// judged again), and new events join them; an operation keeps its ID
// while its founding member stays. Events are compared within a country,
// every pair, so the cost grows with the square of one country's events.
// The result is ordered by ID and depends only on the arguments.
func Link(events []Event, prev []Operation, c Constraints) []Operation {
	evs := make([]Event, 0, len(events))
	for _, e := range events {
		if !e.Aggregate && e.Key != "" {
			evs = append(evs, e)
		}
	}
	slices.SortFunc(evs, func(a, b Event) int { return cmp.Compare(a.Key, b.Key) })
	evs = slices.CompactFunc(evs, func(a, b Event) bool { return a.Key == b.Key })
	n := len(evs)
	index := make(map[string]int, n)
	for i, e := range evs {
		index[e.Key] = i
	}
	infos := make([]info, n)
	for i := range evs {
		infos[i] = infoOf(&evs[i])
	}
	// Pairs are judged when needed rather than stored: judging is cheap,
	// and wire copies make thousands of compatible pairs.
	judged := func(i, j int) pair {
		if evs[i].Country != evs[j].Country {
			return pair{}
		}
		return judge(&evs[i], &evs[j], &infos[i], &infos[j])
	}

	// Each event's best candidates (pairs with evidence), at most
	// maxCands: enough to find ambiguity and to join a clique of copies.
	byCountry := map[string][]int{}
	for i, e := range evs {
		byCountry[e.Country] = append(byCountry[e.Country], i)
	}
	// Events are sorted by key, so index order is key order: ties go to
	// the smaller key.
	cands := make([][]cand, n)
	worst := make([]int, n) // index into cands[i] of its worst, once full
	better := func(a, b cand) bool {
		return a.p.score > b.p.score || a.p.score == b.p.score && a.j < b.j
	}
	add := func(i int, c cand) {
		cs := cands[i]
		if len(cs) < maxCands {
			cands[i] = append(cs, c)
			if len(cands[i]) == maxCands {
				worst[i] = worstOf(cands[i], better)
			}
			return
		}
		if better(c, cs[worst[i]]) {
			cs[worst[i]] = c
			worst[i] = worstOf(cs, better)
		}
	}
	// eachPair calls fn with every pair of one country that has evidence.
	eachPair := func(fn func(i, j int, p pair)) {
		for _, c := range slices.Sorted(maps.Keys(byCountry)) {
			idx := byCountry[c]
			for x, i := range idx {
				for _, j := range idx[x+1:] {
					if p := judge(&evs[i], &evs[j], &infos[i], &infos[j]); p.class != classNone {
						fn(i, j, p)
					}
				}
			}
		}
	}
	eachPair(func(i, j int, p pair) {
		add(i, cand{j, p})
		q := p
		q.weakSide = p.weakSide>>1 | (p.weakSide&1)<<1 // seen from j
		add(j, cand{i, q})
	})
	for i := range cands {
		slices.SortFunc(cands[i], func(a, b cand) int {
			if better(a, b) {
				return -1
			}
			if better(b, a) {
				return 1
			}
			return 0
		})
	}
	apart := map[[2]int]bool{}
	for _, ap := range c.Apart {
		i, ok1 := index[ap[0]]
		j, ok2 := index[ap[1]]
		if ok1 && ok2 {
			apart[[2]int{min(i, j), max(i, j)}] = true
		}
	}

	cl := newClusters(n)
	// Reviewers' merges first, then the previous run's operations.
	for _, t := range c.Together {
		i, ok1 := index[t[0]]
		j, ok2 := index[t[1]]
		if ok1 && ok2 && evs[i].Country == evs[j].Country && evs[i].Article != evs[j].Article {
			cl.merge(i, j, func(a, b int) bool { return !apart[[2]int{min(a, b), max(a, b)}] && evs[a].Article != evs[b].Article }, checkNone)
		}
	}
	prevOf := map[int]int{} // event -> index into prev
	for pi, op := range prev {
		var kept []int
		for _, k := range op.Members {
			if i, ok := index[k]; ok && evs[i].Country == op.Country {
				if _, taken := prevOf[i]; !taken {
					kept = append(kept, i)
				}
			}
		}
		kept = dropApart(kept, apart, evs)
		for x, i := range kept {
			prevOf[i] = pi
			if x > 0 {
				// Kept members are not judged again: the run that linked
				// them, or a reviewer, decided; only a detach, a changed
				// country or a deleted event undoes it.
				cl.merge(kept[0], i, nil, checkNone)
			}
		}
	}
	fixed := func(i int) bool { _, ok := prevOf[i]; return ok }

	// An event is ambiguous when a candidate nearly as good as its best
	// cannot be one operation with the best. A weak join must also go to
	// the best candidate or one that can be with it.
	// This looks at every candidate, not only the kept best ones.
	const margin = 2
	ambiguous := make([]bool, n)
	top := make([]int, n)
	for i, cs := range cands {
		top[i] = -1
		if len(cs) > 0 {
			top[i] = cs[0].j
		}
	}
	nearTop := func(i, j int, score float32) {
		t := top[i]
		if !ambiguous[i] && t != j && score > cands[i][0].p.score-margin && !judged(t, j).compatible {
			ambiguous[i] = true
		}
	}
	eachPair(func(i, j int, p pair) {
		nearTop(i, j, p.score)
		nearTop(j, i, p.score)
	})
	// A small count is all an undated event shares with its best
	// candidate: "3 children" recurs across operations, so it says one
	// operation only when every other candidate is surely the best's
	// operation too: a matching day, or a containing date and an equal
	// count, or evidence between reports published within a week of each
	// other (copies of one story). Several reports tied together by
	// nothing but such counts are as likely different transfers.
	sure := func(x, y int) bool {
		p := judged(x, y)
		ix, iy := &infos[x], &infos[y]
		return p.class == classStrong ||
			p.class == classWeak && ix.hasPub && iy.hasPub && abs(ix.pub-iy.pub) <= copyDays
	}
	for i, cs := range cands {
		if ambiguous[i] || len(cs) < 2 || !cs[0].p.thin || cs[0].p.weakSide&1 == 0 {
			continue
		}
		for _, c := range cs[1:] {
			if !sure(cs[0].j, c.j) {
				ambiguous[i] = true
				break
			}
		}
	}
	weakOK := func(i, j int) bool {
		return !ambiguous[i] && (j == top[i] || judged(j, top[i]).compatible)
	}

	type edge struct {
		i, j int
		p    pair
	}
	// edgesOf lists each candidate pair once (i < j, as judged from i).
	edgesOf := func(keep func(i, j int, p pair) bool) []edge {
		total := 0
		for _, cs := range cands {
			total += len(cs)
		}
		out := make([]edge, 0, total)
		listed := func(i, j int) bool { return slices.ContainsFunc(cands[i], func(c cand) bool { return c.j == j }) }
		for i, cs := range cands {
			for _, c := range cs {
				a, b := min(i, c.j), max(i, c.j)
				// Once: from the smaller index, or from the larger when
				// the smaller did not keep the pair.
				if i == b && listed(a, b) {
					continue
				}
				p := c.p
				if a != i {
					p = judged(a, b)
				}
				if !apart[[2]int{a, b}] && !(fixed(a) && fixed(b)) && keep(a, b, p) {
					out = append(out, edge{a, b, p})
				}
			}
		}
		return out
	}
	edges := edgesOf(func(i, j int, p pair) bool {
		return p.class != classWeak || (p.weakSide&1 == 0 || weakOK(i, j)) && (p.weakSide&2 == 0 || weakOK(j, i))
	})
	ok := func(a, b int) bool {
		return !apart[[2]int{min(a, b), max(a, b)}] && judged(a, b).compatible
	}
	// Strongest evidence first. A weak join may bring close-but-unequal
	// counts together on the pair's own evidence, never by the way.
	join := func(edges []edge) {
		slices.SortFunc(edges, func(a, b edge) int {
			return cmp.Or(cmp.Compare(b.p.score, a.p.score),
				cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
		})
		for _, e := range edges {
			if e.p.class != classWeak {
				cl.merge(e.i, e.j, ok, checkStrong)
				continue
			}
			cl.merge(e.i, e.j, func(a, b int) bool {
				return ok(a, b) && (!judged(a, b).close || a == e.i && b == e.j || a == e.j && b == e.i)
			}, checkWeak)
		}
	}
	join(edges)

	// Second pass: an ambiguous event may still join a candidate whose
	// article already shares an operation with its own, when that leaves
	// one choice: wire copies and roundups of a joint flight report every
	// country's group, so two articles that agree on one operation tell of
	// the same ones.
	artRoots := map[string][]int{} // article -> operations (roots) it reports, with other articles
	for r, ms := range cl.members {
		for _, m := range ms {
			if len(ms) > 1 && !slices.Contains(artRoots[evs[m].Article], r) {
				artRoots[evs[m].Article] = append(artRoots[evs[m].Article], r)
			}
		}
	}
	coreport := func(a, b string) bool {
		for _, r := range artRoots[a] {
			if slices.Contains(artRoots[b], r) {
				return true
			}
		}
		return false
	}
	partners := func(x int) []int {
		var out []int
		for _, c := range cands[x] {
			if coreport(evs[x].Article, evs[c.j].Article) {
				out = append(out, c.j)
			}
		}
		for a, c := range out {
			for _, d := range out[a+1:] {
				if !judged(c, d).compatible {
					return nil
				}
			}
		}
		return out
	}
	allowed := func(x, y int) bool {
		return !ambiguous[x] && weakOK(x, y) || ambiguous[x] && slices.Contains(partners(x), y)
	}
	second := edgesOf(func(i, j int, p pair) bool {
		return p.class == classWeak && cl.find(i) != cl.find(j) && (ambiguous[i] || ambiguous[j]) &&
			(p.weakSide&1 == 0 || allowed(i, j)) && (p.weakSide&2 == 0 || allowed(j, i))
	})
	join(second)
	return cl.operations(evs, prev, prevOf)
}
