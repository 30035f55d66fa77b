package extract

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/internal/corpustest"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Kurdish Administration", "kurdish administration"},
		{"U.S.", "u s"},
		{"United Nations Children’s Fund", "united nations children s fund"},
		{"  Theodore ", "theodore"},
		{"Misrata-County", "misrata county"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, fold(tc.in))
		})
	}
}

func TestScore(t *testing.T) {
	gold := map[string][]GoldEvent{"a": {{
		Country: "KG", From: []string{"SY"}, Date: "2021-03",
		Counts:   map[string]int{"women": 31, "children": 64},
		Partners: []GoldPartner{{ID: "ICRC", Aliases: []string{"Red Cross", "International Committee of the Red Cross"}}},
	}}, "b": {}}
	tests := []struct {
		name       string
		pred       []Event
		tp, fp, fn int
		errors     int
	}{
		{"exact", []Event{{Country: "kg", From: []string{"sy"}, Date: "2021-03", Counts: map[string]int{"women": 31, "children": 64}, Partners: []Partner{{ID: "ICRC", Name: "the Red Cross"}}}}, 5, 0, 0, 0},
		{"derived total left out", []Event{{Country: "KG", Counts: map[string]int{"women": 31, "children": 64, "total": 95}, Derived: []string{"total"}}}, 2, 0, 3, 3},
		{"partner by alias", []Event{{Country: "KG", Partners: []Partner{{ID: "X", Name: "International Committee of the Red Cross"}}}}, 1, 0, 4, 4},
		{"wrong country", []Event{{Country: "KZ", Counts: map[string]int{"women": 31}}}, 0, 1, 5, 6},
		{"duplicate matched once", []Event{{Country: "KG", Counts: map[string]int{"women": 31}}, {Country: "KG", Counts: map[string]int{"women": 31}}}, 1, 1, 4, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := Score(gold, map[string][]Event{"a": tc.pred, "zzz": tc.pred})
			all := rep.Scores["all"]
			assert.Equal(t, 2, rep.Articles)
			assert.Equal(t, tc.tp, all.TP)
			assert.Equal(t, tc.fp, all.FP)
			assert.Equal(t, tc.fn, all.FN)
			assert.Len(t, rep.Errors, tc.errors)
		})
	}
}

func TestReadGold_Error(t *testing.T) {
	_, err := ReadGold(strings.NewReader("{\"id\": \"a\", \"events\": []}\n{bad\n"), "gold.jsonl")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "gold.jsonl:2:")
}

// TestScore_MatchesScorePy runs the corpus's score.py and Score on the
// same export of the dev-set extraction and expects the same figures.
func TestScore_MatchesScorePy(t *testing.T) {
	shared := sharedDir(t)
	py, err := exec.LookPath("python3")
	if err != nil {
		corpustest.Skip(t, "python3 not found")
	}
	x := newTestExtractor(t, Options{})
	pred := extractAll(t, x, devArticles(t, shared))
	gold := devGold(t, shared)

	dir := t.TempDir()
	var goldBuf, predBuf bytes.Buffer
	for _, id := range sortedKeys(gold) {
		require.NoError(t, json.NewEncoder(&goldBuf).Encode(map[string]any{"id": id, "events": goldJSON(gold[id])}))
	}
	for _, id := range sortedKeys(pred) {
		for _, ev := range pred[id] {
			require.NoError(t, json.NewEncoder(&predBuf).Encode(struct {
				Article map[string]string `json:"article"`
				Event
			}{map[string]string{"source_id": id}, ev}))
		}
	}
	goldPath, predPath := filepath.Join(dir, "gold.jsonl"), filepath.Join(dir, "events.jsonl")
	require.NoError(t, os.WriteFile(goldPath, goldBuf.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(predPath, predBuf.Bytes(), 0o644))

	out, err := exec.Command(py, filepath.Join(shared, "corpus", "score.py"), goldPath, predPath, "--json").Output()
	require.NoError(t, err)
	var want struct {
		Articles int                  `json:"articles"`
		Scores   map[string]KindScore `json:"scores"`
	}
	require.NoError(t, json.Unmarshal(out, &want))

	rep := Score(gold, pred)
	assert.Equal(t, want.Articles, rep.Articles)
	for _, k := range append(append([]string{}, ScoreKinds...), "all") {
		g, p := rep.Scores[k], want.Scores[k]
		assert.Equal(t, [3]int{p.TP, p.FP, p.FN}, [3]int{g.TP, g.FP, g.FN}, k)
		// score.py rounds to 4 places; Go's and Python's rounding of a
		// binary half differ, so compare within half a unit of the last place.
		assert.InDelta(t, p.F1, g.F1, 0.5e-4+1e-9, k)
		assert.InDelta(t, p.Precision, g.Precision, 0.5e-4+1e-9, k)
		assert.InDelta(t, p.Recall, g.Recall, 0.5e-4+1e-9, k)
	}
}

// goldJSON writes gold events back in the corpus form, nulls included.
func goldJSON(evs []GoldEvent) []map[string]any {
	out := []map[string]any{}
	for _, ev := range evs {
		m := map[string]any{"country": ev.Country, "from": ev.From, "counts": ev.Counts, "qualifiers": ev.Qualifiers, "partners": ev.Partners, "aggregate": ev.Aggregate, "evidence": ev.Evidence, "date": nil, "operation": nil}
		if ev.Date != "" {
			m["date"] = ev.Date
		}
		if ev.Operation != "" {
			m["operation"] = ev.Operation
		}
		out = append(out, m)
	}
	return out
}
