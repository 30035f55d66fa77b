package link

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ev builds an event of article art; counts are given as group, n pairs.
func ev(key, art, pub, country, date string, counts ...any) Event {
	e := Event{Key: key, Article: art, Published: pub, Country: country, Date: date, Counts: map[string]int{}, Qualifiers: map[string]string{}}
	for i := 0; i+1 < len(counts); i += 2 {
		e.Counts[counts[i].(string)] = counts[i+1].(int)
	}
	return e
}

// linked reports whether Link puts events a and b in one operation.
func linked(t *testing.T, events []Event, a, b string) bool {
	t.Helper()
	ops := Link(events, nil, Constraints{})
	opOf := map[string]string{}
	for _, op := range ops {
		for _, m := range op.Members {
			require.NotContains(t, opOf, m, "event in two operations")
			opOf[m] = op.ID
		}
	}
	require.Contains(t, opOf, a)
	require.Contains(t, opOf, b)
	return opOf[a] == opOf[b]
}

func TestLink_rules(t *testing.T) {
	withFrom := func(e Event, from ...string) Event { e.From = from; return e }
	withName := func(e Event, name string) Event { e.Operation = name; return e }
	withQual := func(e Event, g, q string) Event { e.Qualifiers[g] = q; return e }
	aggregate := func(e Event) Event { e.Aggregate = true; return e }
	tests := []struct {
		name   string
		events []Event
		want   bool
	}{
		{"same day same counts", []Event{
			ev("a", "A", "2021-07-17", "BE", "2021-07-16", "women", 6, "children", 10),
			ev("b", "B", "2021-07-18", "BE", "2021-07-16", "women", 6, "children", 10)}, true},
		{"same day different country", []Event{
			ev("a", "A", "2021-07-17", "BE", "2021-07-16", "women", 6, "children", 10),
			ev("b", "B", "2021-07-18", "FI", "2021-07-16", "women", 6, "children", 10)}, false},
		{"two events of one article", []Event{
			ev("a", "A", "2021-07-17", "BE", "2021-07-16", "women", 6),
			ev("b", "A", "2021-07-17", "BE", "2021-07-16", "women", 6)}, false},
		{"a day apart: departure and arrival", []Event{
			ev("a", "A", "2021-10-07", "DK", "2021-10-06", "women", 3, "children", 14),
			ev("b", "B", "", "DK", "2021-10-07", "women", 3, "children", 14)}, true},
		{"a week apart", []Event{
			ev("a", "A", "", "DK", "2021-10-06", "women", 3, "children", 14),
			ev("b", "B", "", "DK", "2021-10-13", "women", 3, "children", 14)}, false},
		{"month contains day, counts equal", []Event{
			ev("a", "A", "2019-03-16", "FR", "2019-03-15", "children", 5),
			ev("b", "B", "2020-06-22", "FR", "2019-03", "children", 5)}, true},
		{"same month, different operation", []Event{
			ev("a", "A", "", "KZ", "2019-05-28", "children", 171),
			ev("b", "B", "", "KZ", "2019-05", "children", 156)}, false},
		{"rounded count on the same day", []Event{
			ev("a", "A", "2024-04-30", "TJ", "2024-04-25", "total", 47, "women", 15),
			ev("b", "B", "2024-04-25", "TJ", "2024-04-25", "total", 50)}, true},
		{"the same day, one group misread beside one equal", []Event{
			ev("a", "A", "", "TJ", "2024-04-25", "women", 15, "children", 32),
			ev("b", "B", "", "TJ", "2024-04-26", "women", 15, "children", 23)}, true},
		{"the same month, one group misread beside one equal", []Event{
			ev("a", "A", "", "TJ", "2024-04-25", "women", 15, "children", 32),
			ev("b", "B", "", "TJ", "2024-04", "women", 15, "children", 23)}, false},
		{"counts too far apart on the same day", []Event{
			ev("a", "A", "", "TJ", "2024-04-25", "total", 47),
			ev("b", "B", "", "TJ", "2024-04-25", "total", 80)}, false},
		{"one outlet gives only some groups", []Event{
			ev("a", "A", "", "AL", "2020-10", "total", 5, "women", 1, "children", 4),
			ev("b", "B", "", "AL", "2020-10", "children", 4)}, true},
		{"a total equals the other's groups", []Event{
			ev("a", "A", "", "AU", "", "total", 17),
			ev("b", "B", "", "AU", "", "women", 4, "children", 13)}, true},
		{"most groups agree, one is miscounted", []Event{
			ev("a", "A", "", "BA", "2019-12-19", "men", 7, "women", 6, "children", 12),
			ev("b", "B", "", "BA", "2019-12", "total", 24, "men", 11, "women", 6, "children", 11)}, true},
		{"a year known only from the publication date", []Event{
			ev("a", "A", "2022-06-21", "BE", "2022-06-20", "women", 6, "children", 16),
			ev("b", "B", "2022-06-25", "BE", "XXXX-06-20", "women", 6, "children", 16)}, true},
		{"a year from the publication date rules the match out", []Event{
			ev("a", "A", "2022-06-21", "BE", "2022-06-20", "children", 16),
			ev("b", "B", "2024-07-01", "BE", "XXXX-06-20", "children", 16)}, false},
		{"a roundup recalls an old operation by its exact count", []Event{
			ev("a", "A", "2022-07-26", "TJ", "2022-07-25", "total", 146, "children", 104),
			ev("b", "B", "2024-04-30", "TJ", "", "total", 146)}, true},
		{"a roundup's count recalls nothing from too long before", []Event{
			ev("a", "A", "2015-07-26", "TJ", "2015-07-25", "total", 146),
			ev("b", "B", "2024-04-30", "TJ", "", "total", 146)}, false},
		{"an undated event with only a close count stays apart", []Event{
			ev("a", "A", "", "TJ", "2022-07-25", "total", 146),
			ev("b", "B", "", "TJ", "", "total", 148)}, false},
		{"an undated event cannot report a later transfer", []Event{
			ev("a", "A", "", "TJ", "2022-07-25", "total", 146),
			ev("b", "B", "2021-01-01", "TJ", "", "total", 146)}, false},
		{"an undated event joins on the operation's name", []Event{
			withName(ev("a", "A", "", "UZ", "2019-05-30", "total", 156), "Dobro"),
			withName(ev("b", "B", "", "UZ", "", "women", 48), "Dobro")}, true},
		{"an undated event with a different count and the same name", []Event{
			withName(ev("a", "A", "", "KZ", "2019-05-28", "children", 171), "Jusan"),
			withName(ev("b", "B", "", "KZ", "", "children", 4), "Jusan")}, false},
		{"an undated exact count matching two operations joins neither", []Event{
			ev("a", "A", "", "IQ", "2022-06-01", "total", 50),
			ev("c", "A", "", "IQ", "2022-01", "total", 50),
			ev("b", "B", "", "IQ", "", "total", 50)}, false},
		{"a containing date without counts, one candidate", []Event{
			ev("a", "A", "", "FR", "2020-06-21", "children", 10),
			ev("b", "B", "", "FR", "2020-06")}, true},
		{"a containing date without counts, two candidates", []Event{
			ev("a", "A", "", "FR", "2020-06-21", "children", 10),
			ev("c", "C", "", "FR", "2020-06-02", "children", 3),
			ev("b", "B", "", "FR", "2020-06")}, false},
		{"a month without its year and no counts", []Event{
			ev("a", "A", "", "IQ", "2022-06-01"),
			ev("b", "B", "", "IQ", "XXXX-06", "total", 850)}, false},
		{"a year does not contain the day before it", []Event{
			ev("a", "A", "2021-01-01", "UA", "2020-12-31", "adults", 2, "children", 7),
			ev("b", "B", "2023-03-17", "UA", "2021", "women", 2, "children", 7)}, false},
		{"a containing date and a close count, nothing else fits", []Event{
			ev("a", "A", "2023-04-06", "CA", "2023-04-06", "women", 4, "children", 10),
			ev("b", "B", "2023-07-08", "CA", "2023-04", "women", 3)}, true},
		{"a containing date and a close count, another fits as well", []Event{
			ev("a", "A", "", "CA", "2023-04-06", "women", 4, "children", 10),
			ev("c", "C", "", "CA", "2023-04-20", "women", 2),
			ev("b", "B", "", "CA", "2023-04", "women", 3)}, false},
		{"groups counted exactly alike outvote a wrong year", []Event{
			ev("a", "A", "2023-07-04", "FR", "2023-07-04", "women", 10, "children", 25),
			ev("b", "B", "2023-07-04", "FR", "2019", "women", 10, "children", 25)}, true},
		{"one equal group does not outvote a date", []Event{
			ev("a", "A", "", "FR", "2023-07-04", "children", 25),
			ev("b", "B", "", "FR", "2019", "children", 25)}, false},
		{"the same day of another year: a year mistyped", []Event{
			ev("a", "A", "2021-07-17", "IT", "2021-07-16", "women", 6, "children", 10),
			ev("b", "B", "2022-06-21", "IT", "2012-07-16", "women", 6)}, true},
		{"the same day of another year with other counts", []Event{
			ev("a", "A", "2021-07-17", "IT", "2021-07-16", "women", 6, "children", 10),
			ev("b", "B", "2022-06-21", "IT", "2012-07-16", "women", 9)}, false},
		{"the same month of another year is no evidence", []Event{
			ev("a", "A", "2021-07-17", "IT", "2021-07-16", "women", 6, "children", 10),
			ev("b", "B", "2022-06-21", "IT", "2012-07", "women", 6)}, false},
		{"a mistyped year stays compatible with a month of the same operation", []Event{
			ev("c", "C", "2021-07-17", "IT", "2021-07-16", "women", 6, "children", 10),
			ev("a", "A", "", "IT", "2021-07", "women", 6, "children", 10),
			ev("b", "B", "2022-06-21", "IT", "2012-07-16", "women", 6)}, true},
		{"a publication day that is the announcement of a transfer days before", []Event{
			ev("a", "A", "2023-02-10", "PT", "2023-02-05", "women", 3, "children", 7),
			ev("b", "B", "2023-02-09", "PT", "2023-02-09", "women", 3, "children", 7)}, true},
		{"a publication day and a transfer days before with other counts", []Event{
			ev("a", "A", "2023-02-10", "PT", "2023-02-05", "women", 3, "children", 7),
			ev("b", "B", "2023-02-09", "PT", "2023-02-09", "women", 3, "children", 9)}, false},
		{"a publication day weeks after a transfer is no announcement", []Event{
			ev("a", "A", "2023-01-20", "PT", "2023-01-19", "women", 3, "children", 7),
			ev("b", "B", "2023-02-09", "PT", "2023-02-09", "women", 3, "children", 7)}, false},
		{"a day days after a transfer but not its article's publication", []Event{
			ev("a", "A", "2023-02-10", "PT", "2023-02-05", "women", 3, "children", 7),
			ev("b", "B", "2023-03-01", "PT", "2023-02-09", "women", 3, "children", 7)}, false},
		{"a publication day before the other transfer announces nothing of it", []Event{
			ev("a", "A", "2023-03-01", "PT", "2023-02-13", "women", 3, "children", 7),
			ev("b", "B", "2023-02-09", "PT", "2023-02-09", "women", 3, "children", 7)}, false},
		{"disjoint origins", []Event{
			withFrom(ev("a", "A", "", "TR", "2019-05-29", "children", 188), "IQ"),
			withFrom(ev("b", "B", "", "TR", "2019-05-29", "children", 188), "LY")}, false},
		{"a cumulative total is no operation", []Event{
			ev("a", "A", "", "KZ", "2019-05", "children", 357),
			aggregate(ev("b", "B", "", "KZ", "2019-05", "children", 357))}, false},
		{"an undated event: one group miscounted, three others agree", []Event{
			ev("a", "A", "2020-03-02", "SE", "2020-03-01", "total", 31, "men", 4, "women", 9, "children", 18),
			ev("b", "B", "", "SE", "", "total", 30, "men", 8, "women", 9, "children", 17)}, true},
		{"an undated event: one group miscounted beside one that agrees", []Event{
			ev("a", "A", "2020-03-02", "SE", "2020-03-01", "men", 4, "women", 9),
			ev("b", "B", "", "SE", "", "men", 8, "women", 9)}, false},
		{"an undated event: a miscounted group beside one equal and one close", []Event{
			ev("a", "A", "2020-03-02", "SE", "2020-03-01", "men", 4, "women", 9, "children", 18),
			ev("b", "B", "", "SE", "", "men", 8, "women", 9, "children", 17)}, false},
		{"a total beyond the groups both state, the other's total their sum", []Event{
			ev("a", "A", "", "NZ", "", "total", 17, "women", 4, "children", 13),
			ev("b", "B", "", "NZ", "", "total", 60, "women", 4, "children", 13)}, true},
		{"totals that disagree, neither the sum of the other's groups", []Event{
			ev("a", "A", "", "NZ", "", "total", 20, "women", 4, "children", 13),
			ev("b", "B", "", "NZ", "", "total", 60, "women", 4, "children", 13)}, false},
		{"an undated small count with one candidate", []Event{
			ev("a", "A", "2019-11-22", "NL", "2019-11-21", "children", 3),
			ev("b", "B", "", "NL", "", "children", 3)}, true},
		{"an undated small count fitting reports nothing else ties", []Event{
			ev("a", "A", "2019-11-22", "NL", "2019-11-21", "children", 3, "orphans", 3),
			ev("c", "C", "", "NL", "", "children", 3),
			ev("b", "B", "", "NL", "", "children", 3)}, false},
		{"an undated small count fitting reports of one day", []Event{
			ev("a", "A", "2019-11-22", "NL", "2019-11-21", "children", 3, "orphans", 3),
			ev("c", "C", "", "NL", "2019-11-21", "children", 3, "women", 1),
			ev("b", "B", "", "NL", "", "children", 3)}, true},
		{"undated copies of one story, published the same week, share a small count", []Event{
			ev("a", "A", "2023-05-02", "NL", "", "children", 3),
			ev("c", "C", "2023-05-01", "NL", "", "children", 3),
			ev("d", "D", "2023-05-03", "NL", "", "children", 3),
			ev("b", "B", "2023-05-02", "NL", "", "children", 3)}, true},
		{"undated reports of a small count, published months apart", []Event{
			ev("a", "A", "2023-05-02", "NL", "", "children", 3),
			ev("c", "C", "2023-09-01", "NL", "", "children", 3),
			ev("b", "B", "2023-05-02", "NL", "", "children", 3)}, false},
		{"an undated specific count fitting reports nothing else ties", []Event{
			ev("a", "A", "2019-11-22", "NL", "2019-11-21", "children", 12),
			ev("c", "C", "", "NL", "", "children", 12),
			ev("b", "B", "", "NL", "", "children", 12)}, true},
		{"a qualified count agrees with the number it bounds", []Event{
			withQual(ev("a", "A", "", "TR", "2019-05-29", "children", 150), "children", "more_than"),
			ev("b", "B", "", "TR", "2019-05-29", "children", 188)}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a, b string = "a", "b"
			if tc.events[len(tc.events)-1].Aggregate {
				ops := Link(tc.events, nil, Constraints{})
				for _, op := range ops {
					assert.NotContains(t, op.Members, "b")
				}
				return
			}
			assert.Equal(t, tc.want, linked(t, tc.events, a, b))
		})
	}
}

func TestLink_deterministic(t *testing.T) {
	events := []Event{
		ev("e1", "A", "2021-04-15", "KG", "2021-03-16", "children", 79),
		ev("e2", "B", "", "KG", "2021-03", "children", 79),
		ev("e3", "C", "", "KG", "XXXX-03-16", "children", 79),
		ev("e4", "D", "", "KG", "", "total", 59),
		ev("e5", "E", "", "KG", "XXXX-02", "women", 18, "children", 41),
	}
	want := Link(events, nil, Constraints{})
	reversed := make([]Event, len(events))
	for i, e := range events {
		reversed[len(events)-1-i] = e
	}
	assert.Equal(t, want, Link(reversed, nil, Constraints{}))
	require.Len(t, want, 2)
}

func TestLink_incremental(t *testing.T) {
	first := []Event{
		ev("k1", "A", "2021-07-17", "BE", "2021-07-16", "women", 6, "children", 10),
		ev("k2", "B", "", "BE", "2021-07", "women", 6, "children", 10),
	}
	ops := Link(first, nil, Constraints{})
	require.Len(t, ops, 1)
	id := ops[0].ID
	assert.Equal(t, OperationID("k1"), id, "the founder is the first event by key")

	// A new article joins the operation; its id stays.
	more := append(first, ev("k0", "C", "2021-07-20", "BE", "", "women", 6, "children", 10))
	ops2 := Link(more, ops, Constraints{})
	require.Len(t, ops2, 1)
	assert.Equal(t, id, ops2[0].ID)
	assert.Equal(t, []string{"k1", "k2", "k0"}, ops2[0].Members, "old members first, the founder leading")

	// The founder's article is gone: the id moves to the next member.
	ops3 := Link(more[1:], ops2, Constraints{})
	require.Len(t, ops3, 1)
	assert.Equal(t, OperationID("k2"), ops3[0].ID)
}

func TestLink_constraints(t *testing.T) {
	events := []Event{
		ev("k1", "A", "", "BE", "2021-07-16", "women", 6, "children", 10),
		ev("k2", "B", "", "BE", "2021-07-16", "women", 6, "children", 10),
		ev("k3", "C", "", "BE", "2022-06-20", "women", 6, "children", 16),
	}
	ops := Link(events, nil, Constraints{Apart: [][2]string{{"k1", "k2"}}})
	assert.Len(t, ops, 3, "detached events stay apart")

	ops = Link(events, nil, Constraints{Together: [][2]string{{"k1", "k3"}}})
	require.Len(t, ops, 2, "a reviewer's merge holds against the evidence; k2 contradicts k3 so stays out")
	assert.Equal(t, []string{"k1", "k3"}, ops[1].Members)

	// A detach survives relinking from the previous operations.
	prev := []Operation{{ID: "oprev", Country: "BE", Members: []string{"k1", "k2"}}}
	ops = Link(events, prev, Constraints{Apart: [][2]string{{"k1", "k2"}}})
	assert.Len(t, ops, 3)
}

func TestLink_detachTheFounder(t *testing.T) {
	events := []Event{
		ev("k1", "A", "", "BE", "2021-07-16", "women", 6, "children", 10),
		ev("k2", "B", "", "BE", "2021-07-16", "women", 6, "children", 10),
		ev("k3", "C", "", "BE", "2021-07", "women", 6, "children", 10),
	}
	ops := Link(events, nil, Constraints{})
	require.Len(t, ops, 1)
	c := Constraints{Apart: [][2]string{{"k1", "k2"}, {"k1", "k3"}}}
	ops = Link(events, ops, c)
	require.Len(t, ops, 2)
	byFounder := map[string]Operation{}
	for _, op := range ops {
		byFounder[op.Members[0]] = op
	}
	assert.Equal(t, []string{"k2", "k3"}, byFounder["k2"].Members, "the others stay together")
	assert.Equal(t, OperationID("k2"), byFounder["k2"].ID, "the founder left: the id follows the next member")
	assert.Equal(t, []string{"k1"}, byFounder["k1"].Members)
}

func TestLink_coreportingArticles(t *testing.T) {
	// Two articles on one joint flight: their US groups link on their own;
	// the NL group of 4 matches the joint flight's and an older flight of 4,
	// so only the articles' shared report decides it.
	events := []Event{
		ev("us1", "wire", "", "US", "XXXX-05-07", "total", 11, "children", 5),
		ev("us2", "roundup", "", "US", "", "total", 11, "children", 5),
		ev("nl1", "wire", "", "NL", "XXXX-05-07", "total", 4),
		ev("nl2", "roundup", "", "NL", "", "total", 4),
		ev("nl0", "old", "2021-06-05", "NL", "2021-06-05", "total", 4, "children", 3),
	}
	assert.True(t, linked(t, events, "nl1", "nl2"))
	assert.False(t, linked(t, events, "nl0", "nl2"))
	assert.False(t, linked(t, events[2:], "nl1", "nl2"), "without the shared US report it is ambiguous")
}

func TestLink_manyCopies(t *testing.T) {
	// A wire story carried by 100 outlets is one operation, though each
	// event keeps only its best candidates.
	var events []Event
	for i := range 100 {
		events = append(events, ev(fmt.Sprintf("k%03d", i), fmt.Sprintf("A%03d", i), "", "UZ", "2019-05-30", "total", 156))
	}
	events = append(events, ev("other", "B", "", "UZ", "2019-05-30", "total", 12))
	ops := Link(events, nil, Constraints{})
	require.Len(t, ops, 2)
	sizes := []int{len(ops[0].Members), len(ops[1].Members)}
	assert.ElementsMatch(t, []int{100, 1}, sizes)
}
