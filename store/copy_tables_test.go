package store

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copiedTables are the tables Copy carries: the articles with everything
// extracted of them, and every user decision (on events, and on operations).
var copiedTables = []string{
	"articles", "pages", "sentences", "paragraphs", "events", "evidence",
	"reviews", "review_withdrawals", "operations", "operation_members", "operation_links", "operation_picks",
	"operation_pick_withdrawals",
}

// uncopiedTables are the tables Copy leaves alone, and why: none holds a
// decision in force.
var uncopiedTables = map[string]string{
	"migrations":       "the schema version, each database's own",
	"jobs":             "the work queue of one database's workers",
	"review_revisions": "each database's own counters against blind overwrites; copying a decision moves the target's on",
	"review_history":   "each database's undo trail; copying a decision records there the decision it replaced",
	"review_claims":    "who has an event open in a review page now (expires after ClaimTTL)",
}

// TestCopy_everyTableIsDecided: each table of the schema is either copied
// or left alone on purpose, so that a new table holding user decisions
// cannot be forgotten by copy.
func TestCopy_everyTableIsDecided(t *testing.T) {
	db := mustOpen(t)
	rows, err := db.r.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	require.NoError(t, err)
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		require.NoError(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	require.NoError(t, rows.Err())
	want := append(slices.Clone(copiedTables), slices.Collect(maps.Keys(uncopiedTables))...)
	assert.ElementsMatch(t, want, tables, "a table is neither copied nor listed as left alone")
}
