package extract

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
)

// CrossValidation is the result of CrossValidate.
type CrossValidation struct {
	Folds []Report `json:"folds"`
	// Mean is each kind's precision, recall and F1 averaged over folds.
	Mean map[string]KindScore `json:"mean"`
	// Pooled scores every article with the model that did not see it.
	Pooled Report `json:"pooled"`
	// Events are each article's events, decided by the model of the fold
	// the article was held out of.
	Events map[string][]Event `json:"-"`
	// Reliability bins events by confidence against the share that are
	// right (EventRight).
	Reliability []ReliabilityBin `json:"reliability"`
}

// FoldOf returns the fold (0..k-1) an article id falls in: a hash of the
// id, so an article keeps its fold as the corpus grows.
func FoldOf(id string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(k))
}

// CrossValidate trains k models, each on the articles outside one fold,
// and scores each fold with the model that never saw it. Folds group
// whole articles, so no sentence of a test article is trained on.
func CrossValidate(examples []Example, k int, opts TrainOptions) CrossValidation {
	cv := CrossValidation{Mean: map[string]KindScore{}, Events: map[string][]Event{}}
	gold := map[string][]GoldEvent{}
	for _, ex := range examples {
		gold[ex.Proposal.SourceID] = ex.Gold
	}
	for f := range k {
		var train, test []Example
		for _, ex := range examples {
			if FoldOf(ex.Proposal.SourceID, k) == f {
				test = append(test, ex)
			} else {
				train = append(train, ex)
			}
		}
		m := Train(train, opts)
		foldGold := map[string][]GoldEvent{}
		pred := map[string][]Event{}
		for _, ex := range test {
			id := ex.Proposal.SourceID
			foldGold[id] = ex.Gold
			pred[id] = m.Decide(ex.Proposal)
			cv.Events[id] = pred[id]
		}
		cv.Folds = append(cv.Folds, Score(foldGold, pred))
	}
	for _, kind := range append(append([]string{}, ScoreKinds...), "all") {
		var mean KindScore
		for _, r := range cv.Folds {
			s := r.Scores[kind]
			mean.TP += s.TP
			mean.FP += s.FP
			mean.FN += s.FN
			mean.Precision += s.Precision / float64(k)
			mean.Recall += s.Recall / float64(k)
			mean.F1 += s.F1 / float64(k)
		}
		cv.Mean[kind] = mean
	}
	cv.Pooled = Score(gold, cv.Events)
	cv.Reliability = Reliability(gold, cv.Events)
	return cv
}

// Table formats the folds and their mean like Report.Table.
func (cv CrossValidation) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s%6s", "fold", "arts")
	for _, k := range append(append([]string{}, ScoreKinds...), "all") {
		fmt.Fprintf(&b, "%10s", k)
	}
	b.WriteString("   (F1)\n")
	for i, r := range cv.Folds {
		fmt.Fprintf(&b, "%-6d%6d", i+1, r.Articles)
		for _, k := range append(append([]string{}, ScoreKinds...), "all") {
			fmt.Fprintf(&b, "%10.3f", r.Scores[k].F1)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nmean over %d folds\n%-10s%8s%8s%8s\n", len(cv.Folds), "kind", "P", "R", "F1")
	for _, k := range append(append([]string{}, ScoreKinds...), "all") {
		s := cv.Mean[k]
		fmt.Fprintf(&b, "%-10s%8.3f%8.3f%8.3f\n", k, s.Precision, s.Recall, s.F1)
	}
	return b.String()
}

// ReliabilityBin is one confidence range: how many events fell in it and
// the share of them that were right.
type ReliabilityBin struct {
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	Events int     `json:"events"`
	Right  int     `json:"right"`
}

// reliabilityEdges are the lower bounds of the confidence bins.
var reliabilityEdges = []float64{0, 0.5, 0.7, 0.8, 0.9}

// Reliability bins the predicted events by confidence and counts those
// that are right.
func Reliability(gold map[string][]GoldEvent, pred map[string][]Event) []ReliabilityBin {
	bins := make([]ReliabilityBin, len(reliabilityEdges))
	for i, lo := range reliabilityEdges {
		bins[i].From, bins[i].To = lo, 1
		if i+1 < len(reliabilityEdges) {
			bins[i].To = reliabilityEdges[i+1]
		}
	}
	ids := make([]string, 0, len(pred))
	for id := range pred {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		g, ok := gold[id]
		if !ok {
			continue
		}
		for _, ev := range pred[id] {
			i := sort.SearchFloat64s(reliabilityEdges, ev.Confidence+1e-9) - 1
			i = max(0, min(i, len(bins)-1))
			bins[i].Events++
			if EventRight(g, ev) {
				bins[i].Right++
			}
		}
	}
	return bins
}

// ReliabilityTable formats reliability bins for people.
func ReliabilityTable(bins []ReliabilityBin) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s%8s%8s%8s\n", "confidence", "events", "right", "share")
	for _, r := range bins {
		share := 0.0
		if r.Events > 0 {
			share = float64(r.Right) / float64(r.Events)
		}
		fmt.Fprintf(&b, "%.1f-%-8.1f%8d%8d%8.2f\n", r.From, r.To, r.Events, r.Right, share)
	}
	return b.String()
}

// EventRight reports whether ev is an event of the gold with the right
// numbers: one gold event of the same country has every count and the
// date ev states. Places, partners and the operation name are scored as
// tuples but do not make an event wrong.
func EventRight(gold []GoldEvent, ev Event) bool {
	var core []tuple
	for _, t := range predTuples(ev) {
		if t.kind == "count" || t.kind == "date" {
			core = append(core, t)
		}
	}
	if len(core) == 0 {
		return false
	}
	for _, g := range gold {
		if g.Country != ev.Country {
			continue
		}
		if _, _, spurious := matchTuples(goldTuples(g), core); len(spurious) == 0 {
			return true
		}
	}
	return false
}
