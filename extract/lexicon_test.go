package extract

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// embeddedLexicon copies the embedded lexicon files into a MapFS that a
// test may change.
func embeddedLexicon(tb testing.TB) fstest.MapFS {
	tb.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(lexiconFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(lexiconFiles, p)
		out[p] = &fstest.MapFile{Data: data}
		return err
	})
	require.NoError(tb, err)
	require.NotEmpty(tb, out)
	return out
}

func TestLoadLexicon(t *testing.T) {
	l, err := loadLexicon(lexiconFiles, "repatriation")
	require.NoError(t, err)
	assert.True(t, l.returnTriggers["repatriated"])
	assert.True(t, l.negators["will"])
	assert.Equal(t, GroupWomen, l.groupNouns["mothers"])
	assert.Equal(t, "more_than", l.qualifiers["more than"])
	assert.Equal(t, "about", l.qualifiers["nearly"])
	assert.Contains(t, l.partnerCues, []string{"with", "the", "support", "of"})
	assert.Contains(t, l.aggregateCues, "so far")
	assert.True(t, l.countModifiers[`"`], "a quote mark is an entry, not a comment")
	assert.Equal(t, []string{"north", "south", "east", "west"}, l.directionPrefixes, "file order")
	assert.True(t, l.orgHeads.MatchString("Libyan Attorney General's Office"))
	assert.False(t, l.orgHeads.MatchString("the office"), "head words match as written")
	assert.False(t, l.orgHeads.MatchString("Officer Smith"), "head words match whole words")
}

func TestLoadLexicon_Malformed(t *testing.T) {
	const dir = "lexicon/repatriation/"
	tests := []struct {
		name string
		file string
		data string // "-" removes the file
		want string
	}{
		{"upper-case entry", "negators.txt", "# plans\nwill\nWould\n", "lexicon/repatriation/negators.txt:3: \"Would\" is not lower case: sentences are matched in folded form"},
		{"phrase in a word list", "count_blockers.txt", "went\n\nwent away\n", "lexicon/repatriation/count_blockers.txt:3: \"went away\" has several words: this list matches one token"},
		{"curly apostrophe", "aggregate_cues.txt", "so far\nthis year\u2019s total\n", "lexicon/repatriation/aggregate_cues.txt:2: \"this year\u2019s total\" has typographic quotes or dashes: write \"this year's total\", as sentences are folded"},
		{"duplicate entry", "help_nouns.txt", "support\nhelp\n  support  # again\n", "lexicon/repatriation/help_nouns.txt:3: \"support\" is listed twice (first on line 1)"},
		{"unknown group", "group_nouns.txt", "women = women\ngirls = girls\n", "lexicon/repatriation/group_nouns.txt:2: \"girls\" maps to \"girls\", want one of total, women, men, children, adults, orphans"},
		{"value missing", "group_nouns.txt", "women = women\nmen\n", "lexicon/repatriation/group_nouns.txt:2: \"men\" has no value: write \"entry = value\""},
		{"value in a word list", "negators.txt", "will = plan\n", "lexicon/repatriation/negators.txt:1: \"will = plan\": this list takes no values"},
		{"value without entry", "qualifiers.txt", " = about\n", "lexicon/repatriation/qualifiers.txt:1: value \"about\" without an entry"},
		{"two-word group noun", "group_nouns.txt", "young women = women\n", "lexicon/repatriation/group_nouns.txt:1: \"young women\" has several words: this list matches one token"},
		{"two-word prefix", "direction_prefixes.txt", "north\nnorth east\n", "lexicon/repatriation/direction_prefixes.txt:2: \"north east\" has several words: this list matches one token"},
		{"missing list", "negators.txt", "-", "lexicon/repatriation/negators.txt: missing list: file does not exist"},
		{"unknown list", "negator.txt", "will\n", "lexicon/repatriation/negator.txt: not a known list; see lexicon/README.md"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertLexiconError(t, dir+tc.file, tc.data, tc.want)
		})
	}
}

// assertLexiconError replaces the embedded lexicon's file path with data
// ("-" removes it) and checks that loading fails with want, a
// *lexiconError.
func assertLexiconError(t *testing.T, path, data, want string) {
	t.Helper()
	fsys := embeddedLexicon(t)
	if data == "-" {
		delete(fsys, path)
	} else {
		fsys[path] = &fstest.MapFile{Data: []byte(data)}
	}
	_, err := loadLexicon(fsys, "repatriation")
	require.Error(t, err)
	assert.Equal(t, want, err.Error())
	var le *lexiconError
	assert.True(t, errors.As(err, &le))
}

func TestLoadLexicon_Format(t *testing.T) {
	fsys := embeddedLexicon(t)
	fsys["lexicon/repatriation/group_nouns.txt"] = &fstest.MapFile{Data: []byte("# people\nwomen = women # counted as women\ngirls\tchildren\n\n  men   =   men\n")}
	fsys["lexicon/repatriation/aggregate_cues.txt"] = &fstest.MapFile{Data: []byte("so   far\nin total # comment\n#in all\n")}
	l, err := loadLexicon(fsys, "repatriation")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"women": GroupWomen, "girls": GroupChildren, "men": GroupMen}, l.groupNouns)
	assert.Equal(t, []string{"so far", "in total"}, l.aggregateCues)
}

func TestLoadLexicon_NoEventType(t *testing.T) {
	_, err := loadLexicon(lexiconFiles, "kidnapping")
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "lexicon/kidnapping")
}

func TestLexicon_Category(t *testing.T) {
	l, err := loadLexicon(lexiconFiles, "repatriation")
	require.NoError(t, err)
	tests := []struct {
		word string
		want []string
	}{
		{"repatriated", []string{"return_triggers", "joint_cues", "bare_count_verbs", "partner_verbs"}},
		{"will", []string{"negators"}},
		{"killed", []string{"count_blockers"}},
		{"still", []string{"negators", "count_blockers"}},
		{"far", []string{"aggregate_cues"}},
		{"addition", []string{"joint_cues"}}, // "in addition to": a phrase's longest word
		{"so", nil},                          // "so far": not its short words
		{"support", []string{"partner_cues", "backing_nouns", "help_nouns"}},
		{"mothers", []string{"group_nouns", "nationality_nouns"}},
		{"nearly", []string{"qualifiers"}},
		{"office", []string{"org_heads"}},
		{"kyrgyz", []string{"invariant_demonyms"}},
		{"plane", []string{"transport_nouns"}}, // not joint_transports: noCue
		{"move", nil},
		{"zebra", nil},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			assert.Equal(t, tc.want, l.category(tc.word))
		})
	}
}

// TestLexicon_NoCue: the words of a list marked noCue reach no category
// through it, so moving a word list from code into such a file leaves the
// model's features as they were.
func TestLexicon_NoCue(t *testing.T) {
	l, err := loadLexicon(lexiconFiles, "repatriation")
	require.NoError(t, err)
	for _, ll := range l.lists() {
		if !ll.noCue {
			continue
		}
		var words []string
		switch {
		case ll.set != nil:
			words = slices.Collect(maps.Keys(*ll.set))
		case ll.tokens != nil:
			words = *ll.tokens
		}
		for _, w := range words {
			assert.NotContains(t, l.category(w), ll.name, "%s of %s.txt", w, ll.name)
		}
	}
}

// TestLexicon_README keeps lexicon/README.md describing every list.
func TestLexicon_README(t *testing.T) {
	readme, err := os.ReadFile("lexicon/README.md")
	require.NoError(t, err)
	for _, ll := range (&lexicon{}).lists() {
		assert.Contains(t, string(readme), "`"+ll.name+".txt`", "lexicon/README.md lacks a row for %s", ll.name)
	}
	for _, gf := range (&lexicon{}).gazetteers() {
		assert.Contains(t, string(readme), "`"+gf.name+".txt`", "lexicon/README.md lacks a row for gazetteer %s", gf.name)
	}
}

// TestLexicon_AddWord shows that a word added to a list file changes what
// the rules find, with no code: "ferried" is no trigger in the embedded
// lexicon, and becomes one with a line in return_triggers.txt.
func TestLexicon_AddWord(t *testing.T) {
	const text = "Kazakhstan ferried 37 children from camps in Syria on 3 February 2021."
	x := newTestExtractor(t, Options{RulesOnly: true})
	assert.Empty(t, extractText(t, x, text, "2021-02-05"), "embedded lexicon")

	lex := lexiconWith(t, "return_triggers.txt", "ferried")
	x.lex, x.partnerCues = lex, newCueIndex(lex.partnerCues)
	evs := extractText(t, x, text, "2021-02-05")
	require.Len(t, evs, 1)
	assert.Equal(t, "KZ", evs[0].Country)
	assert.Equal(t, map[string]int{GroupChildren: 37}, evs[0].Counts)
	assert.Equal(t, "2021-02-03", evs[0].Date)
	assert.Equal(t, []string{"SY"}, evs[0].From)
}

// TestLexicon_ListsOnceCode: the lists that were words in the rules' code
// still steer the rules from their files: each sentence comes out one way
// with the embedded lexicon and another with the list emptied. (Lists
// other tests pin, and total_noun_phrases, which no sentence reaches
// today, are not here.)
func TestLexicon_ListsOnceCode(t *testing.T) {
	tests := []struct {
		list, text    string
		field         string // of the first event: country, counts, partners, date or from
		with, without string // "-" for no event
	}{
		{"determined_triggers", "Kazakhstan welcomed the move of 40 women from Syria on Monday.", "country", "KZ", "-"},
		{"followed_triggers", "The return of 40 Kazakh women from Syria took place on Monday.", "country", "KZ", "-"},
		{"fixed_to_words", "Kazakhstan was able to repatriate 40 women from Syria on Monday.", "country", "KZ", "-"},
		{"were_subjects", "Kazakhstan repatriated 40 citizens from Syria on Monday. Among the evacuees were 12 women and 28 children.", "counts", "map[children:28 total:40 women:12]", "map[total:40]"},
		{"modifier_nouns", "Kazakhstan repatriated one adult and 20 children from Syria on Monday.", "counts", "map[adults:1 children:20]", "map[children:20]"},
		{"label_nouns", "Kazakhstan repatriated women from Syria on Monday, number 12 children among them.", "counts", "map[]", "map[children:12]"},
		{"parent_verbs", "Kazakhstan repatriated 20 children born to Uzbek parents from Syria on Monday.", "country", "UZ", "KZ"},
		{"locative_state_nouns", "Kazakhstan repatriated 40 women from Syria on Monday with the support of the authorities in Iraq.", "partners", "Iraq", ""},
		{"state_of_nouns", "Kazakhstan repatriated 40 women from Syria on Monday with the support of representatives of Iraq.", "partners", "Iraq", ""},
		{"gov_name_ends", "Kazakhstan repatriated 40 women from Syria on Monday with the support of the Iraqi foreign ministry.", "partners", "Iraqi foreign ministry", "Iraqi foreign"},
		{"place_adjectives", "Kazakhstan repatriated 40 women on Monday with the support of authorities in neighbouring Iraq.", "partners", "", "Iraq"},
		{"announce_fillers", "Kazakhstan repatriated 40 women from Syria, the ministry said at a press briefing on Monday.", "date", "", "2023-05-08"},
	}
	x := newTestExtractor(t, Options{RulesOnly: true})
	field := func(evs []Event, name string) string {
		if len(evs) == 0 {
			return "-"
		}
		e := evs[0]
		switch name {
		case "country":
			return e.Country
		case "counts":
			return fmt.Sprint(e.Counts)
		case "partners":
			var names []string
			for _, p := range e.Partners {
				names = append(names, p.Name)
			}
			return strings.Join(names, ", ")
		case "date":
			return e.Date
		case "from":
			return fmt.Sprint(e.From)
		}
		t.Fatalf("unknown field %q", name)
		return ""
	}
	for _, tc := range tests {
		t.Run(tc.list, func(t *testing.T) {
			assert.Equal(t, tc.with, field(extractText(t, x, tc.text, "2023-05-10"), tc.field), "embedded lexicon")
			fsys := embeddedLexicon(t)
			fsys["lexicon/repatriation/"+tc.list+".txt"] = &fstest.MapFile{Data: []byte("# emptied\n")}
			lex, err := loadLexicon(fsys, "repatriation")
			require.NoError(t, err)
			y := *x
			y.lex = lex
			assert.Equal(t, tc.without, field(extractText(t, &y, tc.text, "2023-05-10"), tc.field), "list emptied")
		})
	}
}
