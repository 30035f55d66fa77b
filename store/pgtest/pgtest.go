// Package pgtest starts throwaway PostgreSQL clusters for tests, as
// net/http/httptest starts servers: initdb into a temporary folder, a server
// listening only on a unix socket there, stopped and removed afterwards.
//
// It uses the server binaries already installed (Debian's postgresql
// package puts them in /usr/lib/postgresql/VERSION/bin); nothing is
// downloaded. Where none exist, tests skip with a message, unless
// NEWSFACTS_REQUIRE_POSTGRES=1 (CI) turns the skip into a failure. When the
// tests run as root, the server runs as the postgres user (or nobody),
// because initdb refuses root.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// RequireEnv names the variable that turns a missing server into a failure.
const RequireEnv = "NEWSFACTS_REQUIRE_POSTGRES"

// superuser is the cluster's only role; connections over the socket are
// trusted, so it has no password.
const superuser = "newsfacts"

// Cluster is one running throwaway server.
type Cluster struct {
	dir     string // data directory; the socket lives in sockDir
	sockDir string
	bin     string
	cred    *syscall.Credential // nil unless running as root
	durable bool
	dbs     atomic.Int64
	stopped atomic.Bool
}

// binDir finds the folder holding initdb, pg_ctl and postgres: PG_BIN if
// set, else the newest /usr/lib/postgresql/*/bin, else PATH.
func binDir() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err != nil {
			return "", fmt.Errorf("PG_BIN=%s: %w", d, err)
		}
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's postgresql package or set PG_BIN")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// unprivileged returns the credential to run the server under when the
// tests run as root: initdb and postgres refuse to run as root.
func unprivileged() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and no postgres or nobody user to run the server as")
}

// skipOrFail skips the test for a missing server, or fails it when the
// environment requires PostgreSQL.
func skipOrFail(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("PostgreSQL required (%s=1): %v", RequireEnv, err)
	}
	tb.Skipf("PostgreSQL tests skipped: %v", err)
}

// Start starts a new cluster for tb and stops it when tb ends. It skips tb
// where no server binaries exist (see RequireEnv).
func Start(tb testing.TB) *Cluster {
	tb.Helper()
	return startCluster(tb, false)
}

// StartDurable is Start for a server that flushes its writes to disk as a
// production server does (fsync and full_page_writes on), for benchmarks.
// Other test clusters skip those flushes.
func StartDurable(tb testing.TB) *Cluster {
	tb.Helper()
	return startCluster(tb, true)
}

func startCluster(tb testing.TB, durable bool) *Cluster {
	tb.Helper()
	c, err := start(durable)
	if err != nil {
		if errors.Is(err, errNoServer) {
			skipOrFail(tb, err)
		}
		tb.Fatalf("start PostgreSQL: %v", err)
	}
	tb.Cleanup(func() { c.Stop() })
	return c
}

var errNoServer = errors.New("no PostgreSQL server")

func start(durable bool) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoServer, err)
	}
	cred, err := unprivileged()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNoServer, err)
	}
	reapOrphans(bin, cred)
	// Unix socket paths are limited to about 100 bytes, so the cluster
	// lives directly under the system temporary folder, not t.TempDir().
	root, err := os.MkdirTemp("", "newsfacts-pg-")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	c := &Cluster{dir: filepath.Join(root, "data"), sockDir: root, bin: bin, cred: cred, durable: durable}
	if cred != nil {
		if err := os.Chown(root, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(root)
			return nil, err
		}
	}
	// C locale: text sorts by bytes, as in SQLite. Unless durable, the
	// server skips fsync: a test cluster never needs to survive a power cut.
	if out, err := c.cmd("initdb", "-D", c.dir, "-U", superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("initdb: %w: %s", err, out)
	}
	if err := c.run(); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	return c, nil
}

// run starts the server on the cluster's files.
func (c *Cluster) run() error {
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c max_connections=100", c.sockDir)
	if !c.durable {
		opts += " -c fsync=off -c full_page_writes=off"
	}
	if out, err := c.cmd("pg_ctl", "-D", c.dir, "-o", opts, "-l", filepath.Join(c.sockDir, "log"), "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.sockDir, "log"))
		return fmt.Errorf("pg_ctl start: %w: %s%s", err, out, log)
	}
	return nil
}

// Crash stops the server the way a crash or a pulled cable would, without
// letting sessions finish (pg_ctl stop -m immediate), and keeps its files
// for Restart.
func (c *Cluster) Crash() error {
	if out, err := c.cmd("pg_ctl", "-D", c.dir, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl stop: %w: %s", err, out)
	}
	return nil
}

// Restart starts the server again after Crash; it recovers like a server
// after a crash.
func (c *Cluster) Restart() error { return c.run() }

// reapOrphans stops and removes the clusters of test processes that died
// without stopping them (a test binary killed on timeout skips its
// cleanup), so they do not pile up.
func reapOrphans(bin string, cred *syscall.Credential) {
	owners, _ := filepath.Glob(filepath.Join(os.TempDir(), "newsfacts-pg-*", "owner"))
	for _, owner := range owners {
		b, err := os.ReadFile(owner)
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || pid <= 0 || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue // alive, or not ours to judge
		}
		root := filepath.Dir(owner)
		c := &Cluster{dir: filepath.Join(root, "data"), sockDir: root, bin: bin, cred: cred}
		c.Stop()
	}
}

func (c *Cluster) cmd(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.sockDir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	return cmd
}

// Stop stops the server at once (fast shutdown: open sessions are ended)
// and removes its files. It is safe to call more than once.
func (c *Cluster) Stop() error {
	if c.stopped.Swap(true) {
		return nil
	}
	out, err := c.cmd("pg_ctl", "-D", c.dir, "-m", "fast", "-w", "stop").CombinedOutput()
	os.RemoveAll(c.sockDir)
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w: %s", err, out)
	}
	return nil
}

// URL returns the connection URL of database name on the cluster.
func (c *Cluster) URL(name string) string {
	q := url.Values{"host": {c.sockDir}}
	return (&url.URL{Scheme: "postgres", User: url.User(superuser), Path: "/" + name, RawQuery: q.Encode()}).String()
}

// NewDatabase creates an empty database on the cluster and returns its URL.
func (c *Cluster) NewDatabase(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d", c.dbs.Add(1))
	admin, err := sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		tb.Fatalf("connect to test cluster: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	return c.URL(name)
}

// shared is the cluster that Database hands out databases from, started
// once per test binary and stopped by Main.
var shared struct {
	once sync.Once
	c    *Cluster
	err  error
}

// Database returns the URL of a new, empty database on the test binary's
// shared cluster, started on first use. The package's TestMain must call
// Main so that the cluster stops when the tests end.
func Database(tb testing.TB) string {
	tb.Helper()
	shared.once.Do(func() { shared.c, shared.err = start(false) })
	if shared.err != nil {
		if errors.Is(shared.err, errNoServer) {
			skipOrFail(tb, shared.err)
		}
		tb.Fatalf("start PostgreSQL: %v", shared.err)
	}
	return shared.c.NewDatabase(tb)
}

// Main runs the tests and then stops the shared cluster, if one started. Use
// it as TestMain: func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.c != nil {
		if err := shared.c.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	return code
}
