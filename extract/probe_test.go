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
	x := newTestExtractor(t, Options{NoNER: true})
	texts := []string{
		"Belgium has repatriated 10 children and six mothers from the Roj camp in northeast Syria, Prime Minister Alexander De Croo said on Friday.",
		"The Netherlands brought back 12 women and 28 children from Syria on Tuesday in an operation carried out with the help of the US military.",
		"A total of 17 French children were repatriated on Wednesday, the foreign ministry said.",
		"Kazakhstan has repatriated a total of 607 citizens, including 156 children, as part of Operation Zhusan since January 2019.",
		"Georgia repatriates four children of ISIS fighters from Iraq",
		"Sweden on Monday flew home three orphans whose parents were killed in Syria.",
		"The children arrived at Stockholm airport late on Monday, the Swedish foreign ministry said. Officials thanked the Kurdish authorities and UNICEF for their help.",
		"Russia brought back 27 children from Iraq on a plane that landed in Moscow on Sunday, said Anna Kuznetsova. Another 100 children are expected to follow.",
		"Denmark will repatriate three women and 14 children, the government said Thursday, reversing its stance.",
		"In 2019, Kosovo took back 110 people. It has since repatriated another 20 in two smaller operations.",
		"The Central Asian nation has repatriated nearly 600 of its citizens from Syria and Iraq since 2019, according to the foreign ministry.",
		"Under the deal, Iraq handed over 50 Iraqi women to Baghdad authorities on 12 March.",
		"Canada repatriated two Canadian women and three children on Wednesday. It was the first such repatriation since 2020.",
		"Ukraine on Nov. 22 brought home three women and 11 children. The families had spent years in al-Hawl.",
		"Austrian authorities said Saturday they had repatriated two women and their three children from a camp in Syria, with US help.",
		"The operation, code-named \"Mercy\", brought 45 Uzbek women and children home on April 2.",
		"Finland has so far repatriated 23 children and 8 women from al-Hol.",
		"At least 39 Malaysians remain in Syrian camps, police said.",
		"Tajikistan repatriated 146 women and children on July 25; a second group of 104 followed in May 2023.",
		"About 1,000 Iraqis left al-Hol camp on Tuesday in the latest convoy to return home, officials said.",
	}
	for _, text := range texts {
		evs := extractText(t, x, text, "2023-06-15")
		fmt.Printf("## %s\n", text)
		for _, e := range evs {
			fmt.Printf("   %s from=%v date=%q counts=%v q=%v partners=%v op=%q agg=%v\n", e.Country, e.From, e.Date, e.Counts, e.Qualifiers, e.Partners, e.Operation, e.Aggregate)
		}
	}
}
