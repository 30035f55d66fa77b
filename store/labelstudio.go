package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsfacts/newsfacts/extract"
)

// FormatLabelStudio is the export format for Label Studio: a JSON array
// of tasks, one per event, with the article text and the extracted values'
// evidence as pre-annotated spans. LabelStudioConfig is the labeling
// interface the tasks are made for; ReadLabelStudio reads the finished
// annotations back.
const FormatLabelStudio = "labelstudio"

// LabelStudioConfig is the Label Studio labeling interface for exported
// tasks: the text with one label per field (the evidence spans), a
// decision, a correction box taking "field=value" lines, a reason and a
// note.
func LabelStudioConfig() string {
	var labels strings.Builder
	for _, f := range append([]string{"event"}, fieldNames()...) {
		fmt.Fprintf(&labels, "    <Label value=%q/>\n", f)
	}
	return `<View>
  <Header value="$title"/>
  <Text name="text" value="$text"/>
  <Labels name="field" toName="text">
` + labels.String() + `  </Labels>
  <Header value="Extracted: $values"/>
  <Choices name="decision" toName="text" choice="single" required="true">
    <Choice value="accept"/>
    <Choice value="reject"/>
  </Choices>
  <TextArea name="correction" toName="text" placeholder="one field=value a line: counts.total=38, date=2023-02-01, from=SY,IQ, partners=UNICEF,US"/>
  <TextArea name="reason" toName="text" placeholder="why it is wrong (if rejected)"/>
  <TextArea name="note" toName="text"/>
</View>
`
}

// fieldNames are the names a correction line may set: the field table's,
// and qualifiers.GROUP.
func fieldNames() []string {
	var names []string
	for _, f := range extract.Fields() {
		names = append(names, f.Name)
	}
	return names
}

// lsTask is one Label Studio task, as exported and as read back.
type lsTask struct {
	Data struct {
		Text    string `json:"text"`
		EventID string `json:"event_id"`
		Article string `json:"article_id"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		Values  string `json:"values"`
		// Version is the event's version when exported: a decision made in
		// Label Studio is refused if the event changed since.
		Version string `json:"version"`
	} `json:"data"`
	Predictions []lsAnnotation `json:"predictions,omitempty"`
	Annotations []lsAnnotation `json:"annotations,omitempty"`
}

type lsAnnotation struct {
	ModelVersion string     `json:"model_version,omitempty"`
	Score        *float64   `json:"score,omitempty"`
	Result       []lsResult `json:"result"`
	WasCancelled bool       `json:"was_cancelled,omitempty"`
	CompletedBy  any        `json:"completed_by,omitempty"` // a user id, or an object with an email
	UpdatedAt    string     `json:"updated_at,omitempty"`
}

type lsResult struct {
	ID       string  `json:"id,omitempty"`
	FromName string  `json:"from_name"`
	ToName   string  `json:"to_name"`
	Type     string  `json:"type"`
	Value    lsValue `json:"value"`
}

type lsValue struct {
	Start   *int            `json:"start,omitempty"`
	End     *int            `json:"end,omitempty"`
	Text    json.RawMessage `json:"text,omitempty"` // a string for spans, a list for text areas
	Labels  []string        `json:"labels,omitempty"`
	Choices []string        `json:"choices,omitempty"`
}

// exportLabelStudio writes the facts f selects as Label Studio tasks.
// Offsets are in Unicode code points, as Label Studio counts them.
func (db *DB) exportLabelStudio(ctx context.Context, w io.Writer, f Filter) (int, error) {
	n := 0
	if _, err := io.WriteString(w, "["); err != nil {
		return 0, err
	}
	err := db.eachFact(ctx, f, func(fact Fact) error {
		art, err := db.Article(ctx, fact.Article.Key)
		if err != nil {
			return err
		}
		var t lsTask
		t.Data.Text, t.Data.EventID, t.Data.Article = art.Article.Text, fact.Key, fact.Article.Key
		t.Data.Title, t.Data.URL, t.Data.Version = fact.Article.Title, fact.Article.URL, fact.Version
		t.Data.Values = valuesLine(fact.Current())
		conf := fact.Event.Confidence
		pred := lsAnnotation{ModelVersion: "newsfacts " + extract.Version, Score: &conf}
		for i, e := range fact.Event.Evidence {
			start, end := runeOffset(t.Data.Text, e.Span.Start), runeOffset(t.Data.Text, e.Span.End)
			text, _ := json.Marshal(e.Text)
			pred.Result = append(pred.Result, lsResult{ID: fmt.Sprintf("%s-%d", fact.Key, i), FromName: "field", ToName: "text",
				Type: "labels", Value: lsValue{Start: &start, End: &end, Text: text, Labels: []string{e.Field}}})
		}
		t.Predictions = []lsAnnotation{pred}
		b, err := json.Marshal(t)
		if err != nil {
			return err
		}
		sep := ",\n"
		if n == 0 {
			sep = "\n"
		}
		n++
		_, err = io.WriteString(w, sep+string(b))
		return err
	})
	if err != nil {
		return n, err
	}
	_, err = io.WriteString(w, "\n]\n")
	return n, err
}

// valuesLine prints an event's values for the task's header.
func valuesLine(ev extract.Event) string {
	var parts []string
	for _, f := range extract.Fields() {
		if v := f.Text(ev); v != "" && (f.Name != "aggregate" || ev.Aggregate) {
			parts = append(parts, f.Name+"="+v)
		}
	}
	return strings.Join(parts, "; ")
}

func runeOffset(s string, byteOff int) int { return utf8.RuneCountInString(s[:byteOff]) }

// ImportedReview is one decision read from a Label Studio export.
type ImportedReview struct {
	Task     int    // 1-based place in the file, for messages
	EventKey string // the event it is about
	Decision Decision
}

// ReadLabelStudio reads a Label Studio JSON export of tasks made by
// ExportEvents in FormatLabelStudio, and returns a decision for each task
// with a finished annotation: the latest one that was not cancelled. The
// decision carries the task's version, so SetReview refuses it if the event
// changed since the export. Reviewer is the annotation's completer unless
// reviewer is set. Tasks with no annotation are skipped; a task whose
// annotation cannot be read is an error naming the task.
func ReadLabelStudio(r io.Reader, reviewer string) ([]ImportedReview, error) {
	var tasks []lsTask
	if err := json.NewDecoder(r).Decode(&tasks); err != nil {
		return nil, fmt.Errorf("read Label Studio export: %w", err)
	}
	var out []ImportedReview
	for i, t := range tasks {
		var done []lsAnnotation
		for _, a := range t.Annotations {
			if !a.WasCancelled {
				done = append(done, a)
			}
		}
		if len(done) == 0 {
			continue
		}
		if t.Data.EventID == "" {
			return nil, fmt.Errorf("task %d: no data.event_id: not a newsfacts task", i+1)
		}
		latest := slices.MaxFunc(done, func(a, b lsAnnotation) int { return strings.Compare(a.UpdatedAt, b.UpdatedAt) })
		d, err := decisionOf(latest)
		if err != nil {
			return nil, fmt.Errorf("task %d (event %s): %w", i+1, t.Data.EventID, err)
		}
		d.Version, d.Reviewer = t.Data.Version, reviewer
		if d.Reviewer == "" {
			d.Reviewer = completer(latest.CompletedBy)
		}
		out = append(out, ImportedReview{Task: i + 1, EventKey: t.Data.EventID, Decision: d})
	}
	return out, nil
}

// decisionOf reads an annotation's decision, correction, reason and note.
func decisionOf(a lsAnnotation) (Decision, error) {
	var d Decision
	var corr []string
	for _, r := range a.Result {
		switch r.FromName {
		case "decision":
			if len(r.Value.Choices) != 1 {
				return d, fmt.Errorf("decision: want one choice, got %q", r.Value.Choices)
			}
			d.Status = map[string]string{"accept": StatusAccepted, "reject": StatusRejected}[r.Value.Choices[0]]
			if d.Status == "" {
				return d, fmt.Errorf("decision %q: want accept or reject", r.Value.Choices[0])
			}
		case "correction", "reason", "note":
			var lines []string
			if err := json.Unmarshal(r.Value.Text, &lines); err != nil {
				return d, fmt.Errorf("%s: want a list of text: %w", r.FromName, err)
			}
			switch r.FromName {
			case "correction":
				corr = append(corr, lines...)
			case "reason":
				d.Reason = strings.Join(lines, "\n")
			case "note":
				d.Note = strings.Join(lines, "\n")
			}
		}
	}
	if d.Status == "" {
		return d, errors.New("no decision (accept or reject)")
	}
	c, err := parseCorrectionLines(corr)
	if err != nil {
		return d, err
	}
	if !c.Empty() {
		if d.Status == StatusRejected {
			return d, errors.New("a rejected event carries no correction")
		}
		d.Status, d.Correction = StatusCorrected, c
	}
	return d, nil
}

// parseCorrectionLines reads "field=value" lines, field being a name from
// the field table (country, from, date, counts.women, partners, operation,
// aggregate) or qualifiers.GROUP. Lists are comma-separated; an empty
// value clears a field. Counts and qualifiers hold only the groups the
// lines name: ImportReviews lays them over the event's own.
func parseCorrectionLines(lines []string) (Correction, error) {
	var c Correction
	counts, quals := map[string]int{}, map[string]string{}
	for _, line := range lines {
		for _, l := range strings.Split(line, "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			name, value, ok := strings.Cut(l, "=")
			if !ok {
				return c, fmt.Errorf("correction %q: want field=value", l)
			}
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			list := func() []string {
				out := []string{}
				for _, v := range strings.Split(value, ",") {
					if v = strings.TrimSpace(v); v != "" {
						out = append(out, v)
					}
				}
				return out
			}
			switch {
			case name == "country":
				c.Country = &value
			case name == "from":
				from := list()
				c.From = &from
			case name == "date":
				c.Date = &value
			case name == "operation":
				c.Operation = &value
			case name == "aggregate":
				b, err := strconv.ParseBool(value)
				if err != nil {
					return c, fmt.Errorf("correction %q: want true or false", l)
				}
				c.Aggregate = &b
			case name == "partners":
				ps := []extract.Partner{}
				for _, id := range list() {
					ps = append(ps, extract.Partner{ID: id, Name: id})
				}
				c.Partners = &ps
			case strings.HasPrefix(name, "counts."):
				n, err := strconv.Atoi(value)
				if err != nil {
					return c, fmt.Errorf("correction %q: not a whole number", l)
				}
				counts[strings.TrimPrefix(name, "counts.")] = n
			case strings.HasPrefix(name, "qualifiers."):
				quals[strings.TrimPrefix(name, "qualifiers.")] = value
			default:
				return c, fmt.Errorf("correction %q: unknown field (want %s or qualifiers.GROUP)", l, strings.Join(fieldNames(), ", "))
			}
		}
	}
	if len(counts) > 0 {
		c.Counts = &counts
	}
	if len(quals) > 0 {
		c.Qualifiers = &quals
	}
	return c, nil
}

// completer names an annotation's author: Label Studio writes a user id,
// or a user object with an email.
func completer(v any) string {
	switch u := v.(type) {
	case string:
		return u
	case float64:
		return "labelstudio:" + strconv.Itoa(int(u))
	case map[string]any:
		if e, ok := u["email"].(string); ok {
			return e
		}
	}
	return ""
}

// ImportReport says what ImportReviews did.
type ImportReport struct {
	Stored    int
	Conflicts []ImportedReview // the event changed since the export: decide again
	Missing   []ImportedReview // no such event any more
}

// ImportReviews stores decisions read by ReadLabelStudio, each by
// SetReview's compare-and-set: a decision on an event that changed since
// the export is not stored but listed in Conflicts, and one on an event
// that is gone in Missing. Counts, qualifiers and partners a correction
// names are laid over the event's own, so "counts.total=38" keeps the
// other groups. Corrected partners must be in known or the event's own
// (see Decision.KnownPartners). It stops at the first other error (an
// invalid value), naming the task.
func (db *DB) ImportReviews(ctx context.Context, reviews []ImportedReview, known extract.PartnerIDs) (ImportReport, error) {
	var rep ImportReport
	for _, ir := range reviews {
		f, err := db.Fact(ctx, ir.EventKey)
		if errors.Is(err, ErrNotFound) {
			rep.Missing = append(rep.Missing, ir)
			continue
		}
		if err != nil {
			return rep, err
		}
		d := ir.Decision
		d.Correction = d.Correction.over(f.Current())
		d.KnownPartners = known
		err = db.SetReview(ctx, ir.EventKey, d)
		switch {
		case errors.Is(err, ErrConflict):
			rep.Conflicts = append(rep.Conflicts, ir)
		case err != nil:
			return rep, fmt.Errorf("task %d: %w", ir.Task, err)
		default:
			rep.Stored++
		}
	}
	return rep, nil
}

// over lays the count groups and qualifiers c names over ev's, and keeps
// the names ev's partners have for ids c keeps.
func (c Correction) over(ev extract.Event) Correction {
	if c.Counts != nil {
		m := overlay(ev.Counts, *c.Counts)
		c.Counts = &m
	}
	if c.Qualifiers != nil {
		m := overlay(ev.Qualifiers, *c.Qualifiers)
		c.Qualifiers = &m
	}
	if c.Partners != nil {
		ps := slices.Clone(*c.Partners)
		for i, p := range ps {
			if j := slices.IndexFunc(ev.Partners, func(o extract.Partner) bool { return o.ID == p.ID }); j >= 0 {
				ps[i] = ev.Partners[j]
			}
		}
		c.Partners = &ps
	}
	return c
}

// overlay returns a copy of base with top's entries laid over it.
func overlay[V any](base, top map[string]V) map[string]V {
	m := make(map[string]V, len(base)+len(top))
	maps.Copy(m, base)
	maps.Copy(m, top)
	return m
}
