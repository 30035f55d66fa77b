package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// gazEntry is one entry of a gazetteer file: a stable id (an
// organisation's id, a country's ISO code) and the forms news text uses
// for it.
type gazEntry struct {
	id      string
	aliases []string
	holder  bool // holds people and hands them over (the SDF, the AANES)
}

// gazFile describes one gazetteer file of a lexicon folder. A gazetteer
// names things rather than cues, so its words stay out of the lexicon's
// categories (the model's cue features). Exactly one of dest and
// countries is set.
type gazFile struct {
	name      string          // file name without .txt
	holders   bool            // entries may carry holderFlag
	codes     *[]countryEntry // when set, ids must be codes of these countries
	dest      *[]gazEntry     // where the entries go
	countries *[]countryEntry // the country gazetteer goes here instead (parseCountries)
}

// gazetteers names every gazetteer file of a lexicon, in the order they
// are loaded: the countries first, as the files that name places by
// country code are checked against them.
func (l *lexicon) gazetteers() []gazFile {
	return []gazFile{
		{name: "countries", countries: &l.countries},
		{name: "organisations", holders: true, dest: &l.organisations},
		{name: "capitals", codes: &l.countries, dest: &l.capitals},
		{name: "held_places", codes: &l.countries, dest: &l.heldPlaces},
		{name: "regional_bodies", dest: &l.regionalBodies},
	}
}

// holderFlag after an organisation's id marks a side that holds people
// and hands them over.
const holderFlag = "[holder]"

// loadGazetteer reads lexicon/<event>/<gf.name>.txt of fsys into gf.dest.
func loadGazetteer(fsys fs.FS, event string, gf gazFile) error {
	file := path.Join("lexicon", event, gf.name+".txt")
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("missing gazetteer: %w", fs.ErrNotExist)
	}
	if err != nil {
		return &lexiconError{file: file, err: err}
	}
	if gf.countries != nil {
		*gf.countries, err = parseCountries(file, string(data))
		return err
	}
	*gf.dest, err = parseGazetteer(gf, file, string(data))
	return err
}

// parseGazetteer parses "id = alias | alias" lines, "[holder]" after the
// id marking a side that holds people where gf allows it. Lines with the
// same id add aliases, so long alias lists stay readable. Ids keep the
// order of their first line and aliases their order, as the gazetteers
// keep the first entry of a form two ids share.
func parseGazetteer(gf gazFile, file, text string) ([]gazEntry, error) {
	var out []gazEntry
	index := map[string]int{}     // id -> position in out
	aliasLine := map[string]int{} // alias -> line it was first listed on
	for n, line := range dataLines(text) {
		fail := func(format string, args ...any) error {
			return &lexiconError{file: file, line: n, err: fmt.Errorf(format, args...)}
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		head, list, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("%q has no aliases: write \"id = alias | alias\"", strings.TrimSpace(line))
		}
		id, holder := strings.CutSuffix(strings.TrimSpace(head), holderFlag)
		id = strings.TrimSpace(id)
		switch {
		case id == "" || strings.ContainsAny(id, "[]") || holder && !gf.holders:
			if gf.holders {
				return nil, fail("bad id %q: want a name, optionally followed by %s", strings.TrimSpace(head), holderFlag)
			}
			return nil, fail("bad id %q: want a country code", strings.TrimSpace(head))
		case gf.codes != nil && !slices.ContainsFunc(*gf.codes, func(c countryEntry) bool { return c.code == id }):
			return nil, fail("%q is no country code of the country gazetteer", id)
		}
		k, ok := index[id]
		if !ok {
			k = len(out)
			index[id] = k
			out = append(out, gazEntry{id: id})
		}
		out[k].holder = out[k].holder || holder
		for _, a := range strings.Split(list, "|") {
			a = strings.TrimSpace(a)
			if a == "" {
				return nil, fail("%s has an empty alias", id)
			}
			if first, dup := aliasLine[a]; dup {
				return nil, fail("alias %q is listed twice (first on line %d)", a, first)
			}
			aliasLine[a] = n
			out[k].aliases = append(out[k].aliases, a)
		}
	}
	return out, nil
}

// heldInFlag after a country's code marks a country people are held in.
const heldInFlag = "[held in]"

// parseCountries parses the country gazetteer, a line a country:
// "CODE [held in] = name | name; adj: a | a; people: p; acronym: A". The
// names come first and the first is the country's own; the labelled parts
// are optional. A code is listed once, and a form belongs to one country.
func parseCountries(file, text string) ([]countryEntry, error) {
	// The parts of a line, names first, and what an entry of each is
	// called in errors.
	labels := []string{"", "adj", "people", "acronym"}
	entries := []string{"name", "adjective", "people noun", "acronym"}
	var out []countryEntry
	codeLine := map[string]int{} // code -> its line
	type owner struct {
		code string
		line int
	}
	owners := map[string]owner{} // folded form (acronyms as written) -> first country naming it
	for n, line := range dataLines(text) {
		fail := func(format string, args ...any) error {
			return &lexiconError{file: file, line: n, err: fmt.Errorf(format, args...)}
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		head, rest, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("%q has no names: write \"CODE = name | name; adj: ...; people: ...\"", strings.TrimSpace(line))
		}
		code, held := strings.CutSuffix(strings.TrimSpace(head), heldInFlag)
		code = strings.TrimSpace(code)
		if !isCodeShape(code) {
			return nil, fail("bad code %q: want an ISO 3166-1 alpha-2 code such as SY, optionally followed by %s", strings.TrimSpace(head), heldInFlag)
		}
		if first, dup := codeLine[code]; dup {
			return nil, fail("%s is listed twice (first on line %d)", code, first)
		}
		codeLine[code] = n
		c := countryEntry{code: code, holdPlace: held}
		dests := []*[]string{&c.names, &c.adjs, &c.people, &c.acronyms} // as labels
		mine := map[string]bool{}                                       // label and key of c's forms
		for k, part := range strings.Split(rest, ";") {
			kind := 0 // the names
			list := part
			if k > 0 {
				label, l, ok := strings.Cut(part, ":")
				label = strings.TrimSpace(label)
				kind = slices.Index(labels, label)
				switch {
				case !ok || kind <= 0:
					return nil, fail("%s: unknown part %q: want adj:, people: or acronym:", code, strings.TrimSpace(part))
				case len(*dests[kind]) > 0:
					return nil, fail("%s: %q is given twice", code, label+":")
				}
				list = l
			}
			what := entries[kind]
			for _, f := range strings.Split(list, "|") {
				f = strings.Join(strings.Fields(f), " ")
				switch {
				case f == "":
					return nil, fail("%s has an empty %s", code, what)
				case strings.Contains(f, ":"):
					return nil, fail("%s: %s %q has a colon: separate the parts with \";\"", code, what, f)
				case strings.ContainsAny(f, "=[]"):
					return nil, fail("%s: %s %q has \"=\", \"[\" or \"]\": write \"CODE [held in] = name\"", code, what, f)
				}
				key := strings.ToLower(f)
				if labels[kind] == "acronym" {
					key = "\x00" + f // matched as written
				}
				o, dup := owners[key]
				if dup && (o.code != code || mine[labels[kind]+" "+key]) {
					return nil, fail("%s %q is listed twice (first on line %d)", what, f, o.line)
				}
				if !dup {
					owners[key] = owner{code, n}
				}
				mine[labels[kind]+" "+key] = true
				*dests[kind] = append(*dests[kind], f)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// isCodeShape reports whether code looks like an ISO 3166-1 alpha-2 code:
// two capital letters.
func isCodeShape(code string) bool {
	return len(code) == 2 && 'A' <= code[0] && code[0] <= 'Z' && 'A' <= code[1] && code[1] <= 'Z'
}

// holderIDs returns the ids of the organisations marked as holding people.
func holderIDs(orgs []gazEntry) map[string]bool {
	ids := map[string]bool{}
	for _, o := range orgs {
		if o.holder {
			ids[o.id] = true
		}
	}
	return ids
}

// region is a part of a country a body governs: the compass words that
// name it start with direction.
type region struct {
	direction string
	id        string
}

// parseRegions checks the regional bodies of file ("AANES = SY north")
// against the countries and organisations and indexes them by country.
func parseRegions(file string, bodies []gazEntry, countries []countryEntry, orgs []gazEntry) (map[string][]region, error) {
	out := map[string][]region{}
	for _, b := range bodies {
		if !slices.ContainsFunc(orgs, func(o gazEntry) bool { return o.id == b.id }) {
			return nil, &lexiconError{file: file, err: fmt.Errorf("%q is no organisation of organisations.txt", b.id)}
		}
		for _, a := range b.aliases {
			code, dir, ok := strings.Cut(a, " ")
			dir = strings.TrimSpace(dir)
			switch {
			case !ok || dir == "" || strings.Contains(dir, " ") || dir != strings.ToLower(dir):
				return nil, &lexiconError{file: file, err: fmt.Errorf("%s: %q: want a country code and one lower-case compass word", b.id, a)}
			case !slices.ContainsFunc(countries, func(c countryEntry) bool { return c.code == code }):
				return nil, &lexiconError{file: file, err: fmt.Errorf("%s: %q is no country code of the country gazetteer", b.id, code)}
			}
			out[code] = append(out[code], region{dir, b.id})
		}
	}
	return out, nil
}
