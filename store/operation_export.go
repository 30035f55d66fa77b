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
	"github.com/newsfacts/newsfacts/link"
)

// ExportedOperation is one line of the operations export: the public
// format documented in README.md. Values are the consensus of the
// operation's events; Fields lists every field with the events that state
// its value and the conflicting values with theirs.
type ExportedOperation struct {
	OperationID string            `json:"operation_id"`
	Country     string            `json:"country"`
	Date        *string           `json:"date"`
	From        []string          `json:"from"`
	Counts      map[string]int    `json:"counts"`
	Qualifiers  map[string]string `json:"qualifiers"`
	Operation   *string           `json:"operation"`
	Sources     int               `json:"sources"`
	Articles    int               `json:"articles"`
	Events      []string          `json:"events"`
	Conflicts   []string          `json:"conflicts"`
	Fields      []link.Field      `json:"fields"`
}

// Exported converts an operation to its export form.
func (o OperationView) Exported() ExportedOperation {
	c := o.Consensus
	out := ExportedOperation{
		OperationID: o.ID, Country: o.Country, From: c.From,
		Counts: map[string]int{}, Qualifiers: map[string]string{},
		Sources: c.Sources, Articles: c.Articles, Events: []string{}, Conflicts: []string{}, Fields: []link.Field{},
	}
	for _, m := range o.Members {
		out.Events = append(out.Events, m.Key)
	}
	if c.Date != nil {
		out.Date = &c.Date.Value
	}
	for _, f := range c.Counts {
		g := strings.TrimPrefix(f.Name, "counts.")
		n, q := CountValue(f.Value)
		out.Counts[g] = n
		if q != "" {
			out.Qualifiers[g] = q
		}
	}
	if c.Name != nil {
		out.Operation = &c.Name.Value
	}
	fields := c.Fields()
	for _, f := range fields {
		if len(f.Conflicts) > 0 {
			out.Conflicts = append(out.Conflicts, f.Name)
		}
	}
	out.Fields = append(out.Fields, fields...)
	return out
}

// CountValue splits a consensus count ("148", "more than 100") into the
// number and its qualifier (more_than).
func CountValue(v string) (int, string) {
	i := strings.LastIndexByte(v, ' ')
	n, _ := strconv.Atoi(v[i+1:])
	if i < 0 {
		return n, ""
	}
	return n, strings.ReplaceAll(v[:i], " ", "_")
}

// ExportOperations writes the operations f selects to w as JSONL (one
// ExportedOperation a line) or CSV, and returns how many it wrote.
func (db *DB) ExportOperations(ctx context.Context, w io.Writer, format string, f OperationFilter) (int, error) {
	if format != FormatJSONL && format != FormatCSV {
		return 0, fmt.Errorf("unknown export format %q (want jsonl or csv)", format)
	}
	ops, err := db.Operations(ctx, f)
	if err != nil {
		return 0, err
	}
	if format == FormatJSONL {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for i, o := range ops {
			if err := enc.Encode(o.Exported()); err != nil {
				return i, err
			}
		}
		return len(ops), nil
	}
	cw := csv.NewWriter(w)
	head := []string{"operation_id", "country", "date", "from"}
	for _, g := range extract.CountGroups {
		head = append(head, g, g+"_qualifier")
	}
	head = append(head, "operation", "sources", "articles", "events", "conflicts")
	if err := cw.Write(head); err != nil {
		return 0, err
	}
	for i, o := range ops {
		e := o.Exported()
		row := []string{e.OperationID, e.Country, deref(e.Date), strings.Join(e.From, ";")}
		for _, g := range extract.CountGroups {
			c := ""
			if v, ok := e.Counts[g]; ok {
				c = strconv.Itoa(v)
			}
			row = append(row, c, e.Qualifiers[g])
		}
		row = append(row, deref(e.Operation), strconv.Itoa(e.Sources), strconv.Itoa(e.Articles),
			strings.Join(e.Events, ";"), strings.Join(e.Conflicts, ";"))
		if err := cw.Write(neutralise(row)); err != nil {
			return i, err
		}
	}
	cw.Flush()
	return len(ops), cw.Error()
}
