package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store/pgtest"
)

// TestThroughput_postgres measures end-to-end ingest of N articles (the
// development corpus repeated with fresh ids; N from NEWSFACTS_THROUGHPUT,
// 20,000 in README.md) into SQLite, into PostgreSQL with one process, and
// into PostgreSQL with two "work" processes sharing a queue, in one run.
// It only runs when NEWSFACTS_THROUGHPUT is set:
//
//	NEWSFACTS_THROUGHPUT=20000 go test ./cmd/newsfacts -run TestThroughput_postgres -v -timeout 40m
func TestThroughput_postgres(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSFACTS_THROUGHPUT"))
	if n <= 0 {
		t.Skip("set NEWSFACTS_THROUGHPUT=20000 to measure")
	}
	f, err := os.Open(devCorpus)
	if err != nil {
		t.Skipf("development corpus absent: %v", err)
	}
	var corpus []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var a map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		corpus = append(corpus, a)
	}
	f.Close()
	require.NoError(t, sc.Err())

	// The same articles as one file (for ingest) and as 40 files (for the
	// queue, so that two workers share them out).
	dir := t.TempDir()
	parts := filepath.Join(dir, "parts")
	require.NoError(t, os.Mkdir(parts, 0o755))
	one, err := os.Create(filepath.Join(dir, "all.jsonl"))
	require.NoError(t, err)
	const files = 40
	outs := make([]*os.File, files)
	for i := range outs {
		outs[i], err = os.Create(filepath.Join(parts, fmt.Sprintf("part-%02d.jsonl", i)))
		require.NoError(t, err)
	}
	for i := range n {
		a := map[string]any{}
		for k, v := range corpus[i%len(corpus)] {
			a[k] = v
		}
		a["id"] = fmt.Sprintf("%v-r%d", a["id"], i)
		line, err := json.Marshal(a)
		require.NoError(t, err)
		line = append(line, '\n')
		_, err = one.Write(line)
		require.NoError(t, err)
		_, err = outs[i*files/n].Write(line)
		require.NoError(t, err)
	}
	require.NoError(t, one.Close())
	for _, o := range outs {
		require.NoError(t, o.Close())
	}
	bin := buildCLI(t)
	timed := func(name string, cmds ...*exec.Cmd) {
		t.Helper()
		start := time.Now()
		for _, c := range cmds {
			require.NoError(t, c.Start())
		}
		for _, c := range cmds {
			out := ""
			if b, ok := c.Stderr.(*capped); ok {
				out = b.String()
			}
			require.NoError(t, c.Wait(), "%s: %s", name, out)
		}
		secs := time.Since(start).Seconds()
		t.Logf("%-36s %6.1f s  %5.0f articles/s", name, secs, float64(n)/secs)
		for _, c := range cmds {
			if b, ok := c.Stderr.(*capped); ok {
				for _, l := range strings.Split(b.String(), "\n") {
					if strings.HasPrefix(l, "commits: ") {
						t.Logf("  %s", l)
					}
				}
			}
		}
	}
	// Each process reports how many transactions its saves took, and
	// their sizes.
	cmd := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = append(os.Environ(), "NEWSFACTS_DEBUG=commits")
		c.Stderr = &capped{}
		return c
	}
	// A server that flushes to disk like a production one, as SQLite does.
	pg := pgtest.StartDurable(t)
	pgOne, pgTwo, pgAsync := pg.NewDatabase(t), pg.NewDatabase(t), pg.NewDatabase(t)
	timed("SQLite, ingest, 1 process", cmd("ingest", "--quiet", "--db", filepath.Join(dir, "bench.db"), filepath.Join(dir, "all.jsonl")))
	timed("PostgreSQL, ingest, 1 process", cmd("ingest", "--quiet", "--db", pgOne, filepath.Join(dir, "all.jsonl")))
	// A commit that does not wait for its log flush, as SQLite's WAL with
	// synchronous=NORMAL: a URL parameter, passed to the server.
	timed("PostgreSQL, synchronous_commit=off", cmd("ingest", "--quiet", "--db", pgAsync+"&synchronous_commit=off", filepath.Join(dir, "all.jsonl")))
	require.NoError(t, cmd("queue", "add", "--db", pgTwo, parts).Run())
	timed("PostgreSQL, work, 2 processes", cmd("work", "--quiet", "--db", pgTwo), cmd("work", "--quiet", "--db", pgTwo))
}

// capped keeps the last 4 KiB written to it: a failing process's last words.
type capped struct{ b []byte }

func (c *capped) Write(p []byte) (int, error) {
	c.b = append(c.b, p...)
	if len(c.b) > 4096 {
		c.b = c.b[len(c.b)-4096:]
	}
	return len(p), nil
}

func (c *capped) String() string { return string(c.b) }
