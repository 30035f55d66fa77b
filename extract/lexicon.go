package extract

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"regexp"
	"slices"
	"strings"
)

// lexiconFiles holds the word lists of each event type, one folder per
// type under lexicon/. Adding a word is editing a file there; see
// lexicon/README.md for the format and what each list means.
//
//go:embed lexicon/*/*.txt
var lexiconFiles embed.FS

// lexicon is the vocabulary the rules of one event type match: trigger
// words, cues, blockers, people nouns. Grammar (punctuation, articles,
// prepositions used structurally) stays in the code. A lexicon is built
// once by loadLexicon and only read afterwards. Lists marked noCue held
// words written in the rules' code before they became files; lists()
// keeps them out of categories, so the model's features are as trained.
type lexicon struct {
	// triggers
	returnTriggers     map[string]bool
	handoverTriggers   map[string]bool
	particleTriggers   map[string]bool
	homeParticles      map[string]bool
	nounTriggers       map[string]bool
	operationVerbs     map[string]bool
	operationNouns     map[string]bool
	transferContext    map[string]bool
	transportNouns     map[string]bool
	receiveVerbs       map[string]bool
	departVerbs        map[string]bool
	arrivalVerbs       map[string]bool
	negators           map[string]bool
	selfReturns        [][]string      // folded token sequences
	elsewhereReturns   [][]string      // folded token sequences
	modalVerbs         map[string]bool // noCue
	passiveTriggers    map[string]bool
	fixedToWords       map[string]bool // noCue
	nounReturnTriggers map[string]bool // noCue
	followedTriggers   map[string]bool // noCue
	overTriggers       map[string]bool // noCue
	determinedTriggers map[string]bool // noCue
	jointTransports    map[string]bool // noCue

	// clauses and counts
	countBlockers      map[string]bool
	accusationWords    map[string]bool
	estimateWords      map[string]bool
	estimateAdjectives map[string]bool // noCue
	aggregateCues      []string
	superlatives       map[string]bool
	batchNouns         map[string]bool
	runningTotalVerbs  map[string]bool
	totalNouns         map[string]bool
	otherCues          []string
	otherDeterminers   map[string]bool
	jointCues          []string
	vagueQuantifiers   map[string]bool
	statePlurals       map[string]bool
	clauseBreaks       map[string]bool
	groupSubjects      map[string]bool
	inclusionVerbs     map[string]bool
	wereSubjects       map[string]bool // noCue
	groupNouns         map[string]string
	totalNounPhrases   [][]string // noCue
	singularNouns      map[string]bool
	countModifiers     map[string]bool
	orphanModifiers    map[string]bool
	modifierNouns      map[string]bool // noCue
	combinedModifiers  map[string]bool // noCue
	combinedNouns      map[string]bool // noCue
	phraseEndVerbs     map[string]bool // noCue
	invariantDemonyms  map[string]bool
	nationalityNouns   map[string]bool
	parentVerbs        map[string]bool // noCue
	citizenNouns       map[string]bool
	mainCountryNouns   map[string]bool // noCue
	bareCountVerbs     map[string]bool
	anaphorWords       map[string]bool
	anaphorFollowers   map[string]bool
	qualifiers         map[string]string // one word ("over") or two ("more than")
	overParticleVerbs  map[string]bool
	ageWords           map[string]bool
	labelNouns         map[string]bool // noCue
	possessionVerbs    map[string]bool // noCue
	unitNouns          map[string]bool

	// places, partners and operations
	heldVerbs          map[string]bool
	holdPlaceNouns     map[string]bool
	partnerCues        [][]string // folded token sequences
	captionCues        [][]string // folded token sequences
	maskingNames       [][]string // folded token sequences; noCue
	partnerVerbs       map[string]bool
	withVerbs          map[string]bool
	praiseWords        map[string]bool
	ongoingAuxiliaries map[string]bool // noCue
	regionNouns        map[string]bool // noCue
	partnerStops       map[string]bool
	backingNouns       map[string]bool
	provideVerbs       map[string]bool
	helpNouns          map[string]bool
	helpedObjects      map[string]bool
	helpedPeople       map[string]bool // noCue
	govNouns           map[string]bool
	locativeStateNouns map[string]bool // noCue
	stateOfNouns       map[string]bool // noCue
	govNameEnds        map[string]bool // noCue
	directionPrefixes  []string        // noCue
	placeAdjectives    map[string]bool // noCue
	opStops            map[string]bool
	opCues             map[string]string // word -> noun, naming or modifier (newOperationRules)
	orgHeads           *regexp.Regexp    // nil when org_heads.txt is empty

	// dates: announce is built from the three lists once they are loaded
	announceVerbs       []string // noCue
	announceBeforeWords []string // noCue
	announceFillers     []string // noCue
	announce            *announcePatterns

	// The gazetteers (see gazetteers()): countries is the country
	// gazetteer; organisations is the partner gazetteer, holders the ids
	// of the organisations that hold people and hand them over; capitals
	// and heldPlaces list cities and camps by country code. Their words are
	// names, not cues, so they are not in categories.
	countries      []countryEntry
	organisations  []gazEntry
	holders        map[string]bool
	regionalBodies []gazEntry
	regions        map[string][]region // country code -> its regions' bodies
	capitals       []gazEntry
	heldPlaces     []gazEntry

	// categories maps a folded word to the lists that hold it, alone or
	// as the longest word of a phrase, in the order of lists(); see
	// category.
	categories map[string][]string
}

// lexList describes one list file and where its entries go. Exactly one
// of the destination fields is set.
type lexList struct {
	name    string             // file name without .txt; also its category
	set     *map[string]bool   // one folded token an entry
	tokens  *[]string          // one folded token an entry, in file order
	phrases *[]string          // folded token sequences, joined by a space
	seqs    *[][]string        // folded token sequences, split
	values  *map[string]string // "entry = value"
	allowed []string           // the values a values list may map to
	multi   bool               // a values list whose entries may have several words
	words   **regexp.Regexp    // one token an entry, matched as written as a whole word
	// noCue keeps the list's words out of categories, so out of the
	// model's cue features: they introduce names rather than say
	// anything about a transfer.
	noCue bool
}

// lists names every list of a lexicon, in the order category reports
// them.
func (l *lexicon) lists() []lexList {
	groups := []string{GroupTotal, GroupWomen, GroupMen, GroupChildren, GroupAdults, GroupOrphans}
	quals := []string{"about", "more_than", "less_than", "at_least", "up_to"}
	return []lexList{
		{name: "return_triggers", set: &l.returnTriggers},
		{name: "handover_triggers", set: &l.handoverTriggers},
		{name: "particle_triggers", set: &l.particleTriggers},
		{name: "home_particles", set: &l.homeParticles},
		{name: "noun_triggers", set: &l.nounTriggers},
		{name: "operation_verbs", set: &l.operationVerbs},
		{name: "operation_nouns", set: &l.operationNouns},
		{name: "transfer_context", set: &l.transferContext},
		{name: "transport_nouns", set: &l.transportNouns},
		{name: "receive_verbs", set: &l.receiveVerbs},
		{name: "depart_verbs", set: &l.departVerbs, noCue: true},
		{name: "arrival_verbs", set: &l.arrivalVerbs},
		{name: "negators", set: &l.negators},
		{name: "self_returns", seqs: &l.selfReturns, noCue: true},
		{name: "elsewhere_returns", seqs: &l.elsewhereReturns, noCue: true},
		{name: "modal_verbs", set: &l.modalVerbs, noCue: true},
		{name: "passive_triggers", set: &l.passiveTriggers},
		{name: "fixed_to_words", set: &l.fixedToWords, noCue: true},
		{name: "noun_return_triggers", set: &l.nounReturnTriggers, noCue: true},
		{name: "followed_triggers", set: &l.followedTriggers, noCue: true},
		{name: "over_triggers", set: &l.overTriggers, noCue: true},
		{name: "determined_triggers", set: &l.determinedTriggers, noCue: true},
		{name: "joint_transports", set: &l.jointTransports, noCue: true},
		{name: "count_blockers", set: &l.countBlockers},
		{name: "accusation_words", set: &l.accusationWords},
		{name: "estimate_words", set: &l.estimateWords},
		{name: "estimate_adjectives", set: &l.estimateAdjectives, noCue: true},
		{name: "aggregate_cues", phrases: &l.aggregateCues},
		{name: "superlatives", set: &l.superlatives},
		{name: "batch_nouns", set: &l.batchNouns},
		{name: "running_total_verbs", set: &l.runningTotalVerbs},
		{name: "total_nouns", set: &l.totalNouns},
		{name: "other_cues", phrases: &l.otherCues},
		{name: "other_determiners", set: &l.otherDeterminers},
		{name: "joint_cues", phrases: &l.jointCues},
		{name: "vague_quantifiers", set: &l.vagueQuantifiers},
		{name: "state_plurals", set: &l.statePlurals},
		{name: "clause_breaks", set: &l.clauseBreaks},
		{name: "group_subjects", set: &l.groupSubjects},
		{name: "inclusion_verbs", set: &l.inclusionVerbs},
		{name: "were_subjects", set: &l.wereSubjects, noCue: true},
		{name: "group_nouns", values: &l.groupNouns, allowed: groups},
		{name: "total_noun_phrases", seqs: &l.totalNounPhrases, noCue: true},
		{name: "singular_nouns", set: &l.singularNouns},
		{name: "count_modifiers", set: &l.countModifiers},
		{name: "orphan_modifiers", set: &l.orphanModifiers},
		{name: "modifier_nouns", set: &l.modifierNouns, noCue: true},
		{name: "combined_modifiers", set: &l.combinedModifiers, noCue: true},
		{name: "combined_nouns", set: &l.combinedNouns, noCue: true},
		{name: "phrase_end_verbs", set: &l.phraseEndVerbs, noCue: true},
		{name: "invariant_demonyms", set: &l.invariantDemonyms},
		{name: "nationality_nouns", set: &l.nationalityNouns},
		{name: "parent_verbs", set: &l.parentVerbs, noCue: true},
		{name: "citizen_nouns", set: &l.citizenNouns},
		{name: "main_country_nouns", set: &l.mainCountryNouns, noCue: true},
		{name: "bare_count_verbs", set: &l.bareCountVerbs},
		{name: "anaphor_words", set: &l.anaphorWords, noCue: true},
		{name: "anaphor_followers", set: &l.anaphorFollowers, noCue: true},
		{name: "qualifiers", values: &l.qualifiers, allowed: quals, multi: true},
		{name: "over_particle_verbs", set: &l.overParticleVerbs},
		{name: "age_words", set: &l.ageWords},
		{name: "label_nouns", set: &l.labelNouns, noCue: true},
		{name: "possession_verbs", set: &l.possessionVerbs, noCue: true},
		{name: "unit_nouns", set: &l.unitNouns},
		{name: "held_verbs", set: &l.heldVerbs},
		{name: "hold_place_nouns", set: &l.holdPlaceNouns},
		{name: "partner_cues", seqs: &l.partnerCues},
		{name: "caption_cues", seqs: &l.captionCues},
		{name: "masking_names", seqs: &l.maskingNames, noCue: true},
		{name: "partner_verbs", set: &l.partnerVerbs},
		{name: "with_verbs", set: &l.withVerbs},
		{name: "praise_words", set: &l.praiseWords},
		{name: "ongoing_auxiliaries", set: &l.ongoingAuxiliaries, noCue: true},
		{name: "region_nouns", set: &l.regionNouns, noCue: true},
		{name: "partner_stops", set: &l.partnerStops},
		{name: "backing_nouns", set: &l.backingNouns},
		{name: "provide_verbs", set: &l.provideVerbs},
		{name: "help_nouns", set: &l.helpNouns},
		{name: "helped_objects", set: &l.helpedObjects},
		{name: "helped_people", set: &l.helpedPeople, noCue: true},
		{name: "gov_nouns", set: &l.govNouns},
		{name: "locative_state_nouns", set: &l.locativeStateNouns, noCue: true},
		{name: "state_of_nouns", set: &l.stateOfNouns, noCue: true},
		{name: "gov_name_ends", set: &l.govNameEnds, noCue: true},
		{name: "direction_prefixes", tokens: &l.directionPrefixes, noCue: true},
		{name: "place_adjectives", set: &l.placeAdjectives, noCue: true},
		{name: "op_stops", set: &l.opStops},
		{name: "op_cues", values: &l.opCues, allowed: []string{"noun", "naming", "modifier"}, noCue: true},
		{name: "org_heads", words: &l.orgHeads},
		{name: "announce_verbs", tokens: &l.announceVerbs, noCue: true},
		{name: "announce_before_words", tokens: &l.announceBeforeWords, noCue: true},
		{name: "announce_fillers", tokens: &l.announceFillers, noCue: true},
	}
}

// lexiconError is a malformed lexicon file: it names the file and, for a
// bad entry, the line.
type lexiconError struct {
	file string
	line int // 0 when the whole file is at fault
	err  error
}

func (e *lexiconError) Error() string {
	if e.line == 0 {
		return fmt.Sprintf("%s: %v", e.file, e.err)
	}
	return fmt.Sprintf("%s:%d: %v", e.file, e.line, e.err)
}

func (e *lexiconError) Unwrap() error { return e.err }

// loadLexicon reads the lists of one event type from the folder
// lexicon/<event> of fsys. Every list must be there and nothing else: a
// misspelt file name would otherwise leave a list silently empty.
func loadLexicon(fsys fs.FS, event string) (*lexicon, error) {
	dir := path.Join("lexicon", event)
	l := &lexicon{categories: map[string][]string{}}
	lists := l.lists()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", dir, err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		known := slices.ContainsFunc(lists, func(ll lexList) bool { return ll.name == name }) ||
			slices.ContainsFunc(l.gazetteers(), func(gf gazFile) bool { return gf.name == name })
		if !ok || !known {
			return nil, &lexiconError{file: path.Join(dir, e.Name()), err: errors.New("not a known list; see lexicon/README.md")}
		}
	}
	for _, ll := range lists {
		file := path.Join(dir, ll.name+".txt")
		data, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("missing list: %w", fs.ErrNotExist)
		}
		if err != nil {
			return nil, &lexiconError{file: file, err: err}
		}
		if err := l.parseList(ll, file, string(data)); err != nil {
			return nil, err
		}
	}
	for _, gf := range l.gazetteers() {
		if err := loadGazetteer(fsys, event, gf); err != nil {
			return nil, err
		}
	}
	l.holders = holderIDs(l.organisations)
	if l.regions, err = parseRegions(path.Join(dir, "regional_bodies.txt"), l.regionalBodies, l.countries, l.organisations); err != nil {
		return nil, err
	}
	if l.announce, err = newAnnouncePatterns(l.announceVerbs, l.announceBeforeWords, l.announceFillers); err != nil {
		return nil, fmt.Errorf("lexicon %s: %w", dir, err)
	}
	return l, nil
}

// parseList fills the destination of ll from the text of file: one entry
// a line, blank lines and "#" comments skipped, "entry = value" (or entry,
// a tab, value) in a values list.
func (l *lexicon) parseList(ll lexList, file, text string) error {
	seen := map[string]int{}
	var entries, values []string
	for n, line := range dataLines(text) {
		fail := func(format string, args ...any) error {
			return &lexiconError{file: file, line: n, err: fmt.Errorf(format, args...)}
		}
		entry, value := line, ""
		if ll.values != nil {
			var ok bool
			entry, value, ok = strings.Cut(line, "=")
			if !ok {
				entry, value, ok = strings.Cut(line, "\t")
			}
			value = strings.TrimSpace(value)
			if !ok && strings.TrimSpace(line) != "" {
				return fail("%q has no value: write \"entry = value\"", strings.TrimSpace(line))
			}
		} else if strings.Contains(line, "=") {
			return fail("%q: this list takes no values", strings.TrimSpace(line))
		}
		entry = strings.Join(strings.Fields(entry), " ")
		if entry == "" {
			if value != "" {
				return fail("value %q without an entry", value)
			}
			continue
		}
		if ll.words == nil && entry != strings.ToLower(entry) {
			return fail("%q is not lower case: sentences are matched in folded form", entry)
		}
		if entry != normalizeKey(entry) {
			return fail("%q has typographic quotes or dashes: write %q, as sentences are folded", entry, normalizeKey(entry))
		}
		if strings.Contains(entry, " ") && ll.phrases == nil && ll.seqs == nil && !ll.multi {
			return fail("%q has several words: this list matches one token", entry)
		}
		if first, dup := seen[entry]; dup {
			return fail("%q is listed twice (first on line %d)", entry, first)
		}
		if ll.values != nil && !slices.Contains(ll.allowed, value) {
			return fail("%q maps to %q, want one of %s", entry, value, strings.Join(ll.allowed, ", "))
		}
		seen[entry] = n
		entries, values = append(entries, entry), append(values, value)
		if ll.noCue {
			continue
		}
		// A phrase is a cue through its longest word: "support" in "with
		// the support of", not "the" and "of".
		w := ""
		for _, f := range strings.Fields(strings.ToLower(entry)) {
			if len(f) > len(w) {
				w = f
			}
		}
		if cs := l.categories[w]; len(cs) == 0 || cs[len(cs)-1] != ll.name {
			l.categories[w] = append(cs, ll.name)
		}
	}
	switch {
	case ll.set != nil:
		*ll.set = make(map[string]bool, len(entries))
		for _, e := range entries {
			(*ll.set)[e] = true
		}
	case ll.phrases != nil:
		*ll.phrases = entries
	case ll.tokens != nil:
		*ll.tokens = entries
	case ll.seqs != nil:
		for _, e := range entries {
			*ll.seqs = append(*ll.seqs, strings.Fields(e))
		}
	case ll.values != nil:
		*ll.values = make(map[string]string, len(entries))
		for k, e := range entries {
			(*ll.values)[e] = values[k]
		}
	case ll.words != nil && len(entries) > 0:
		quoted := make([]string, len(entries))
		for k, e := range entries {
			quoted[k] = regexp.QuoteMeta(e)
		}
		re, err := regexp.Compile(`\b(` + strings.Join(quoted, "|") + `)\b`)
		if err != nil {
			return &lexiconError{file: file, err: err}
		}
		*ll.words = re
	}
	return nil
}

// dataLines yields the lines of a lexicon file with their 1-based
// numbers, for errors, and without their "#" comments.
func dataLines(text string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for n, line := range strings.Split(text, "\n") {
			if k := commentStart(line); k >= 0 {
				line = line[:k]
			}
			if !yield(n+1, line) {
				return
			}
		}
	}
}

// commentStart returns where a "#" comment starts in line: at its start
// or after a space or tab. It returns -1 when line has none.
func commentStart(line string) int {
	for k := 0; k < len(line); k++ {
		if line[k] == '#' && (k == 0 || line[k-1] == ' ' || line[k-1] == '\t') {
			return k
		}
	}
	return -1
}

// category returns the names of the lists that hold the folded word w,
// alone or as the longest word of a phrase ("support" is in partner_cues
// through "with the support of"; "the" is not), in the order of lists(),
// or nil. The model's features read it, so a word added to a list
// reaches them without code. The slice is shared: callers must not
// change it.
func (l *lexicon) category(w string) []string {
	return l.categories[w]
}
