package extract

// Span is a half-open byte range [Start, End) of an article's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Of returns the text the span covers.
func (s Span) Of(text string) string { return text[s.Start:s.End] }

// Document is an article's text split into sentences and tokens, each with
// byte offsets into Text.
type Document struct {
	Text      string
	Sentences []Span
	Tokens    []Token
}

// Token is one word or punctuation mark. Text is the source text at Span,
// not prose's rewriting of it (prose turns curly quotes into straight ones).
type Token struct {
	Span
	Text string
}

// Mention kinds.
const (
	KindCountry   = "country" // a country by name, short form or demonym
	KindCount     = "count"   // a number of people of a group
	KindDate      = "date"    // a date or relative date expression
	KindPartner   = "partner" // an organisation or state that helped
	KindOperation = "operation"
	KindTrigger   = "trigger" // a repatriation verb or noun
)

// Mention is one thing found in the text: a country, a count, a date, a
// partner, an operation name or a repatriation trigger.
type Mention struct {
	Kind      string `json:"kind"`
	Span      Span   `json:"span"`
	Text      string `json:"text"`                // Text[Span.Start:Span.End]
	Value     string `json:"value"`               // normalised: ISO code, date, integer, partner id
	Group     string `json:"group,omitempty"`     // counts: total, women, men, children, adults, orphans
	Qualifier string `json:"qualifier,omitempty"` // counts: about, more_than, at_least, less_than, up_to
	Sentence  int    `json:"sentence"`            // index into Document.Sentences
	Rule      string `json:"rule"`
}

// Event is one repatriation: a country bringing a group of its nationals
// home. Field meanings follow the corpus guide; Evidence ties each value to
// the text.
type Event struct {
	Country    string            `json:"country"`
	From       []string          `json:"from"`
	Date       string            `json:"date"` // YYYY-MM-DD, YYYY-MM, YYYY, XXXX-MM-DD or ""
	Counts     map[string]int    `json:"counts"`
	Qualifiers map[string]string `json:"qualifiers"`
	Derived    []string          `json:"derived"` // count keys computed, not stated
	Partners   []Partner         `json:"partners"`
	Operation  string            `json:"operation"`
	Aggregate  bool              `json:"aggregate"`
	Confidence float64           `json:"confidence"`
	Evidence   []Evidence        `json:"evidence"`
}

// Partner is an organisation or state that helped with an event. ID is a
// canonical short name (UNICEF, ICRC, SDF, or an ISO code for a state); Name
// is the form the text used.
type Partner struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Evidence ties one field of an event to the text: Span covers the words
// that state it, Sentence the sentence they stand in.
type Evidence struct {
	Field    string `json:"field"` // country, from, date, counts.women, partners, operation, event
	Text     string `json:"text"`
	Span     Span   `json:"span"`
	Sentence Span   `json:"sentence"`
	Rule     string `json:"rule"`
}

// Result is everything extraction found in one article.
type Result struct {
	Document Document
	Mentions []Mention
	Events   []Event
}
