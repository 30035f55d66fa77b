package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// gazetteerFiles are the files of a lexicon folder that are gazetteers,
// not word lists: their entries name things, so they stay out of the
// lexicon's categories (the model's cue features).
var gazetteerFiles = []string{"organisations"}

// holderFlag after an organisation's id marks a side that holds people
// and hands them over.
const holderFlag = "[holder]"

// embeddedOrganisations is the partner gazetteer of the embedded
// repatriation lexicon, parsed on first use: PartnerIDs and IsPartnerID
// need it without an Extractor.
var embeddedOrganisations = sync.OnceValue(func() []orgEntry {
	orgs, err := loadOrganisations(lexiconFiles, "repatriation")
	if err != nil {
		// The embedded file is checked by New and by the tests; a broken
		// one is a broken build, not an input error.
		panic(err)
	}
	return orgs
})

// loadOrganisations reads lexicon/<event>/organisations.txt of fsys.
func loadOrganisations(fsys fs.FS, event string) ([]orgEntry, error) {
	file := path.Join("lexicon", event, "organisations.txt")
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("missing gazetteer: %w", fs.ErrNotExist)
	}
	if err != nil {
		return nil, &lexiconError{file: file, err: err}
	}
	return parseOrganisations(file, string(data))
}

// parseOrganisations parses the partner gazetteer: "id = alias | alias"
// lines, "[holder]" after the id marking a side that holds people. Lines
// with the same id add aliases, so long alias lists stay readable. Ids
// keep the order of their first line and aliases their order: a folded
// form two organisations shared would go to the later one.
func parseOrganisations(file, text string) ([]orgEntry, error) {
	var orgs []orgEntry
	index := map[string]int{}     // id -> position in orgs
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
		if id == "" || strings.ContainsAny(id, "[]") {
			return nil, fail("bad id %q: want a name, optionally followed by %s", strings.TrimSpace(head), holderFlag)
		}
		k, ok := index[id]
		if !ok {
			k = len(orgs)
			index[id] = k
			orgs = append(orgs, orgEntry{id: id})
		}
		orgs[k].holder = orgs[k].holder || holder
		for _, a := range strings.Split(list, "|") {
			a = strings.TrimSpace(a)
			if a == "" {
				return nil, fail("%s has an empty alias", id)
			}
			if first, dup := aliasLine[a]; dup {
				return nil, fail("alias %q is listed twice (first on line %d)", a, first)
			}
			aliasLine[a] = n
			orgs[k].aliases = append(orgs[k].aliases, a)
		}
	}
	return orgs, nil
}

// holderIDs returns the ids of the organisations marked as holding people.
func holderIDs(orgs []orgEntry) map[string]bool {
	ids := map[string]bool{}
	for _, o := range orgs {
		if o.holder {
			ids[o.id] = true
		}
	}
	return ids
}
