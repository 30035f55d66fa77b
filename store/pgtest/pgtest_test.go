package pgtest

import (
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestDatabase_servesQueries(t *testing.T) {
	for range 2 {
		db, err := sql.Open("pgx", Database(t))
		require.NoError(t, err)
		var n int
		require.NoError(t, db.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_class WHERE relname = 'migrations'`).Scan(&n))
		assert.Equal(t, 0, n, "a new database is empty")
		_, err = db.ExecContext(t.Context(), `CREATE TABLE migrations (name TEXT)`)
		require.NoError(t, err)
		require.NoError(t, db.Close())
	}
}

func TestCluster_Stop(t *testing.T) {
	c := Start(t)
	db, err := sql.Open("pgx", c.NewDatabase(t))
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.PingContext(t.Context()))
	require.NoError(t, c.Stop())
	_, err = os.Stat(c.sockDir)
	assert.True(t, os.IsNotExist(err), "files removed")
	require.NoError(t, c.Stop(), "second Stop is a no-op")
}

// TestStart_reapsOrphans stops a cluster whose test process died without
// stopping it.
func TestStart_reapsOrphans(t *testing.T) {
	orphan, err := start(false)
	if errors.Is(err, errNoServer) {
		skipOrFail(t, err)
	}
	require.NoError(t, err)
	// A process that has exited: its pid is free.
	dead := exec.Command("true")
	require.NoError(t, dead.Run())
	require.NoError(t, os.WriteFile(filepath.Join(orphan.sockDir, "owner"), []byte(strconv.Itoa(dead.Process.Pid)), 0o644))
	Start(t)
	_, err = os.Stat(orphan.sockDir)
	assert.True(t, os.IsNotExist(err), "the orphan's files are gone")
	db, err := sql.Open("pgx", orphan.URL("postgres"))
	require.NoError(t, err)
	defer db.Close()
	assert.Error(t, db.PingContext(t.Context()), "the orphan's server is stopped")
}
