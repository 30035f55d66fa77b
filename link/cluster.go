package link

import (
	"slices"
	"strings"
)

// clusters is a union-find over event indexes that keeps each cluster's
// members in join order.
type clusters struct {
	parent  []int
	members map[int][]int // root -> members, in join order
	// failed holds pairs of roots whose merge a check refused, by the
	// check's kind. Clusters only grow, so a refused merge stays refused
	// and is not checked again (wire copies make clusters of hundreds).
	// A weak check excuses its own pair's close counts; another weak pair
	// between the same clusters is not tried again either.
	failed map[[2]int]int
}

// Kinds of merge checks, strictest last: a merge the strict check refused
// is refused by the stricter one too.
const (
	checkNone   = iota // reviewers' and previous runs' merges: not remembered
	checkStrong        // pairs compatible
	checkWeak          // and no close-but-unequal counts
)

func newClusters(n int) *clusters {
	c := &clusters{parent: make([]int, n), members: make(map[int][]int, n), failed: map[[2]int]int{}}
	for i := range c.parent {
		c.parent[i] = i
		c.members[i] = []int{i}
	}
	return c
}

func (c *clusters) find(i int) int {
	for c.parent[i] != i {
		c.parent[i] = c.parent[c.parent[i]]
		i = c.parent[i]
	}
	return i
}

// mergeable reports whether every pair across the clusters of i and j
// passes ok. Events already together are mergeable.
func (c *clusters) mergeable(i, j int, ok func(a, b int) bool) bool {
	ri, rj := c.find(i), c.find(j)
	if ri == rj {
		return true
	}
	if ok == nil {
		return true
	}
	for _, a := range c.members[ri] {
		for _, b := range c.members[rj] {
			if !ok(a, b) {
				return false
			}
		}
	}
	return true
}

// merge joins the clusters of i and j when mergeable; the cluster whose
// founder joined first keeps its place, the other's members follow. A
// refusal is remembered for checks of its kind and stricter ones.
func (c *clusters) merge(i, j int, ok func(a, b int) bool, kind int) bool {
	ri, rj := c.find(i), c.find(j)
	key := [2]int{min(ri, rj), max(ri, rj)}
	if f, refused := c.failed[key]; refused && kind != checkNone && f <= kind {
		return false
	}
	if !c.mergeable(i, j, ok) {
		if f, refused := c.failed[key]; kind != checkNone && (!refused || kind < f) {
			c.failed[key] = kind
		}
		return false
	}
	if ri == rj {
		return true
	}
	c.parent[rj] = ri
	c.members[ri] = append(c.members[ri], c.members[rj]...)
	delete(c.members, rj)
	return true
}

// operations turns the clusters into operations. A cluster holding members
// of previous operations keeps the ID of the one whose founder it still
// holds (the largest such, then the smallest ID); otherwise its ID derives
// from its founder: the first kept member of a previous operation, else
// its earliest published event (then the smallest key).
func (c *clusters) operations(evs []Event, prev []Operation, prevOf map[int]int) []Operation {
	// rank orders events by publication (unknown last), then key.
	byPub := make([]int, len(evs))
	for i := range byPub {
		byPub[i] = i
	}
	slices.SortFunc(byPub, func(a, b int) int {
		pa, pb := evs[a].Published, evs[b].Published
		switch {
		case pa == "" && pb != "":
			return 1
		case pb == "" && pa != "":
			return -1
		case pa != pb:
			return strings.Compare(pa, pb)
		}
		return strings.Compare(evs[a].Key, evs[b].Key)
	})
	rank := make([]int, len(evs))
	for r, i := range byPub {
		rank[i] = r
	}
	out := make([]Operation, 0, len(c.members))
	for _, ms := range c.members {
		// Previous members first, in their old order; then new ones,
		// the earliest published first.
		order := func(i int) (int, int) {
			if pi, ok := prevOf[i]; ok {
				return pi, slices.Index(prev[pi].Members, evs[i].Key)
			}
			return len(prev), rank[i]
		}
		ms = slices.Clone(ms)
		slices.SortFunc(ms, func(a, b int) int {
			pa, qa := order(a)
			pb, qb := order(b)
			if pa != pb {
				return pa - pb
			}
			return qa - qb
		})
		op := Operation{Country: evs[ms[0]].Country}
		for _, i := range ms {
			op.Members = append(op.Members, evs[i].Key)
		}
		// Keep an old ID whose founder is still here, preferring the
		// operation that keeps the most members.
		best, bestN := -1, 0
		for _, i := range ms {
			pi, ok := prevOf[i]
			if !ok || len(prev[pi].Members) == 0 || prev[pi].Members[0] != evs[i].Key {
				continue
			}
			kept := 0
			for _, k := range ms {
				if q, ok := prevOf[k]; ok && q == pi {
					kept++
				}
			}
			if best < 0 || kept > bestN || kept == bestN && prev[pi].ID < prev[best].ID {
				best, bestN = pi, kept
			}
		}
		if best >= 0 {
			op.ID = prev[best].ID
			// The founder leads the members.
			f := slices.Index(op.Members, prev[best].Members[0])
			op.Members = append(append([]string{op.Members[f]}, op.Members[:f]...), op.Members[f+1:]...)
		} else {
			op.ID = OperationID(op.Members[0])
		}
		out = append(out, op)
	}
	slices.SortFunc(out, func(a, b Operation) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out
}
