package extract

import (
	"fmt"
	"os"
	"testing"
)

func TestProbe(t *testing.T) {
	if os.Getenv("PROBE") == "" {
		t.Skip()
	}
	x := newTestExtractor(t, Options{})
	texts := []string{
		"Belgium repatriates 16 children, six mothers from Syrian camps\nBRUSSELS (Reuters) - Belgium has brought home 16 children and six mothers from camps in northeast Syria, Prime Minister Alexander De Croo said on Saturday.\nThe operation took place overnight with the help of the US army and the Kurdish authorities, De Croo told reporters.\nThe mothers will be questioned by prosecutors, and the children, aged between one and 12, will be placed in care.\nBelgium repatriated 10 children and six mothers in July 2021.\nAround 20 Belgian children remain in the camps.",
		"Sweden repatriates three orphans\nSTOCKHOLM - Three Swedish orphans whose parents died in Syria were flown home this week, the foreign ministry said on Friday.\nThe children, aged 2 to 5, were handed over to Swedish officials in Qamishli on Wednesday by the Autonomous Administration of North and East Syria.\n“We thank UNICEF for its invaluable support,” Foreign Minister Ann Linde said.",
		"Uzbekistan brings home 98 more women, children from Syria\nTASHKENT, Uzbekistan (AP) — Uzbekistan repatriated 98 women and children from Syria on Friday in the fourth stage of its Mehr (Kindness) humanitarian operation, the government said.\nThe group included 24 women and 74 children. Since 2019 the country has returned 531 citizens, most of them children.\nUzbek officials said the flight was organised with the support of the International Committee of the Red Cross.",
		"US says it repatriated 10 Americans from Syria camps\nWASHINGTON — The United States has repatriated 10 Americans, including six children, from detention camps in northeast Syria, the State Department said on Wednesday.\nThe department thanked the Syrian Democratic Forces for their partnership and cooperation. \"The only durable solution\" is repatriation, Secretary Antony Blinken said.",
	}
	for k, text := range texts {
		evs := extractText(t, x, text, []string{"2022-02-05", "2020-10-09", "2022-05-27", "2023-03-08"}[k])
		fmt.Printf("## %.70s\n", text)
		for _, e := range evs {
			fmt.Printf("   %s from=%v date=%q counts=%v q=%v partners=%v op=%q agg=%v\n", e.Country, e.From, e.Date, e.Counts, e.Qualifiers, e.Partners, e.Operation, e.Aggregate)
		}
	}
}
