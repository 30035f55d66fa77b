package extract

import "strings"

// CountryCode returns the ISO 3166-1 alpha-2 code (XK for Kosovo) of the
// country the gazetteer knows by name, such as "France" or "bosnia and
// herzegovina": case and runs of spaces do not matter. It is how the CLI
// lets users name a country where a code is expected.
func CountryCode(name string) (string, bool) {
	want := strings.Join(strings.Fields(strings.ToLower(name)), " ")
	for _, c := range countries {
		for _, n := range c.names {
			if strings.ToLower(n) == want {
				return c.code, true
			}
		}
	}
	return "", false
}
