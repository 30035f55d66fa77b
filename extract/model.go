package extract

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// ModelFormat is the version of the model file format this package reads.
const ModelFormat = 1

// defaultModel is the model trained on the development corpus with
// "newsfacts train"; it ships inside the binary.
//
//go:embed model/repatriation.json
var defaultModel []byte

// Model is a logistic regression over candidate features: it gives each
// value the rules and proposers offer the probability that it is right,
// and Decide keeps the values above the threshold of their kind. Its
// weights are data, written by Train and never edited by hand.
type Model struct {
	Format int `json:"format"`
	// Trained says what the model learned from, for people.
	Trained string `json:"trained"`
	// Threshold is the least probability a value of each kind needs.
	Threshold map[string]float64 `json:"threshold"`
	Weights   map[string]float64 `json:"weights"`
	// Calibration weighs an event's signals (eventSignals) into its
	// confidence.
	Calibration []float64 `json:"calibration,omitempty"`
}

// DefaultModel returns the model embedded in the binary.
func DefaultModel() (*Model, error) {
	m, err := ReadModel(bytes.NewReader(defaultModel))
	if err != nil {
		return nil, fmt.Errorf("embedded model: %w", err)
	}
	return m, nil
}

// ReadModel reads a model file written by Model.Write.
func ReadModel(r io.Reader) (*Model, error) {
	var m Model
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	if m.Format != ModelFormat {
		return nil, fmt.Errorf("model format %d, this build reads %d", m.Format, ModelFormat)
	}
	if m.Weights == nil {
		m.Weights = map[string]float64{}
	}
	return &m, nil
}

// ReadModelFile reads a model from a file.
func ReadModelFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open model: %w", err)
	}
	defer f.Close()
	m, err := ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Write writes the model as indented JSON with sorted keys, so the same
// training gives the same bytes.
func (m *Model) Write(w io.Writer) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// prob returns the model's probability that a candidate is right.
func (m *Model) prob(feats []string) float64 {
	z := 0.0
	for _, f := range feats {
		z += m.Weights[f]
	}
	return sigmoid(z)
}

// threshold is the least probability a candidate needs: per kind, and
// apart for the values the rules chose ("count/rule"), which the model
// only overrules when it is confident they are wrong.
func (m *Model) threshold(c candidate) float64 {
	if c.byRule {
		if t, ok := m.Threshold[c.kind+"/rule"]; ok {
			return t
		}
	}
	if t, ok := m.Threshold[c.kind]; ok {
		return t
	}
	return 0.5
}

// joinKey names a second threshold for a count the rules did not choose:
// one that joins an event already built ("The group included 12 women")
// may stand on less than one that would start an event of its own
// (measured: repeated cross-validation, all F1 0.846 to 0.848).
const joinKey = "count/join"

// countStands reports whether a count the rules did not choose, of
// probability p, stands: with the count threshold anywhere, or with the
// join threshold where it joins an event.
func (m *Model) countStands(p float64, joins bool) bool {
	t := m.threshold(candidate{kind: "count"})
	if j, ok := m.Threshold[joinKey]; ok && joins {
		t = min(t, j)
	}
	return p >= t
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Example is one article's proposal with its gold events, for training.
type Example struct {
	Proposal *Proposal
	Gold     []GoldEvent
}

// TrainOptions tune Train; the zero value uses the defaults.
type TrainOptions struct {
	Iterations int     // full-batch steps; default 1000
	Rate       float64 // AdaGrad step; default 0.5
	L2         float64 // weight of the squared weights in the loss; default 0.001
	// InnerFolds split the training articles to tune thresholds on
	// articles each inner model did not see; default 3.
	InnerFolds int
	// MinArticles is how many training articles a feature must occur in
	// to be learned; default 3.
	MinArticles int
}

// Train fits a model to examples: each candidate is labelled right when
// its tuple (country, kind, value) is among its article's gold tuples.
// Training is deterministic: the same examples and options give the same
// weights.
func Train(examples []Example, opts TrainOptions) *Model {
	opts = opts.withDefaults()
	m := fit(examples, opts)
	m.Threshold, m.Calibration = tuneThresholds(examples, opts)
	m.Trained = strconv.Itoa(len(examples)) + " articles"
	return m
}

func (opts TrainOptions) withDefaults() TrainOptions {
	if opts.Iterations == 0 {
		opts.Iterations = 1000
	}
	if opts.Rate == 0 {
		opts.Rate = 0.5
	}
	if opts.L2 == 0 {
		opts.L2 = 0.001
	}
	if opts.InnerFolds == 0 {
		opts.InnerFolds = 3
	}
	if opts.MinArticles == 0 {
		opts.MinArticles = 3
	}
	return opts
}

// fit learns the weights by L2-regularised logistic regression with
// full-batch AdaGrad steps.
func fit(examples []Example, opts TrainOptions) *Model {
	// Features are numbered once, so the passes index slices, not maps.
	type row struct {
		feats []int32
		label float64
	}
	index := map[string]int32{}
	var names []string
	// A feature seen in fewer than MinArticles training articles names
	// one article's wording: it is left out, or the model would learn the
	// articles rather than the way news is written.
	articles := map[string]int{}
	for _, ex := range examples {
		seen := map[string]bool{}
		for _, c := range ex.Proposal.cands {
			for _, f := range c.feats {
				if !seen[f] {
					seen[f] = true
					articles[f]++
				}
			}
		}
	}
	var rows []row
	for _, ex := range examples {
		labels := labelCandidates(ex.Proposal, ex.Gold)
		for i, c := range ex.Proposal.cands {
			y := 0.0
			if labels[i] {
				y = 1
			}
			feats := make([]int32, 0, len(c.feats))
			for _, f := range c.feats {
				if articles[f] < opts.MinArticles {
					continue
				}
				k, ok := index[f]
				if !ok {
					k = int32(len(names))
					index[f] = k
					names = append(names, f)
				}
				feats = append(feats, k)
			}
			rows = append(rows, row{feats, y})
		}
	}
	// Each step follows the gradient of the mean loss over all rows, so
	// the weights do not depend on the order of the rows. Stochastic steps
	// over shuffled rows did: adding one candidate reshuffled them all and
	// moved the cross-validated F1 by up to 0.002 anywhere in the corpus.
	w := make([]float64, len(names))
	grad := make([]float64, len(names))
	g2 := make([]float64, len(names))
	n := float64(len(rows))
	for range opts.Iterations {
		for f := range grad {
			grad[f] = opts.L2 * w[f]
		}
		for _, r := range rows {
			z := 0.0
			for _, f := range r.feats {
				z += w[f]
			}
			d := (sigmoid(z) - r.label) / n
			for _, f := range r.feats {
				grad[f] += d
			}
		}
		for f, g := range grad {
			g2[f] += g * g
			w[f] -= opts.Rate * g / math.Sqrt(g2[f]+1e-12)
		}
	}
	m := &Model{Format: ModelFormat, Threshold: map[string]float64{}, Weights: map[string]float64{}}
	for k, v := range w {
		// Rounded so the file is small and stable; tiny weights say nothing.
		v = math.Round(v*1e4) / 1e4
		if v != 0 {
			m.Weights[names[k]] = v
		}
	}
	return m
}

// eventSignals describe an event for the confidence calibration: the
// least and the mean probability of its values, how many it has, the
// share the rules chose, whether it is a cumulative total, whether a
// trigger and the country are stated, how many sentences support its
// counts and date, whether the article has another event of its
// country, whether its total falls short of its parts, and whether its
// date stands beside its counts.
func eventSignals(probs []float64, rules int, support float64, stated, siblings bool, ev Event) []float64 {
	lo, sum := 1.0, 0.0
	for _, p := range probs {
		lo = min(lo, p)
		sum += p
	}
	n := float64(len(probs))
	agg := 0.0
	if ev.Aggregate {
		agg = 1
	}
	trig, named := 0.0, 0.0
	for _, e := range ev.Evidence {
		if e.Field == "event" {
			trig = 1
		}
	}
	if stated {
		named = 1
	}
	// An article that tells several transfers of one country splits its
	// values among them, and more often wrongly.
	sib := 0.0
	if siblings {
		sib = 1
	}
	// A date stated beside the event's counts dates them more surely than
	// one from another sentence (a background year, a photo caption).
	date, dateWithCount := 0.0, 0.0
	if ev.Date != "" {
		date = 1
		counted := map[int]bool{}
		for _, e := range ev.Evidence {
			if strings.HasPrefix(e.Field, "counts.") {
				counted[e.Sentence.Start] = true
			}
		}
		for _, e := range ev.Evidence {
			if e.Field == "date" && counted[e.Sentence.Start] {
				dateWithCount = 1
			}
		}
	}
	// A total below its own parts ("5" beside 4 women and 10 children)
	// took one figure from another transfer.
	short := 0.0
	if t, ok := ev.Counts[GroupTotal]; ok && t < partsSum(ev.Counts) {
		short = 1
	}
	return []float64{1, lo, lo * lo, sum / max(n, 1), math.Min(n, 8) / 8, float64(rules) / max(n, 1), agg, trig, named, date,
		math.Min(float64(len(ev.Counts)), 4) / 4, support, support * lo, support * trig * named, sib, short, dateWithCount}
}

// confidence maps an event's signals to the probability that it is
// right (EventRight), by the calibration fitted in Train; without one,
// the least probability of its values.
func (m *Model) confidence(x []float64) float64 {
	if len(m.Calibration) != len(x) {
		return x[1]
	}
	z := 0.0
	for i, w := range m.Calibration {
		z += w * x[i]
	}
	return sigmoid(z)
}

// fitCalibration fits the confidence calibration by logistic regression
// (full-batch gradient descent: few signals, many events).
func fitCalibration(xs [][]float64, ys []float64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	w := make([]float64, len(xs[0]))
	for range 2000 {
		grad := make([]float64, len(w))
		for k, x := range xs {
			z := 0.0
			for i := range w {
				z += w[i] * x[i]
			}
			d := sigmoid(z) - ys[k]
			for i := range w {
				grad[i] += d * x[i]
			}
		}
		for i := range w {
			w[i] -= 0.5 * (grad[i]/float64(len(xs)) + 1e-3*w[i])
		}
	}
	for i := range w {
		w[i] = math.Round(w[i]*1e4) / 1e4
	}
	return w
}

// Threshold grids: the rules' values are dropped only below a low
// probability; other values need a high one.
var (
	ruleThresholds     = []float64{0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}
	proposalThresholds = []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01}
)

// tuneThresholds chooses each kind's thresholds for the best overall F1
// on the training articles, each scored by a model fitted without it
// (inner folds), so the thresholds suit articles the model has not seen.
//
// It also fits the confidence calibration on those articles' events.
func tuneThresholds(examples []Example, opts TrainOptions) (map[string]float64, []float64) {
	th := map[string]float64{}
	for _, k := range ScoreKinds {
		th[k+"/rule"], th[k] = 0.05, 0.8
	}
	th[joinKey] = 0.8
	if len(examples) < 2*opts.InnerFolds {
		return th, nil
	}
	probs := make([][]float64, len(examples))
	for f := range opts.InnerFolds {
		var train []Example
		for i, ex := range examples {
			if i%opts.InnerFolds != f {
				train = append(train, ex)
			}
		}
		m := fit(train, opts)
		for i, ex := range examples {
			if i%opts.InnerFolds == f {
				probs[i] = m.probs(ex.Proposal)
			}
		}
	}
	gold := map[string][]GoldEvent{}
	for _, ex := range examples {
		gold[ex.Proposal.SourceID] = ex.Gold
	}
	score := func() float64 {
		m := &Model{Threshold: th}
		pred := map[string][]Event{}
		for i, ex := range examples {
			pred[ex.Proposal.SourceID] = m.decide(ex.Proposal, probs[i])
		}
		return Score(gold, pred).Scores["all"].F1
	}
	for range 2 {
		for _, k := range ScoreKinds {
			keys := []string{k + "/rule", k}
			if k == "count" {
				keys = append(keys, joinKey)
			}
			for _, key := range keys {
				grid := proposalThresholds
				if key == k+"/rule" {
					grid = ruleThresholds
				}
				fs := make([]float64, len(grid))
				for g, v := range grid {
					th[key] = v
					fs[g] = score()
				}
				// The middle of a plateau, not its edge: each point
				// weighs its neighbours in, so a threshold that wins
				// by one article's values does not.
				keep, kf := 0, -1.0
				for g := range grid {
					sm := 2*fs[g] + fs[max(g-1, 0)] + fs[min(g+1, len(grid)-1)]
					if sm > kf+1e-9 {
						keep, kf = g, sm
					}
				}
				th[key] = grid[keep]
			}
		}
	}
	// The calibration learns from the events the chosen thresholds give.
	var xs [][]float64
	var ys []float64
	m := &Model{Threshold: th}
	for i, ex := range examples {
		for _, sig := range m.eventSignalsOf(ex.Proposal, probs[i]) {
			xs = append(xs, sig.x)
			y := 0.0
			if EventRight(ex.Gold, sig.ev) {
				y = 1
			}
			ys = append(ys, y)
		}
	}
	return th, fitCalibration(xs, ys)
}

// labelCandidates marks each candidate of p whose tuple (country, kind,
// value) is among its article's gold tuples: what the scorer would count
// right if the value were kept.
func labelCandidates(p *Proposal, gold []GoldEvent) []bool {
	var g []tuple
	for _, ev := range gold {
		g = append(g, goldTuples(ev)...)
	}
	out := make([]bool, len(p.cands))
	for i, c := range p.cands {
		t := c.tuple(c.country)
		for _, gt := range g {
			if gt.kind != t.kind || gt.country != t.country {
				continue
			}
			if t.kind != "partner" {
				out[i] = gt.value == t.value
			} else {
				for n := range t.names {
					out[i] = out[i] || gt.names[n]
				}
			}
			if out[i] {
				break
			}
		}
	}
	return out
}

// tuple is what the scorer makes of the candidate in an event of country.
func (c candidate) tuple(country string) tuple {
	ev := Event{Country: country}
	switch c.kind {
	case "count":
		n, _ := strconv.Atoi(c.value)
		ev.Counts = map[string]int{c.group: n}
	case "date":
		ev.Date = c.value
	case "from":
		ev.From = []string{c.value}
	case "partner":
		ev.Partners = []Partner{{ID: c.value, Name: c.name}}
	case "operation":
		ev.Operation = c.value
	}
	return predTuples(ev)[0]
}

// Decide keeps the candidates the model believes and builds the events
// from them. The rules' values stay in their events unless the model is
// confident they are wrong; a count stated once belongs to one country at
// most, the most probable; a value found beyond the rules joins the
// nearest event of its country with room for it, or starts an event of
// its own (counts only). An event left with neither a count nor a date is
// no event (see the corpus guide). An event's confidence is the
// calibrated probability that it is right (see eventSignals).
func (m *Model) Decide(p *Proposal) []Event {
	return m.decide(p, m.probs(p))
}

func (m *Model) probs(p *Proposal) []float64 {
	probs := make([]float64, len(p.cands))
	for i, c := range p.cands {
		probs[i] = m.prob(c.feats)
	}
	return probs
}

func (m *Model) decide(p *Proposal, probs []float64) []Event {
	evs, sigs := m.build(p, probs)
	for i := range evs {
		evs[i].Confidence = math.Round(m.confidence(sigs[i])*100) / 100
	}
	return evs
}

type eventSignal struct {
	ev Event
	x  []float64
}

func (m *Model) eventSignalsOf(p *Proposal, probs []float64) []eventSignal {
	evs, sigs := m.build(p, probs)
	out := make([]eventSignal, len(evs))
	for i := range evs {
		out[i] = eventSignal{evs[i], sigs[i]}
	}
	return out
}

// build keeps the candidates above their thresholds and assembles the
// events, each with its signals for the confidence.
func (m *Model) build(p *Proposal, probs []float64) ([]Event, [][]float64) {
	// The words of a count go to one country (for each group they state:
	// "five orphaned children" are children and orphans). A date may date
	// several countries' transfers: "Germany and Denmark brought home ...
	// on Wednesday" (measured: date F1 0.773 to 0.791 under repeated
	// 5-fold cross-validation).
	spanKey := func(c candidate) string { return c.group + "|" + strconv.Itoa(c.evidence[0].Span.Start) }
	spanOwner := map[string]int{}
	for i, c := range p.cands {
		if c.kind != "count" {
			continue
		}
		k := spanKey(c)
		if j, ok := spanOwner[k]; !ok || probs[i] > probs[j] {
			spanOwner[k] = i
		}
	}
	eligible := func(i int) bool {
		c := p.cands[i]
		if c.kind == "count" && spanOwner[spanKey(c)] != i {
			return false
		}
		if c.kind == "count" && !c.byRule {
			return m.countStands(probs[i], true) // it may yet join
		}
		return probs[i] >= m.threshold(c)
	}

	type building struct {
		ev    Event
		sents []int
		probs []float64 // of its values
		rules int       // values the rules chose
		// support adds, for each count and date, how many sentences state
		// the same value for the same country (up to 3): an event the
		// title, lead and body repeat is seldom wrong.
		support, core int
		stated        bool // the rules' event names its country itself
	}
	var evs []*building
	for k, rule := range p.Events {
		evs = append(evs, &building{stated: k < len(p.stated) && p.stated[k], ev: Event{
			Country: rule.Country, From: []string{}, Counts: map[string]int{}, Qualifiers: map[string]string{},
			Derived: []string{}, Partners: []Partner{}, Aggregate: rule.Aggregate,
			Evidence: rowsWithout(rule.Evidence),
		}})
	}
	has := func(b *building, c candidate) bool {
		switch c.kind {
		case "count":
			_, ok := b.ev.Counts[c.group]
			return ok
		case "date":
			return b.ev.Date != ""
		case "operation":
			return b.ev.Operation != ""
		case "from":
			return contains(b.ev.From, c.value)
		}
		for _, q := range b.ev.Partners {
			if q.ID == c.value {
				return true
			}
		}
		return false
	}
	mentions := map[string]map[int]bool{} // country|tuple -> sentences
	for i, c := range p.cands {
		if probs[i] < 0.3 {
			continue
		}
		k := c.country + "|" + c.tupleKey()
		if mentions[k] == nil {
			mentions[k] = map[int]bool{}
		}
		mentions[k][c.sent] = true
	}
	put := func(b *building, i int) {
		c := p.cands[i]
		switch c.kind {
		case "count":
			b.ev.Counts[c.group], _ = strconv.Atoi(c.value)
			if c.qual != "" {
				b.ev.Qualifiers[c.group] = c.qual
			}
		case "date":
			b.ev.Date = c.value
		case "from":
			b.ev.From = append(b.ev.From, c.value)
		case "partner":
			b.ev.Partners = append(b.ev.Partners, Partner{ID: c.value, Name: c.name})
		case "operation":
			b.ev.Operation = c.value
		}
		b.ev.Evidence = append(b.ev.Evidence, c.evidence...)
		b.sents = append(b.sents, c.sent)
		b.probs = append(b.probs, probs[i])
		if c.byRule {
			b.rules++
		}
		if c.kind == "count" || c.kind == "date" {
			b.core++
			b.support += min(len(mentions[c.country+"|"+c.tupleKey()]), 3)
		}
	}

	// The rules' values first, in their own events; the most probable
	// one where the rules offered two for one slot.
	stated := map[string]bool{} // country|tuple already kept
	for i, c := range p.cands {
		if !c.byRule || !eligible(i) {
			continue
		}
		b := evs[c.event]
		if has(b, c) {
			continue
		}
		put(b, i)
		stated[c.country+"|"+c.tupleKey()] = true
	}
	// Then each other value once, the most probable of its mentions.
	bestOf := map[string]int{}
	var keys []string
	for i, c := range p.cands {
		if c.byRule || !eligible(i) {
			continue
		}
		k := c.country + "|" + c.tupleKey()
		if stated[k] {
			continue
		}
		if j, ok := bestOf[k]; !ok || probs[i] > probs[j] {
			if !ok {
				keys = append(keys, k)
			}
			bestOf[k] = i
		}
	}
	picked := make([]int, 0, len(keys))
	for _, k := range keys {
		picked = append(picked, bestOf[k])
	}
	// Counts first, in text order: they may start events; the other
	// values only join events.
	sort.SliceStable(picked, func(a, b int) bool {
		ca, cb := p.cands[picked[a]], p.cands[picked[b]]
		if (ca.kind == "count") != (cb.kind == "count") {
			return ca.kind == "count"
		}
		return ca.evidence[0].Span.Start < cb.evidence[0].Span.Start
	})
	// "around 20 women and children" beside "22 citizens" is one figure
	// estimated, not a second event.
	estimated := func(c candidate) bool {
		v, _ := strconv.Atoi(c.value)
		for _, b := range evs {
			if w, ok := b.ev.Counts[c.group]; ok && b.ev.Country == c.country && w != v && estimateOf(b.ev.Qualifiers[c.group], w, c.qual, v) {
				return true
			}
		}
		return false
	}
	for _, i := range picked {
		c := p.cands[i]
		if c.kind == "count" && estimated(c) {
			continue
		}
		var target *building
		if c.event >= 0 && evs[c.event].ev.Country == c.country && !has(evs[c.event], c) {
			target = evs[c.event]
		} else {
			dist := -1
			for _, b := range evs {
				if b.ev.Country != c.country || has(b, c) {
					continue
				}
				d := 1 << 30
				for _, sI := range b.sents {
					d = min(d, abs(sI-c.sent))
				}
				for _, e := range b.ev.Evidence {
					d = min(d, abs(e.Sentence.Start-c.evidence[0].Sentence.Start)/200)
				}
				if dist < 0 || d < dist {
					target, dist = b, d
				}
			}
		}
		if target == nil && c.kind != "count" {
			continue
		}
		if c.kind == "count" && !m.countStands(probs[i], target != nil) {
			continue
		}
		if target == nil {
			target = &building{ev: Event{
				Country: c.country, From: []string{}, Counts: map[string]int{}, Qualifiers: map[string]string{},
				Derived: []string{}, Partners: []Partner{}, Evidence: []Evidence{},
			}}
			evs = append(evs, target)
		}
		put(target, i)
	}

	var kept []*building
	for _, b := range evs {
		if len(b.ev.Counts) > 0 || b.ev.Date != "" {
			kept = append(kept, b)
		}
	}
	kept = mergeSameDay(kept, func(b *building) *Event { return &b.ev }, func(into, b *building) {
		into.sents = append(into.sents, b.sents...)
		into.probs = append(into.probs, b.probs...)
		into.rules += b.rules
		into.support += b.support
		into.core += b.core
		into.stated = into.stated || b.stated
	})
	sort.SliceStable(kept, func(i, j int) bool {
		return len(kept[i].ev.Evidence) > 0 && len(kept[j].ev.Evidence) > 0 && firstStart(kept[i].ev) < firstStart(kept[j].ev)
	})
	out := make([]Event, 0, len(kept))
	sigs := make([][]float64, 0, len(kept))
	for _, b := range kept {
		ev := b.ev
		sort.Strings(ev.From)
		sortEvidence(ev.Evidence)
		out = append(out, ev)
		siblings := slices.ContainsFunc(kept, func(o *building) bool { return o != b && o.ev.Country == ev.Country })
		sigs = append(sigs, eventSignals(b.probs, b.rules, float64(b.support)/float64(3*max(b.core, 1)), b.stated, siblings, ev))
	}
	return out, sigs
}

// mergeSameDay folds each event into an earlier one of the same country
// and the same date whose counts do not contradict it: the same
// operation, told twice ("handed over on Monday", then "Yesterday, 22
// November, ..."), is one event (see the corpus guide). ev gives an
// item's event; absorb merges the rest of an item's state.
func mergeSameDay[T any](items []T, ev func(T) *Event, absorb func(into, b T)) []T {
	out := items[:0]
	for _, b := range items {
		e := ev(b)
		var into T
		found := false
		for _, o := range out {
			if oe := ev(o); e.Date != "" && oe.Country == e.Country && oe.Date == e.Date && countsAgree(oe.Counts, e.Counts) {
				into, found = o, true
				break
			}
		}
		if !found {
			out = append(out, b)
			continue
		}
		oe := ev(into)
		for g, v := range e.Counts {
			if _, ok := oe.Counts[g]; !ok {
				oe.Counts[g] = v
				if q, ok := e.Qualifiers[g]; ok {
					oe.Qualifiers[g] = q
				}
			}
		}
		for _, f := range e.From {
			if !contains(oe.From, f) {
				oe.From = append(oe.From, f)
			}
		}
		for _, p := range e.Partners {
			if !slices.ContainsFunc(oe.Partners, func(q Partner) bool { return q.ID == p.ID }) {
				oe.Partners = append(oe.Partners, p)
			}
		}
		if oe.Operation == "" {
			oe.Operation = e.Operation
		}
		oe.Aggregate = oe.Aggregate && e.Aggregate
		for _, r := range e.Evidence {
			if !slices.Contains(oe.Evidence, r) {
				oe.Evidence = append(oe.Evidence, r)
			}
		}
		absorb(into, b)
	}
	return out
}

// countsAgree reports whether two events' counts can be one operation's:
// no group with two values.
func countsAgree(a, b map[string]int) bool {
	for g, v := range a {
		if w, ok := b[g]; ok && w != v {
			return false
		}
	}
	return true
}

// firstStart is where an event's first evidence starts.
func firstStart(ev Event) int {
	first := 1 << 62
	for _, e := range ev.Evidence {
		first = min(first, e.Span.Start)
	}
	return first
}
