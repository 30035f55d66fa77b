package review

import (
	"context"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
	"github.com/newsfacts/newsfacts/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestReview_twoServersOnOnePostgres runs two review servers, each with its
// own connection pool, on one PostgreSQL database, as two reviewers on two
// machines would. Both open the same event and press a button at the same
// moment: one decision is stored and the other reviewer is told that
// someone else decided, never a silent overwrite.
func TestReview_twoServersOnOnePostgres(t *testing.T) {
	ctx := context.Background()
	f := newFixtureAt(t, pgtest.Database(t))
	other, err := store.Open(ctx, f.path)
	require.NoError(t, err)
	t.Cleanup(func() { other.Close() })
	s, err := newServer(other, Options{Reviewer: "ben", Addr: "127.0.0.1:8080"})
	require.NoError(t, err)
	handlers := []http.Handler{f.handler(t), s.handler()}
	key := f.keys["uz-mercy"]

	for round, buttons := range [][2]string{{"a", "r"}, {"r", "a"}} {
		type post struct {
			action string
			form   map[string][]string
		}
		var posts [2]post
		for i, h := range handlers {
			action, form := press(t, h, key, buttons[i])
			posts[i] = post{action, form}
		}
		codes := make([]int, len(handlers))
		var wg sync.WaitGroup
		for i, h := range handlers {
			wg.Go(func() { codes[i] = request(t, h, "POST", posts[i].action, posts[i].form).Code })
		}
		wg.Wait()
		assert.ElementsMatch(t, []int{http.StatusSeeOther, http.StatusConflict}, codes, "round %d", round)
		fact, err := f.db.Fact(ctx, key)
		require.NoError(t, err)
		winner := 0
		if codes[1] == http.StatusSeeOther {
			winner = 1
		}
		want := map[string]string{"a": store.StatusAccepted, "r": store.StatusRejected}[buttons[winner]]
		assert.Equal(t, want, fact.Status(), "round %d: the stored decision is the one that was not refused", round)
	}
}
