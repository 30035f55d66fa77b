package extract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"

	"github.com/newsfacts/newsfacts/ingest"
)

// Version names the extraction rules. The store re-extracts an unchanged
// article when the version it was extracted with differs.
const Version = "0.5.0"

// Options configure an Extractor. The zero value is usable.
type Options struct {
	// NER runs prose's named-entity recogniser on the sentences where a
	// helper cue is followed by capitalised words no gazetteer covers, to
	// propose organisations the gazetteers lack. Off by default: on the
	// 185 articles of the development corpus, seeds, holdout, samples and
	// golden fixtures it ran on 20 sentences and changed no event, no
	// candidate and no score, while its model costs about 120 MB of memory
	// and the tagging about a sixth of extraction time.
	NER bool
	// Model decides which proposed values stand; nil uses the model
	// embedded in the binary (DefaultModel).
	Model *Model
	// RulesOnly returns the events as the rules assemble them, with no
	// model: the baseline the model is measured against.
	RulesOnly bool
}

// Extractor finds repatriation events. It is safe for concurrent use: the
// gazetteers and rules are built once in New and only read afterwards, and
// the prose model (with Options.NER) is loaded once and shared.
type Extractor struct {
	opts Options
	// loadNER loads prose's model the first time a sentence needs it:
	// about 120 MB that most articles never use.
	loadNER     func() (*prose.Model, error)
	decider     *Model // nil with RulesOnly
	countries   *countryGazetteer
	orgs        *orgGazetteer
	dateRules   []dateRule
	opRules     []operationRule
	partnerCues cueIndex
	partnerIDs  PartnerIDs
	lex         *lexicon
}

// New returns an Extractor, loading the models it needs once.
func New(opts Options) (*Extractor, error) {
	lex, err := loadLexicon(lexiconFiles, "repatriation")
	if err != nil {
		return nil, err
	}
	x := &Extractor{
		opts:        opts,
		countries:   newCountryGazetteer(lex.countries, lex.capitals, lex.heldPlaces),
		orgs:        newOrgGazetteer(lex.organisations),
		dateRules:   newDateRules(),
		partnerCues: newCueIndex(lex.partnerCues),
		lex:         lex,
	}
	x.partnerIDs = newPartnerIDs(lex.organisations, x.countries)
	if x.opRules, err = newOperationRules(lex); err != nil {
		return nil, err
	}
	if !opts.RulesOnly {
		x.decider = opts.Model
		if x.decider == nil {
			m, err := DefaultModel()
			if err != nil {
				return nil, err
			}
			x.decider = m
		}
	}
	x.loadNER = sync.OnceValues(func() (*prose.Model, error) {
		doc, err := prose.NewDocument("", prose.WithSegmentation(false), prose.WithTokenization(false))
		if err != nil {
			return nil, fmt.Errorf("load prose model: %w", err)
		}
		return doc.Model, nil
	})
	return x, nil
}

// Extract analyses one article. Every span in the result is a byte offset
// into a.Text. Events come in the order their first evidence appears.
func (x *Extractor) Extract(ctx context.Context, a ingest.Article) (*Result, error) {
	p, err := x.Propose(ctx, a)
	if err != nil {
		return nil, err
	}
	events := p.Events
	if x.decider != nil {
		events = x.decider.Decide(p)
	}
	return &Result{Document: p.Document, Mentions: p.Mentions, Events: events}, nil
}

// Propose runs the rules and proposers over one article: the events as
// the rules assemble them, and every candidate value a model may keep
// (Model.Decide). Training and cross-validation propose once and decide
// with many models.
func (x *Extractor) Propose(ctx context.Context, a ingest.Article) (*Proposal, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var pub time.Time
	if a.Published != "" {
		t, err := time.Parse("2006-01-02", a.Published)
		if err != nil {
			return nil, fmt.Errorf("article %s: published %q: %w", a.SourceID, a.Published, err)
		}
		pub = t
	}
	doc := Document{Text: a.Text, Sentences: splitSentences(a.Text)}
	sents, toks := x.prepare(a, doc.Sentences)
	doc.Tokens = toks
	main := x.mainCountry(sents)
	parts, mentions, err := x.partials(sents, pub)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	glossOperations(parts)
	hold, holdSent := x.heldIn(sents)
	events, stated := assemble(parts, main, hold, holdSent)
	sort.SliceStable(mentions, func(i, j int) bool {
		if mentions[i].Span.Start != mentions[j].Span.Start {
			return mentions[i].Span.Start < mentions[j].Span.Start
		}
		return mentions[i].Kind < mentions[j].Kind
	})
	p := &Proposal{SourceID: a.SourceID, Published: a.Published, Document: doc, Mentions: mentions, Events: events, stated: stated}
	// A day's year may be stated in a later sentence, so it is given once
	// every sentence's dates are known, to each place a date stands.
	year := statedYears(mentions, pub)
	for k := range events {
		events[k].Date = year(events[k].Date)
	}
	for k := range mentions {
		if mentions[k].Kind == KindDate {
			mentions[k].Value = year(mentions[k].Value)
		}
	}
	if !x.opts.RulesOnly {
		p.cands = x.propose(sents, events, main.code, pub)
		for k := range p.cands {
			if p.cands[k].kind == "date" {
				p.cands[k].value = year(p.cands[k].value)
			}
		}
		fc := newFeatureContext(sents, events, p.cands, main.code, pub)
		for i := range p.cands {
			p.cands[i].feats = fc.features(p.cands[i])
		}
	}
	return p, nil
}

// prepare tokenizes the sentences of a and matches them against the
// gazetteers and trigger words. It returns the sentences and all their
// tokens in order, the Document's: the sentences' tokens are parts of
// that one slice, not copies.
func (x *Extractor) prepare(a ingest.Article, spans []Span) ([]*sentence, []Token) {
	// News text averages about six bytes a token; a longer guess costs
	// less than growing the slice.
	toks := make([]Token, 0, len(a.Text)/4+1)
	ends := make([]int, len(spans))
	for i, sp := range spans {
		toks = tokenize(a.Text, sp, toks)
		ends[i] = len(toks)
	}
	if len(toks) == 0 {
		toks = nil
	}
	sents := make([]*sentence, len(spans))
	start := 0
	for i, sp := range spans {
		s := newSentenceTokens(a.Text, i, sp, toks[start:ends[i]:ends[i]])
		start = ends[i]
		s.lex = x.lex
		s.findOrgs(x.orgs, x.countries)
		s.findCountries(x.countries)
		s.findRegionalBodies()
		s.findTriggers()
		sents[i] = s
	}
	if len(sents) > 0 && a.Title != "" && strings.TrimSpace(a.Title) == sents[0].span.Of(a.Text) {
		sents[0].title = true
	}
	markCaptions(sents)
	return sents, toks
}

// maxCaptionLine is the longest line taken for a caption: in a longer one
// (a text that lost its line breaks) only the sentence that credits the
// photo is.
const maxCaptionLine = 500

// markCaptions marks the sentences of photo captions: every sentence of
// a short line that credits a photo ("File photo: Delil Souleiman/AFP").
// A caption tells of the photo, not of the article's transfer.
func markCaptions(sents []*sentence) {
	if len(sents) == 0 {
		return
	}
	src := sents[0].src
	// Each sentence's line start, found by scanning the text once.
	starts := make([]int, len(sents))
	credits := make([]bool, len(sents))
	line, pos := 0, 0
	for k, s := range sents {
		if i := strings.LastIndexByte(src[pos:s.span.Start], '\n'); i >= 0 {
			line = pos + i + 1
		}
		pos = s.span.Start
		starts[k] = line
		credits[k] = s.creditsPhoto()
	}
	for k := 0; k < len(sents); {
		m, credit := k, false
		for m < len(sents) && starts[m] == starts[k] {
			credit = credit || credits[m]
			m++
		}
		short := sents[m-1].span.End-starts[k] <= maxCaptionLine
		for i := k; i < m; i++ {
			sents[i].caption = credit && short || credits[i]
		}
		k = m
	}
}

// creditsPhoto reports whether s holds a caption cue ("Photo:", "Getty").
func (s *sentence) creditsPhoto() bool {
	for i := range s.low {
		if s.phraseAt(i, s.lex.captionCues) > 0 {
			return true
		}
	}
	return false
}

// partials runs the rules over each sentence, with prose on those that
// report a transfer or name helpers.
func (x *Extractor) partials(sents []*sentence, pub time.Time) ([]*partial, []Mention, error) {
	var parts []*partial
	var mentions []Mention
	for k, s := range sents {
		if k > 0 {
			s.inheritGroup(sents[k-1])
		}
		ps, ms, err := x.sentencePartials(s, pub)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, ps...)
		mentions = append(mentions, ms...)
	}
	return parts, mentions, nil
}

// mainCountryRef is the article's main country and the mention that
// names it first.
type mainCountryRef struct {
	code string
	sent *sentence
	hit  countryHit
	ev   *Evidence // set instead of sent and hit when an event decided it
}

// mainCountry picks the country the article is about: nationalities of
// people count most ("Uzbek women", "Kazakhs"), the title counts double,
// and places people are held in count nothing when named as a location.
func (x *Extractor) mainCountry(sents []*sentence) mainCountryRef {
	votes := map[string]int{}
	first := map[string]mainCountryRef{}
	order := []string{}
	for _, s := range sents {
		for _, c := range s.countries {
			w := 1
			switch {
			case c.kind == "people", c.kind == "adj" && (s.lex.groupNouns[s.lowAt(c.j)] != "" || s.lex.mainCountryNouns[s.lowAt(c.j)]):
				w = 3
			case x.countries.hold[c.code] && c.kind == "adj", c.kind == "place", c.kind == "capital":
				w = 0
			case x.countries.hold[c.code] && s.has(c.i-1, "in", "from", "across", "into", "at", "of") || x.countries.hold[c.code] && s.isDirection(c.i-1):
				w = 0
			}
			if s.title {
				w *= 2
			}
			if s.caption {
				w = 0
			}
			if f, ok := first[c.code]; !ok {
				first[c.code] = mainCountryRef{code: c.code, sent: s, hit: c}
				order = append(order, c.code)
			} else if (f.hit.kind == "place" || f.hit.kind == "capital") && c.kind != "place" && c.kind != "capital" {
				first[c.code] = mainCountryRef{code: c.code, sent: s, hit: c}
			}
			votes[c.code] += w
		}
	}
	best := ""
	for _, code := range order {
		if best == "" || votes[code] > votes[best] {
			best = code
		}
	}
	if best == "" || votes[best] == 0 {
		return mainCountryRef{}
	}
	return first[best]
}

// nerOrgs runs prose's entity recogniser on s, a sentence that names
// helpers, and adds the organisations it finds that the gazetteer lacks.
// prose's label alone is not trusted (it tags UNICEF as a person): a
// candidate must look like an organisation. Only entities are asked for:
// nothing reads part-of-speech tags.
func (x *Extractor) nerOrgs(s *sentence) error {
	model, err := x.loadNER()
	if err != nil {
		return err
	}
	pd, err := prose.NewDocument(s.span.Of(s.src), prose.UsingModel(model), prose.WithSegmentation(false))
	if err != nil {
		return fmt.Errorf("ner on sentence %d: %w", s.idx, err)
	}
	for _, e := range pd.Entities() {
		if !x.looksLikeOrg(e.Text) {
			continue
		}
		s.addOrgCandidate(e.Text, "ner."+strings.ToLower(e.Label), x.acronymCountry(s.src, e.Text))
	}
	return nil
}

// looksLikeOrg keeps organisation candidates that name one: a head word
// such as "Office" or "Foundation", or an acronym.
func (x *Extractor) looksLikeOrg(text string) bool {
	if x.lex.orgHeads != nil && x.lex.orgHeads.MatchString(text) {
		return true
	}
	return len(text) >= 3 && len(text) <= 6 && strings.ToUpper(text) == text && !strings.ContainsAny(text, " .")
}

// heldIn returns where the article says its people come from: the place
// most named after "from" ("await repatriation from Syria", "from
// northeast Syria"), with its first such mention. Only sentences that
// report no transfer of their own vote: "Kosovo took back 110 nationals
// from Syria" tells where Kosovo's people came from, not the article's.
// A place people are merely held in ("40 children still held in camps in
// Syria") says nothing of where a transfer the article recalls came from.
func (x *Extractor) heldIn(sents []*sentence) (*fromHit, *sentence) {
	votes := map[string]int{}
	first := map[string]*fromHit{}
	firstSent := map[string]*sentence{}
	var order []string
	for _, s := range sents {
		if s.hasEventTrigger() {
			continue
		}
		for _, c := range s.countries {
			if !c.hold || c.kind != "name" && c.kind != "place" {
				continue
			}
			if !s.has(c.i-1, "from") && !(s.isDirection(c.i-1) && s.has(c.i-2, "from")) {
				continue
			}
			if first[c.code] == nil {
				first[c.code] = &fromHit{c.code, s.spanOf(c.i, c.j), "from.article"}
				firstSent[c.code] = s
				order = append(order, c.code)
			}
			votes[c.code]++
		}
	}
	best := ""
	for _, code := range order {
		if best == "" || votes[code] > votes[best] {
			best = code
		}
	}
	if best == "" {
		return nil, nil
	}
	return first[best], firstSent[best]
}

// acronymCountry returns the country of an acronym the text defines after
// a national name: "the Sudanese National Intelligence and Security
// Services (NISS)" makes NISS Sudanese, so it is never a partner of Sudan.
func (x *Extractor) acronymCountry(text, acr string) string {
	if strings.ToUpper(acr) != acr {
		return ""
	}
	k := strings.Index(text, "("+acr+")")
	if k < 0 {
		return ""
	}
	start := max(0, k-100, strings.LastIndexByte(text[:k], '\n')+1)
	for start < k && !utf8.RuneStart(text[start]) {
		start++
	}
	s := newSentence(text, 0, Span{start, k})
	s.lex = x.lex // findCountries reads masking_names
	s.findCountries(x.countries)
	if len(s.countries) == 0 {
		return ""
	}
	return s.countries[len(s.countries)-1].code
}
