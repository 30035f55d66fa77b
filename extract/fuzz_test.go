package extract

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/ingest"
)

// FuzzExtract checks that Extract never panics and that every span it
// returns covers the text it records, whatever the input.
func FuzzExtract(f *testing.F) {
	f.Add("Kazakhstan on Tuesday repatriated 37 of its citizens from camps in northeast Syria.", "2023-02-16")
	f.Add("“Thirty-one women and 64 children who are Kyrgyz citizens were transferred,” the ministry said.\nShare", "")
	f.Add("Libyan and Egyptian Red Crescent Societies and the ICRC handed over 12 children (NISS) on May 29-30.", "2017-08-22")
	f.Add("The move on Wednesday, May 29 follows the repatriation late last month of 84 children.", "2019-05-29")
	x, err := New(Options{NoNER: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, published string) {
		if !utf8.ValidString(text) {
			return
		}
		a := ingest.Article{Text: ingest.CleanText(text), Published: published}
		res, err := x.Extract(context.Background(), a)
		if err != nil {
			return
		}
		assertSpans(t, a.Text, res)
	})
}
