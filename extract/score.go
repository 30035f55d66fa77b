package extract

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/ingest"
)

// ScoreKinds are the tuple kinds Score reports, in report order; "all"
// follows them.
var ScoreKinds = []string{"count", "date", "from", "partner", "operation"}

// GoldEvent is one hand-annotated event of the corpus (see the corpus
// GUIDE.md). A null date or operation reads as "".
type GoldEvent struct {
	Country    string            `json:"country"`
	From       []string          `json:"from"`
	Date       string            `json:"date"`
	Counts     map[string]int    `json:"counts"`
	Qualifiers map[string]string `json:"qualifiers"`
	Partners   []GoldPartner     `json:"partners"`
	Operation  string            `json:"operation"`
	Aggregate  bool              `json:"aggregate"`
	Evidence   []string          `json:"evidence"`
}

// GoldOf returns an event as a gold annotation would state it: what a
// reviewer accepted or corrected becomes training data.
func GoldOf(ev Event) GoldEvent {
	g := GoldEvent{
		Country: ev.Country, From: ev.From, Date: ev.Date, Counts: ev.Counts, Qualifiers: ev.Qualifiers,
		Operation: ev.Operation, Aggregate: ev.Aggregate,
	}
	for _, p := range ev.Partners {
		g.Partners = append(g.Partners, GoldPartner{ID: p.ID, Aliases: []string{p.Name}})
	}
	return g
}

// GoldPartner is a partner in the gold: a canonical id and every form the
// text uses for it. A system's partner matches when its folded name or id
// equals the folded id or any folded alias.
type GoldPartner struct {
	ID      string   `json:"id"`
	Aliases []string `json:"aliases"`
}

// ReadGold reads gold.jsonl: one {"id", "events"} object a line. name
// labels errors, which are *ingest.ParseError values with the line.
func ReadGold(r io.Reader, name string) (map[string][]GoldEvent, error) {
	out := map[string][]GoldEvent{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec struct {
			ID     string      `json:"id"`
			Events []GoldEvent `json:"events"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return nil, &ingest.ParseError{Path: name, Line: n, Err: err}
		}
		if rec.ID == "" {
			return nil, &ingest.ParseError{Path: name, Line: n, Err: errors.New(`missing "id"`)}
		}
		if rec.Events == nil {
			rec.Events = []GoldEvent{}
		}
		out[rec.ID] = append(out[rec.ID], rec.Events...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// ReadGoldFile reads a gold.jsonl file with ReadGold.
func ReadGoldFile(path string) (map[string][]GoldEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open gold: %w", err)
	}
	defer f.Close()
	return ReadGold(f, path)
}

// KindScore is the tally and the scores of one tuple kind.
type KindScore struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ScoreError is a tuple that was missed (in the gold only) or spurious (in
// the system's output only).
type ScoreError struct {
	Article string `json:"article"`
	What    string `json:"what"` // missed, spurious
	Kind    string `json:"kind"`
	Country string `json:"country"`
	Value   string `json:"value"`
}

// Report is the result of Score: a KindScore for each of ScoreKinds and
// "all", and the errors in article order.
type Report struct {
	Articles int                  `json:"articles"`
	Scores   map[string]KindScore `json:"scores"`
	Errors   []ScoreError         `json:"errors"`
}

// tuple is one scored fact: kind, country, and a value; partners carry the
// set of folded names instead.
type tuple struct {
	kind, country, value string
	names                map[string]bool
}

func (t tuple) String() string {
	if t.kind != "partner" {
		return t.value
	}
	names := make([]string, 0, len(t.names))
	for n := range t.names {
		names = append(names, n)
	}
	sort.Strings(names)
	return "[" + strings.Join(names, ", ") + "]"
}

func goldTuples(ev GoldEvent) []tuple {
	c := ev.Country
	var out []tuple
	for _, g := range sortedKeys(ev.Counts) {
		out = append(out, tuple{kind: "count", country: c, value: g + "=" + strconv.Itoa(ev.Counts[g])})
	}
	if ev.Date != "" {
		out = append(out, tuple{kind: "date", country: c, value: ev.Date})
	}
	for _, f := range ev.From {
		out = append(out, tuple{kind: "from", country: c, value: f})
	}
	for _, p := range ev.Partners {
		names := map[string]bool{fold(p.ID): true}
		for _, a := range p.Aliases {
			names[fold(a)] = true
		}
		out = append(out, tuple{kind: "partner", country: c, names: names})
	}
	if ev.Operation != "" {
		out = append(out, tuple{kind: "operation", country: c, value: fold(ev.Operation)})
	}
	return out
}

func predTuples(ev Event) []tuple {
	c := strings.ToUpper(ev.Country)
	derived := map[string]bool{}
	for _, d := range ev.Derived {
		derived[d] = true
	}
	var out []tuple
	for _, g := range sortedKeys(ev.Counts) {
		if derived[g] {
			continue
		}
		out = append(out, tuple{kind: "count", country: c, value: g + "=" + strconv.Itoa(ev.Counts[g])})
	}
	if ev.Date != "" {
		out = append(out, tuple{kind: "date", country: c, value: ev.Date})
	}
	for _, f := range ev.From {
		out = append(out, tuple{kind: "from", country: c, value: strings.ToUpper(f)})
	}
	for _, p := range ev.Partners {
		names := map[string]bool{}
		for _, n := range []string{p.Name, p.ID} {
			if n != "" {
				names[fold(n)] = true
			}
		}
		out = append(out, tuple{kind: "partner", country: c, names: names})
	}
	if ev.Operation != "" {
		out = append(out, tuple{kind: "operation", country: c, value: fold(ev.Operation)})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// matchTuples pairs predicted and gold tuples one to one, greedily in
// prediction order, each with the first gold tuple it matches. Partners
// match when their name sets share a folded name.
func matchTuples(gold, pred []tuple) (tp, missed, spurious []tuple) {
	used := make([]bool, len(gold))
	for _, p := range pred {
		hit := false
		for k, g := range gold {
			if used[k] || p.kind != g.kind || p.country != g.country {
				continue
			}
			ok := p.value == g.value
			if p.kind == "partner" {
				ok = false
				for n := range p.names {
					ok = ok || g.names[n]
				}
			}
			if ok {
				used[k], hit = true, true
				tp = append(tp, g)
				break
			}
		}
		if !hit {
			spurious = append(spurious, p)
		}
	}
	for k, g := range gold {
		if !used[k] {
			missed = append(missed, g)
		}
	}
	return tp, missed, spurious
}

// Score compares predicted events with the gold, article by article, the
// way the corpus's score.py does: events are flattened into count, date,
// from, partner and operation tuples (derived counts left out) and matched
// one to one. Only articles in gold are scored.
func Score(gold map[string][]GoldEvent, pred map[string][]Event) Report {
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	rep := Report{Articles: len(gold), Scores: map[string]KindScore{}, Errors: []ScoreError{}}
	for _, id := range sortedKeys(gold) {
		var g, p []tuple
		for _, ev := range gold[id] {
			g = append(g, goldTuples(ev)...)
		}
		for _, ev := range pred[id] {
			p = append(p, predTuples(ev)...)
		}
		hit, missed, spurious := matchTuples(g, p)
		for _, t := range hit {
			tp[t.kind]++
		}
		for _, t := range missed {
			fn[t.kind]++
			rep.Errors = append(rep.Errors, ScoreError{id, "missed", t.kind, t.country, t.String()})
		}
		for _, t := range spurious {
			fp[t.kind]++
			rep.Errors = append(rep.Errors, ScoreError{id, "spurious", t.kind, t.country, t.String()})
		}
	}
	var all KindScore
	for _, k := range ScoreKinds {
		ks := kindScore(tp[k], fp[k], fn[k])
		rep.Scores[k] = ks
		all.TP += ks.TP
		all.FP += ks.FP
		all.FN += ks.FN
	}
	rep.Scores["all"] = kindScore(all.TP, all.FP, all.FN)
	return rep
}

func kindScore(tp, fp, fn int) KindScore {
	ks := KindScore{TP: tp, FP: fp, FN: fn}
	if tp+fp > 0 {
		ks.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		ks.Recall = float64(tp) / float64(tp+fn)
	}
	if ks.Precision+ks.Recall > 0 {
		ks.F1 = 2 * ks.Precision * ks.Recall / (ks.Precision + ks.Recall)
	}
	return ks
}

// Table formats the scores like score.py: one row per kind and "all".
func (r Report) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s%5s%5s%5s%8s%8s%8s\n", "kind", "tp", "fp", "fn", "P", "R", "F1")
	for _, k := range append(append([]string{}, ScoreKinds...), "all") {
		s := r.Scores[k]
		fmt.Fprintf(&b, "%-10s%5d%5d%5d%8.3f%8.3f%8.3f\n", k, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1)
	}
	return b.String()
}
