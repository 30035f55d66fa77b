package link

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
	"github.com/newsfacts/newsfacts/ingest"
)

// GoldOperation is one line of the corpus's operations.jsonl: an operation
// two or more articles report, its members given as an article id and the
// event's 0-based place in that article's gold events.
type GoldOperation struct {
	Op      string       `json:"op"`
	Country string       `json:"country"`
	Date    string       `json:"date"`
	Members []GoldMember `json:"members"`
}

// GoldMember is one event of a GoldOperation.
type GoldMember struct {
	Article string `json:"article"`
	Event   int    `json:"event"`
}

// ReadGoldOperations reads operations.jsonl. Errors are *ingest.ParseError
// values naming the line.
func ReadGoldOperations(path string) ([]GoldOperation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open operations: %w", err)
	}
	defer f.Close()
	return readGoldOperations(f, path)
}

func readGoldOperations(r io.Reader, name string) ([]GoldOperation, error) {
	var out []GoldOperation
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var op GoldOperation
		if err := json.Unmarshal([]byte(line), &op); err != nil {
			return nil, &ingest.ParseError{Path: name, Line: n, Err: err}
		}
		out = append(out, op)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// ScoredEvent is what scoring reads of a system's event: its article's
// source id, its values and its operation.
type ScoredEvent struct {
	SourceID    string
	Country     string
	From        []string
	Date        string
	Counts      map[string]int
	Aggregate   bool
	OperationID string
}

// Score is the linking score: pairs of gold events (different articles,
// one country) that the gold links, that the system links, and both.
type Score struct {
	TP         int         `json:"tp"`
	FP         int         `json:"fp"`
	FN         int         `json:"fn"`
	Precision  float64     `json:"precision"`
	Recall     float64     `json:"recall"`
	F1         float64     `json:"f1"`
	GoldEvents int         `json:"gold_events"`
	Aligned    int         `json:"aligned"`
	Errors     []PairError `json:"errors,omitempty"`
}

// PairError is a missed or spurious link between two gold events, each
// written ARTICLE#INDEX.
type PairError struct {
	What string `json:"what"` // "missed link" or "spurious link"
	A    string `json:"a"`
	B    string `json:"b"`
}

// String formats the score as score_ops.py prints it.
func (s Score) String() string {
	return fmt.Sprintf("links  tp %d  fp %d  fn %d   P %.3f  R %.3f  F1 %.3f   (gold events aligned %d/%d)",
		s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F1, s.Aligned, s.GoldEvents)
}

// scoreValues are the values alignment compares, as score_ops.py forms them.
func scoreValues(counts map[string]int, date string, from []string) map[string]bool {
	v := map[string]bool{}
	for k, n := range counts {
		v[fmt.Sprintf("count\x00%s\x00%d", k, n)] = true
	}
	if date != "" {
		v["date\x00"+date] = true
	}
	for _, c := range from {
		v["from\x00"+c] = true
	}
	return v
}

// ScoreLinks scores a system's operations the way the corpus's
// score_ops.py does (its header says how): each non-aggregate gold event is
// aligned one to one with a system event of its article and country that
// shares the most values with it, then every pair of gold events of
// different articles and one country is judged. System events are in
// export order, which breaks ties in alignment as the script does.
func ScoreLinks(ops []GoldOperation, gold map[string][]extract.GoldEvent, system []ScoredEvent) Score {
	goldOp := map[string]string{}
	for _, o := range ops {
		for _, m := range o.Members {
			goldOp[fmt.Sprintf("%s#%d", m.Article, m.Event)] = o.Op
		}
	}
	byArticle := map[string][]ScoredEvent{}
	for _, e := range system {
		if !e.Aggregate {
			byArticle[e.SourceID] = append(byArticle[e.SourceID], e)
		}
	}
	type goldEvent struct{ key, country, article string }
	var events []goldEvent
	aligned := map[string]string{}
	for _, id := range slices.Sorted(maps.Keys(gold)) {
		cands := byArticle[id]
		type cand struct {
			s   int
			key string
			j   int
		}
		var scored []cand
		for i, ge := range gold[id] {
			if ge.Aggregate {
				continue
			}
			key := fmt.Sprintf("%s#%d", id, i)
			events = append(events, goldEvent{key, ge.Country, id})
			gv := scoreValues(ge.Counts, ge.Date, ge.From)
			for j, se := range cands {
				if se.Country != ge.Country {
					continue
				}
				s := 0
				for v := range scoreValues(se.Counts, se.Date, se.From) {
					if gv[v] {
						s++
					}
				}
				if s > 0 {
					scored = append(scored, cand{s, key, j})
				}
			}
		}
		slices.SortStableFunc(scored, func(a, b cand) int { return b.s - a.s })
		usedG, usedS := map[string]bool{}, map[int]bool{}
		for _, c := range scored {
			if usedG[c.key] || usedS[c.j] {
				continue
			}
			usedG[c.key], usedS[c.j] = true, true
			op := cands[c.j].OperationID
			if op == "" {
				op = fmt.Sprintf("%s#%d", id, c.j)
			}
			aligned[c.key] = op
		}
	}
	var s Score
	for x, a := range events {
		for _, b := range events[x+1:] {
			if a.article == b.article || a.country != b.country {
				continue
			}
			ga, inGold := goldOp[a.key]
			gLink := inGold && ga == goldOp[b.key]
			sa, okA := aligned[a.key]
			sb, okB := aligned[b.key]
			sLink := okA && okB && sa == sb
			switch {
			case gLink && sLink:
				s.TP++
			case sLink:
				s.FP++
				s.Errors = append(s.Errors, PairError{"spurious link", a.key, b.key})
			case gLink:
				s.FN++
				s.Errors = append(s.Errors, PairError{"missed link", a.key, b.key})
			}
		}
	}
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.GoldEvents = len(events)
	for _, e := range events {
		if _, ok := aligned[e.key]; ok {
			s.Aligned++
		}
	}
	return s
}
