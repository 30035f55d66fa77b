package extract

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"
)

func TestExperiment(t *testing.T) {
	if os.Getenv("NEWSFACTS_EXP") == "" {
		t.Skip("set NEWSFACTS_EXP")
	}
	shared := sharedDir(t)
	x := newTestExtractor(t, Options{})
	gold := devGold(t, shared)
	var exs []Example
	for _, a := range devArticles(t, shared) {
		g, ok := gold[a.SourceID]
		if !ok {
			continue
		}
		p, err := x.Propose(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("ONLYRULE") != "" {
			k := p.cands[:0]
			for _, c := range p.cands {
				if c.byRule {
					k = append(k, c)
				}
			}
			p.cands = k
		}
		exs = append(exs, Example{p, g})
	}
	var o TrainOptions
	fmt.Sscan(os.Getenv("L2"), &o.L2)
	fmt.Sscan(os.Getenv("EPOCHS"), &o.Epochs)
	fmt.Sscan(os.Getenv("RATE"), &o.Rate)
	fmt.Sscan(os.Getenv("MINA"), &o.MinArticles)
	cv := CrossValidate(exs, 5, o)
	if os.Getenv("TR") != "" {
		var tr, tp float64
		fmt.Sscan(os.Getenv("TR"), &tr)
		fmt.Sscan(os.Getenv("TP"), &tp)
		cv.Events = map[string][]Event{}
		for f := range 5 {
			var train []Example
			for _, ex := range exs {
				if FoldOf(ex.Proposal.SourceID, 5) != f {
					train = append(train, ex)
				}
			}
			m := Train(train, o)
			for _, k := range ScoreKinds {
				m.Threshold[k] = tp
				m.Threshold[k+"/rule"] = tr
			}
			for _, ex := range exs {
				if FoldOf(ex.Proposal.SourceID, 5) == f {
					cv.Events[ex.Proposal.SourceID] = m.Decide(ex.Proposal)
				}
			}
		}
		cv.Pooled = Score(gold, cv.Events)
		cv.Reliability = Reliability(gold, cv.Events)
	}
	fmt.Print(cv.Table())
	fmt.Print(cv.Pooled.Table())
	fmt.Print(ReliabilityTable(cv.Reliability))
	// training fit
	m := Train(exs, o)
	pred := map[string][]Event{}
	for _, ex := range exs {
		pred[ex.Proposal.SourceID] = m.Decide(ex.Proposal)
	}
	fmt.Print("train fit\n", Score(gold, pred).Table())
	// oracle: keep exactly the candidates labelled right
	orc := map[string][]Event{}
	for _, ex := range exs {
		lab := labelCandidates(ex.Proposal, ex.Gold)
		mm := &Model{Weights: map[string]float64{}, Threshold: map[string]float64{}}
		for i := range ex.Proposal.cands {
			if lab[i] {
				ex.Proposal.cands[i].feats = append(ex.Proposal.cands[i].feats, "ORACLE")
			}
		}
		mm.Weights["ORACLE"] = 20
		mm.Weights["bias"] = -10
		orc[ex.Proposal.SourceID] = mm.Decide(ex.Proposal)
	}
	orep := Score(gold, orc)
	fmt.Print("oracle\n", orep.Table())
	if os.Getenv("OERRS") != "" {
		for _, e := range orep.Errors {
			fmt.Printf("O\t%s\t%s\t%s\t%s\t%s\n", e.Article, e.What, e.Kind, e.Country, e.Value)
		}
	}
	if os.Getenv("ERRS") != "" {
		for _, e := range cv.Pooled.Errors {
			fmt.Printf("%s\t%s\t%s\t%s\t%s\n", e.Article, e.What, e.Kind, e.Country, e.Value)
		}
	}
}

func TestExpWrong(t *testing.T) {
	if os.Getenv("NEWSFACTS_EXP2") == "" {
		t.Skip()
	}
	shared := sharedDir(t)
	x := newTestExtractor(t, Options{})
	gold := devGold(t, shared)
	var exs []Example
	for _, a := range devArticles(t, shared) {
		g, ok := gold[a.SourceID]
		if !ok {
			continue
		}
		p, _ := x.Propose(context.Background(), a)
		exs = append(exs, Example{p, g})
	}
	for f := range 5 {
		var train, test []Example
		for _, ex := range exs {
			if FoldOf(ex.Proposal.SourceID, 5) != f {
				train = append(train, ex)
			} else {
				test = append(test, ex)
			}
		}
		m := Train(train, TrainOptions{L2: 0.05})
		for _, ex := range test {
			lab := labelCandidates(ex.Proposal, ex.Gold)
			for i, c := range ex.Proposal.cands {
				p := m.prob(c.feats)
				if os.Getenv("KIND") != c.kind || lab[i] == (p >= m.threshold(c)) {
					continue
				}
				fmt.Printf("%v rule=%v p=%.2f %s %s %s=%s %q | %q\n", lab[i], c.byRule, p, ex.Proposal.SourceID, c.country, c.group, c.value, c.evidence[0].Text, ex.Proposal.Document.Text[c.evidence[0].Sentence.Start:c.evidence[0].Sentence.End])
			}
		}
	}
}

func TestExpThresholds(t *testing.T) {
	if os.Getenv("NEWSFACTS_EXP3") == "" {
		t.Skip()
	}
	shared := sharedDir(t)
	x := newTestExtractor(t, Options{})
	gold := devGold(t, shared)
	var exs []Example
	for _, a := range devArticles(t, shared) {
		if g, ok := gold[a.SourceID]; ok {
			p, _ := x.Propose(context.Background(), a)
			exs = append(exs, Example{p, g})
		}
	}
	m := Train(exs, TrainOptions{})
	fmt.Println(m.Threshold)
	type kv struct {
		k string
		v float64
	}
	var all []kv
	for k, v := range m.Weights {
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return math.Abs(all[i].v) > math.Abs(all[j].v) })
	for _, e := range all[:60] {
		fmt.Printf("%8.3f %s\n", e.v, e.k)
	}
	n := 0
	for _, ex := range exs {
		n += len(ex.Proposal.cands)
	}
	fmt.Println("cands", n, "weights", len(m.Weights))
}
