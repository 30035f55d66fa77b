package extract

import "strings"

// CountryCode returns the ISO 3166-1 alpha-2 code (XK for Kosovo) of the
// country x's gazetteer knows by name, such as "France" or "bosnia and
// herzegovina": case and runs of spaces do not matter, and adjectives
// ("Kazakh") are no names. It is how the CLI lets users name a country
// where a code is expected.
func (x *Extractor) CountryCode(name string) (string, bool) {
	code, ok := x.countries.byName[foldName(name)]
	return code, ok
}

// foldName is a country name as CountryCode compares it: lower case,
// single-spaced.
func foldName(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ")
}
