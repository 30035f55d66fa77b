package link

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAgree(t *testing.T) {
	a := ev("a", "A", "2021-04-15", "KG", "2021-03-16", "children", 79)
	a.Operation = "Meerim"
	b := ev("b", "B", "", "KG", "2021-03", "children", 79)
	c := ev("c", "C", "", "KG", "2021-03", "children", 80, "total", 80)
	c.Qualifiers["children"] = "about"
	d := ev("d", "D", "", "KG", "2021-04-20", "total", 81)

	t.Run("more sources, more precise date, conflicts with their sources", func(t *testing.T) {
		got := Agree([]Event{a, b, c, d}, nil)
		require.NotNil(t, got.Date)
		assert.Equal(t, "2021-03-16", got.Date.Value, "the day the month-dated sources contain")
		assert.Equal(t, []string{"a"}, got.Date.Sources)
		assert.Equal(t, []Candidate{{Value: "2021-04-20", Sources: []string{"d"}}}, got.Date.Conflicts, "a contained month is no conflict")
		assert.Equal(t, []Candidate{{Value: "2021-03", Sources: []string{"b", "c"}}}, got.Date.Agreeing)
		require.Len(t, got.Counts, 2)
		assert.Equal(t, "counts.total", got.Counts[0].Name)
		assert.Equal(t, "80", got.Counts[0].Value, "tie: the earlier member")
		assert.Equal(t, "counts.children", got.Counts[1].Name)
		assert.Equal(t, "79", got.Counts[1].Value)
		assert.Equal(t, []string{"a", "b"}, got.Counts[1].Sources)
		assert.Equal(t, []Candidate{{Value: "about 80", Sources: []string{"c"}}}, got.Counts[1].Conflicts)
		assert.Equal(t, "Meerim", got.Name.Value)
		assert.Equal(t, 4, got.Sources)
		assert.Equal(t, 3, got.Conflicts())
	})
	t.Run("a known year over an unknown one", func(t *testing.T) {
		x := ev("x", "X", "", "UZ", "XXXX-05-30", "total", 156)
		y := ev("y", "Y", "", "UZ", "2019-05-30", "total", 156)
		got := Agree([]Event{x, y}, nil)
		assert.Equal(t, "2019-05-30", got.Date.Value)
		assert.Empty(t, got.Date.Conflicts, "the same day without its year is no conflict")
	})
	t.Run("exact over approximate", func(t *testing.T) {
		q := ev("c", "C", "", "KG", "2021-03", "total", 80)
		q.Qualifiers["total"] = "about"
		got := Agree([]Event{q, d, c}, nil)
		assert.Equal(t, "81", got.Counts[0].Value, "one source each: the exact one")
	})
	t.Run("reviewed over more sources", func(t *testing.T) {
		r := d
		r.Reviewed = true
		r.Counts = map[string]int{"children": 78}
		got := Agree([]Event{a, b, r}, nil)
		assert.Equal(t, "78", got.Counts[0].Value)
	})
	t.Run("a reviewer's pick", func(t *testing.T) {
		got := Agree([]Event{a, b, c}, map[string]string{"counts.children": "about 80", "date": "1999"})
		assert.Equal(t, "about 80", got.Counts[1].Value)
		assert.True(t, got.Counts[1].Picked)
		assert.Equal(t, "2021-03-16", got.Date.Value, "a pick no source states is ignored")
	})
}
