package extract

import (
	"slices"
	"strconv"
	"strings"
)

// CountGroups are the groups an event counts people by, in the order
// pages, correction forms and CSV columns list them.
var CountGroups = []string{GroupTotal, GroupWomen, GroupMen, GroupChildren, GroupAdults, GroupOrphans}

// Qualifiers are the words a count that is not exact carries, as in the
// corpus guide.
var Qualifiers = []string{"about", "more_than", "at_least", "less_than", "up_to"}

// Field is one field of an Event, as evidence rows, exports, the review
// page and corrections name it. Fields lists them; code that shows, checks
// or exports every field walks that list rather than naming each field.
type Field struct {
	// Name is the field's name in evidence rows and exports: "country",
	// "counts.women".
	Name string
	// Text prints the field's value in ev the way a reader says it:
	// "SY, IQ", "more than 600"; "" when it is not stated.
	Text func(ev Event) string
}

// Fields returns an event's fields in reading order: country, from, date,
// one counts.GROUP field per count group, partners, operation, aggregate.
func Fields() []Field {
	fs := []Field{
		{"country", func(ev Event) string { return ev.Country }},
		{"from", func(ev Event) string { return strings.Join(ev.From, ", ") }},
		{"date", func(ev Event) string { return ev.Date }},
	}
	for _, g := range CountGroups {
		fs = append(fs, Field{"counts." + g, func(ev Event) string { return CountText(ev, g) }})
	}
	return append(fs,
		Field{"partners", func(ev Event) string { return PartnersText(ev.Partners) }},
		Field{"operation", func(ev Event) string { return ev.Operation }},
		Field{"aggregate", func(ev Event) string { return strconv.FormatBool(ev.Aggregate) }},
	)
}

// FieldText prints the field called name of ev, as Fields' Text does; ""
// for an unknown name.
func FieldText(ev Event, name string) string {
	for _, f := range Fields() {
		if f.Name == name {
			return f.Text(ev)
		}
	}
	return ""
}

// CountText prints one count as a reader says it: "more than 600", with
// " (derived)" for a count computed rather than read; "" when ev has no
// count for group.
func CountText(ev Event, group string) string {
	n, ok := ev.Counts[group]
	if !ok {
		return ""
	}
	s := strconv.Itoa(n)
	if q := ev.Qualifiers[group]; q != "" {
		s = strings.ReplaceAll(q, "_", " ") + " " + s
	}
	if slices.Contains(ev.Derived, group) {
		s += " (derived)"
	}
	return s
}

// PartnersText prints partners as "UNICEF, US (the United States)": each
// id, with the words the text used when they differ.
func PartnersText(ps []Partner) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.ID
		if p.Name != "" && p.Name != p.ID {
			parts[i] += " (" + p.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}
