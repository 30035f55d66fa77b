package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
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
// categories (the model's cue features).
type gazFile struct {
	name    string      // file name without .txt
	holders bool        // entries may carry holderFlag
	codes   bool        // ids must be country codes of the country gazetteer
	dest    *[]gazEntry // where the entries go
}

// gazetteers names every gazetteer file of a lexicon.
func (l *lexicon) gazetteers() []gazFile {
	return []gazFile{
		{name: "organisations", holders: true, dest: &l.organisations},
		{name: "capitals", codes: true, dest: &l.capitals},
		{name: "held_places", codes: true, dest: &l.heldPlaces},
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
		case gf.codes && !isCountryCode(id):
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

// isCountryCode reports whether code is a code of the country gazetteer.
func isCountryCode(code string) bool {
	for _, c := range countries {
		if c.code == code {
			return true
		}
	}
	return false
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
