package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/store"
)

// runCLI runs one newsfacts command in-process and returns its output and
// exit status.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	return out.String(), errOut.String(), code
}

// sampleDir is the bundled sample folder the README's first command ingests.
const sampleDir = "../../testdata/sample"

// readExport parses a JSONL events export.
func readExport(t *testing.T, path string) []store.ExportedEvent {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return readExportString(t, string(data))
}

// readExportString parses a JSONL events export held in a string.
func readExportString(t *testing.T, data string) []store.ExportedEvent {
	t.Helper()
	var out []store.ExportedEvent
	for _, line := range strings.Split(strings.TrimSpace(data), "\n") {
		if line == "" {
			continue
		}
		var ev store.ExportedEvent
		require.NoError(t, json.Unmarshal([]byte(line), &ev), line)
		out = append(out, ev)
	}
	return out
}

func tableCounts(t *testing.T, dbPath string) map[string]int {
	t.Helper()
	db, err := store.Open(context.Background(), dbPath)
	require.NoError(t, err)
	defer db.Close()
	c, err := db.TableCounts(context.Background())
	require.NoError(t, err)
	return c
}

func TestCLI_ingestSampleThenExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "nf.db")
	_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--published", "2024-03-15", sampleDir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "read 5, new 5, unchanged 0, updated 0, failed 0")

	out := filepath.Join(dir, "events.jsonl")
	_, stderr, code = runCLI(t, "", "export", "--db", db, "--out", out)
	require.Equal(t, exitOK, code, stderr)
	events := readExport(t, out)
	require.NotEmpty(t, events, "the sample articles report repatriations")

	arts := filepath.Join(dir, "articles.jsonl")
	_, stderr, code = runCLI(t, "", "export", "--db", db, "--table", "articles", "--out", arts)
	require.Equal(t, exitOK, code, stderr)
	texts := map[string]string{}
	data, err := os.ReadFile(arts)
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var a store.ExportedArticle
		require.NoError(t, json.Unmarshal([]byte(line), &a))
		texts[a.SourceID] = a.Text
	}
	require.Len(t, texts, 5)

	// The provenance invariant, on everything the export says.
	for _, ev := range events {
		text, ok := texts[ev.Article.SourceID]
		require.True(t, ok, "event %s names a stored article", ev.EventID)
		require.NotEmpty(t, ev.Evidence, "event %s has evidence", ev.EventID)
		for _, e := range ev.Evidence {
			require.LessOrEqual(t, e.End, len(text))
			assert.Equal(t, e.Text, text[e.Start:e.End], "event %s field %s", ev.EventID, e.Field)
			assert.LessOrEqual(t, e.SentenceStart, e.Start)
			assert.GreaterOrEqual(t, e.SentenceEnd, e.End)
			assert.NotEmpty(t, e.Rule)
		}
	}

	// A second run changes nothing.
	before := tableCounts(t, db)
	_, stderr, code = runCLI(t, "", "ingest", "--db", db, "--published", "2024-03-15", sampleDir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "read 5, new 0, unchanged 5, updated 0, failed 0")
	assert.Equal(t, before, tableCounts(t, db))

	// The events table, the show view and CSV export all read the same data.
	stdout, stderr, code := runCLI(t, "", "events", "--db", db)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, events[0].EventID)
	stdout, stderr, code = runCLI(t, "", "show", "--db", db, events[0].EventID)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "[["+events[0].Evidence[0].Text+"]]")
	stdout, stderr, code = runCLI(t, "", "export", "--db", db, "--format", "csv")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, len(events)+1, strings.Count(stdout, "\n"))
}

func TestCLI_ingestChangedArticleIsUpdated(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "nf.db")
	in := filepath.Join(dir, "report.txt")
	require.NoError(t, os.WriteFile(in, []byte("Belgium repatriated 12 children from Syria on Monday."), 0o644))
	_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--published", "2022-05-04", in)
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, os.WriteFile(in, []byte("Belgium repatriated 14 children from Syria on Monday."), 0o644))
	_, stderr, code = runCLI(t, "", "ingest", "--db", db, "--published", "2022-05-04", in)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "read 1, new 0, unchanged 0, updated 1, failed 0")
	assert.Equal(t, 1, tableCounts(t, db)["articles"])
}

func TestCLI_badInputsAreNamedAndTheRestIsStored(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "nf.db")
	in := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	files := map[string]string{
		"empty.txt":   "",
		"lines.jsonl": `{"id": "good-line", "maintext": "Kosovo brought back 110 citizens from Syria in April."}` + "\n" + `{"id": "cut", "maintext": "Half a rec` + "\n",
		"good.txt":    "Kazakhstan repatriated 30 children from Iraq on Friday.",
	}
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(in, name), []byte(body), 0o644))
	}
	_, stderr, code := runCLI(t, "", "ingest", "--db", db, in, filepath.Join(dir, "absent.txt"))
	assert.Equal(t, exitPartial, code)
	assert.Contains(t, stderr, "empty.txt: no article text")
	assert.Contains(t, stderr, "lines.jsonl:2:")
	assert.Contains(t, stderr, "absent.txt: stat: no such file or directory")
	assert.Contains(t, stderr, "new 2")
	assert.Equal(t, 2, tableCounts(t, db)["articles"])
}

func TestCLI_usage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Usage:"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"ingest without input", []string{"ingest", "--db", "x.db"}, "no INPUT given"},
		{"bad published date", []string{"ingest", "--published", "15/03/2024", "x.txt"}, "not a YYYY-MM-DD date"},
		{"bad export format", []string{"export", "--format", "xml"}, `--format "xml"`},
		{"show without id", []string{"show"}, "exactly one EVENT-ID"},
		{"missing database", []string{"events", "--db", "/nonexistent/nf.db"}, "run \"newsfacts ingest\" first"},
		{"ingest --ner with --no-ner", []string{"ingest", "--db", "/nonexistent/nf.db", "--ner", "--no-ner", "x.txt"}, "--ner and --no-ner exclude each other"},
		{"eval --ner with --no-ner", []string{"eval", "--gold", "g.jsonl", "--ner", "--no-ner"}, "--ner and --no-ner exclude each other"},
		{"work --ner with --no-ner", []string{"work", "--db", "/nonexistent/nf.db", "--ner", "--no-ner"}, "--ner and --no-ner exclude each other"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, "", tc.args...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

func TestCLI_ingestURLsRefetchesOnlyChangedPages(t *testing.T) {
	page := `<html><head><title>Kyrgyzstan returns 20 children</title>
<meta property="article:published_time" content="2021-03-18T10:00:00+06:00"></head>
<body><article><p>Kyrgyzstan has repatriated 20 children from Iraq, the foreign ministry said on Thursday.</p>
<p>The children landed in Bishkek on Tuesday with the support of UNICEF.</p></article></body></html>`
	var conditional int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gone":
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()

	dir := t.TempDir()
	db := filepath.Join(dir, "nf.db")
	list := filepath.Join(dir, "urls.txt")
	require.NoError(t, os.WriteFile(list, []byte("# pages to read\nftp://files.example/x\n"+srv.URL+"/kg\n\n"+srv.URL+"/gone\n"), 0o644))

	// A bad line and a missing page are failed inputs; the rest is fetched.
	_, stderr, code := runCLI(t, "", "ingest", "--db", db, "--urls", list)
	assert.Equal(t, exitPartial, code, stderr)
	assert.Contains(t, stderr, srv.URL+"/gone: HTTP 404")
	assert.Contains(t, stderr, "fail: "+list+`:2:1: not an http or https URL: "ftp://files.example/x"`)
	assert.Contains(t, stderr, "read 3, new 1, unchanged 0, updated 0, failed 2")

	_, stderr, code = runCLI(t, "", "ingest", "--db", db, srv.URL+"/kg")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "read 1, new 0, unchanged 1")
	assert.Equal(t, 1, conditional, "the second fetch asked whether the page changed")
}

// TestCLI_ingestNEROptIn: ingest runs prose's recogniser only with --ner;
// --no-ner, the default now, is still accepted.
func TestCLI_ingestNEROptIn(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "sudan.txt")
	require.NoError(t, os.WriteFile(in, []byte("Sudan brings women home\n"+
		"Sudan repatriated 20 women from Libya on Sunday in close coordination with the NISS and UNICEF.\n"), 0o644))
	for _, tc := range []struct {
		name string
		flag string
		want []string
	}{
		{"default", "--quiet", []string{"UNICEF"}},
		{"no-ner", "--no-ner", []string{"UNICEF"}},
		{"ner", "--ner", []string{"NISS", "UNICEF"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "nf.db")
			r := execCLI(t, "ingest", "--db", db, "--published", "2024-03-15", tc.flag, in)
			require.Equal(t, 0, r.code, r.stderr)
			r = execCLI(t, "export", "--db", db)
			require.Equal(t, 0, r.code, r.stderr)
			evs := readExportString(t, r.stdout)
			require.Len(t, evs, 1)
			var ids []string
			for _, p := range evs[0].Partners {
				ids = append(ids, p.ID)
			}
			assert.Equal(t, tc.want, ids)
		})
	}
}

// TestNERFlags_memoryLimit: --ner lifts the soft memory limit main sets
// (prose's models would keep the collector running under it), and leaves
// a limit chosen with GOMEMLIMIT alone.
func TestNERFlags_memoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name   string
		env    string
		args   []string
		want   int64
		wantOn bool
	}{
		{"default", "", nil, memoryLimit, false},
		{"ner", "", []string{"--ner"}, nerMemoryLimit, true},
		{"ner under GOMEMLIMIT", "64MiB", []string{"--ner"}, memoryLimit, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOMEMLIMIT", tc.env)
			debug.SetMemoryLimit(memoryLimit)
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			on := nerFlags(fs)
			require.NoError(t, fs.Parse(tc.args))
			got, err := on()
			require.NoError(t, err)
			assert.Equal(t, tc.wantOn, got)
			assert.Equal(t, tc.want, debug.SetMemoryLimit(-1))
		})
	}
}
