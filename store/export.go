package store

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsfacts/newsfacts/extract"
)

// Export formats.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// Values are an event's extracted or corrected fields as exported.
type Values struct {
	Country    string            `json:"country"`
	From       []string          `json:"from"`
	Date       *string           `json:"date"`
	Counts     map[string]int    `json:"counts"`
	Qualifiers map[string]string `json:"qualifiers"`
	Derived    []string          `json:"derived"`
	Partners   []extract.Partner `json:"partners"`
	Operation  *string           `json:"operation"`
	Aggregate  bool              `json:"aggregate"`
}

// ExportedEvidence is one evidence row of an exported event. Start and End
// are byte offsets into the article's stored text.
type ExportedEvidence struct {
	Field         string `json:"field"`
	Text          string `json:"text"`
	Start         int    `json:"start"`
	End           int    `json:"end"`
	SentenceStart int    `json:"sentence_start"`
	SentenceEnd   int    `json:"sentence_end"`
	Rule          string `json:"rule"`
}

// ExportedEvent is one line of the JSONL events export: the public feed
// format documented in README.md. Top-level values are the reviewed ones;
// when a reviewer corrected the event, Extracted keeps what was extracted.
type ExportedEvent struct {
	EventID string     `json:"event_id"`
	Article ArticleRef `json:"article"`
	Type    string     `json:"type"`
	Values
	Confidence float64            `json:"confidence"`
	Evidence   []ExportedEvidence `json:"evidence"`
	Status     string             `json:"status"`
	Review     *Review            `json:"review"`
	Extracted  *Values            `json:"extracted"`
	// OperationID is the operation the event belongs to (see
	// ExportOperations); null for rejected events and cumulative totals.
	OperationID *string `json:"operation_id"`
}

func valuesOf(ev extract.Event) Values {
	v := Values{
		Country:    ev.Country,
		From:       nonNil(ev.From),
		Counts:     nonNilMap(ev.Counts),
		Qualifiers: nonNilMap(ev.Qualifiers),
		Derived:    nonNil(ev.Derived),
		Partners:   nonNil(ev.Partners),
		Aggregate:  ev.Aggregate,
	}
	if ev.Date != "" {
		v.Date = &ev.Date
	}
	if ev.Operation != "" {
		v.Operation = &ev.Operation
	}
	return v
}

// Exported converts a fact to its export form.
func (f Fact) Exported() ExportedEvent {
	out := ExportedEvent{
		EventID:    f.Key,
		Article:    f.Article,
		Type:       "repatriation",
		Values:     valuesOf(f.Current()),
		Confidence: f.Event.Confidence,
		Evidence:   make([]ExportedEvidence, 0, len(f.Event.Evidence)),
		Status:     f.Status(),
		Review:     f.Review,
	}
	for _, e := range f.Current().Evidence { // with what reviewers selected, rule "reviewer"
		out.Evidence = append(out.Evidence, ExportedEvidence{e.Field, e.Text, e.Span.Start, e.Span.End, e.Sentence.Start, e.Sentence.End, e.Rule})
	}
	if f.Review != nil && !f.Review.Correction.Empty() {
		ext := valuesOf(f.Event)
		out.Extracted = &ext
	}
	if f.Operation != "" {
		out.OperationID = &f.Operation
	}
	return out
}

// ExportEvents writes the facts f selects to w as JSONL (one ExportedEvent a
// line) or CSV (counts and their qualifiers flattened into columns). It
// streams, and returns how many events it wrote.
func (db *DB) ExportEvents(ctx context.Context, w io.Writer, format string, f Filter) (int, error) {
	n := 0
	switch format {
	case FormatJSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		err := db.eachFact(ctx, f, func(fact Fact) error {
			n++
			return enc.Encode(fact.Exported())
		})
		return n, err
	case FormatCSV:
		cw := csv.NewWriter(w)
		head := []string{"event_id", "article_id", "source_id", "url", "title", "published", "country", "from", "date"}
		for _, g := range extract.CountGroups {
			head = append(head, g, g+"_qualifier")
		}
		head = append(head, "derived", "partners", "operation", "aggregate", "confidence", "status", "stale", "evidence", "operation_id")
		if err := cw.Write(head); err != nil {
			return 0, err
		}
		err := db.eachFact(ctx, f, func(fact Fact) error {
			n++
			e := fact.Exported()
			row := []string{e.EventID, e.Article.Key, e.Article.SourceID, e.Article.URL, e.Article.Title, e.Article.Published,
				e.Country, strings.Join(e.From, ";"), deref(e.Date)}
			for _, g := range extract.CountGroups {
				c := ""
				if v, ok := e.Counts[g]; ok {
					c = strconv.Itoa(v)
				}
				row = append(row, c, e.Qualifiers[g])
			}
			var partners []string
			for _, p := range e.Partners {
				partners = append(partners, p.ID)
			}
			var sentences []string
			for _, ev := range e.Evidence {
				sentences = append(sentences, fmt.Sprintf("%s@%d-%d", ev.Field, ev.Start, ev.End))
			}
			row = append(row, strings.Join(e.Derived, ";"), strings.Join(partners, ";"), deref(e.Operation),
				strconv.FormatBool(e.Aggregate), strconv.FormatFloat(e.Confidence, 'f', 2, 64), e.Status,
				strconv.FormatBool(e.Review != nil && e.Review.Stale), strings.Join(sentences, ";"), deref(e.OperationID))
			return cw.Write(neutralise(row))
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		return n, err
	case FormatLabelStudio:
		return db.exportLabelStudio(ctx, w, f)
	}
	return 0, fmt.Errorf("unknown export format %q (want jsonl, csv or labelstudio)", format)
}

// ExportedArticle is one line of the articles export.
type ExportedArticle struct {
	ID              string `json:"id"`
	SourceID        string `json:"source_id"`
	URL             string `json:"url"`
	Title           string `json:"title"`
	Published       string `json:"published"`
	PublishedSource string `json:"published_source"`
	Site            string `json:"site"`
	Language        string `json:"language"`
	Text            string `json:"text"`
}

// ExportArticles writes every stored article, ordered by source id, as JSONL
// or CSV, and returns how many it wrote.
func (db *DB) ExportArticles(ctx context.Context, w io.Writer, format string) (int, error) {
	if format != FormatJSONL && format != FormatCSV {
		return 0, fmt.Errorf("unknown export format %q (want jsonl or csv)", format)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT article_key, source_id, url, title, published, published_source, site, language, text
		FROM articles ORDER BY source_id`)
	if err != nil {
		return 0, fmt.Errorf("export articles: %w", describe(err))
	}
	defer rows.Close()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	cw := csv.NewWriter(w)
	if format == FormatCSV {
		if err := cw.Write([]string{"id", "source_id", "url", "title", "published", "published_source", "site", "language", "text"}); err != nil {
			return 0, err
		}
	}
	n := 0
	for rows.Next() {
		var a ExportedArticle
		if err := rows.Scan(&a.ID, &a.SourceID, &a.URL, &a.Title, &a.Published, &a.PublishedSource, &a.Site, &a.Language, &a.Text); err != nil {
			return n, fmt.Errorf("export articles: %w", err)
		}
		if format == FormatJSONL {
			err = enc.Encode(a)
		} else {
			err = cw.Write(neutralise([]string{a.ID, a.SourceID, a.URL, a.Title, a.Published, a.PublishedSource, a.Site, a.Language, a.Text}))
		}
		if err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, rows.Err()
}

// neutralise defuses CSV formula injection as OWASP advises: a cell that
// starts with = + - @, a tab or a carriage return would run as a formula when
// the feed is opened in a spreadsheet (article titles and text are
// untrusted), so it gets a leading apostrophe. It changes row in place.
func neutralise(row []string) []string {
	for i, c := range row {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			row[i] = "'" + c
		}
	}
	return row
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
