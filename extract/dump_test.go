package extract

import (
	"fmt"
	"github.com/newsfacts/newsfacts/ingest"
	"os"
	"strings"
	"testing"
)

// TestDump prints the events of the dev-set articles named in
// NEWSFACTS_DUMP (comma-separated ids, or "all"), for rule debugging.
func TestDump(t *testing.T) {
	want := os.Getenv("NEWSFACTS_DUMP")
	if want == "" {
		t.Skip("set NEWSFACTS_DUMP")
	}
	shared := sharedDir(t)
	x := newTestExtractor(t, Options{})
	for _, a := range devArticles(t, shared) {
		if want != "all" && !strings.Contains(","+want+",", ","+a.SourceID+",") {
			continue
		}
		evs := extractAll(t, x, []ingest.Article{a})[a.SourceID]
		fmt.Printf("## %s (%s)\n", a.SourceID, a.Published)
		for _, e := range evs {
			fmt.Printf("  %s from=%v date=%q counts=%v q=%v partners=%v op=%q agg=%v conf=%.2f\n", e.Country, e.From, e.Date, e.Counts, e.Qualifiers, e.Partners, e.Operation, e.Aggregate, e.Confidence)
			for _, ev := range e.Evidence {
				fmt.Printf("      %-16s %-28s %q\n", ev.Field, ev.Rule, ev.Text)
			}
		}
	}
}
