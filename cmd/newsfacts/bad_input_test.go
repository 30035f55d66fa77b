//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsfacts/newsfacts/ingest"
)

const newsSentence = "Ten women and 26 children were flown home from camps in north-eastern Syria on Monday, officials said. "

// writeBadInputs generates in dir the bad inputs too big or too odd to
// commit to testdata/bad.
func writeBadInputs(t *testing.T, dir string) {
	t.Helper()
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	write("over-cap.txt", strings.Repeat("word ", ingest.DefaultMaxBytes/5+1))
	write("deep.html", "<html><body>"+strings.Repeat("<div>", 100_000)+"<p>"+newsSentence+"</p>"+
		strings.Repeat("</div>", 100_000)+"</body></html>")
	write("long-page.html", "<html><body><article>"+strings.Repeat("<p>"+newsSentence+"</p>\n", ingest.DefaultMaxPageText/len(newsSentence)*11/10)+
		"</article></body></html>")
	write("many-elements.html", "<html><body><p>"+newsSentence+"</p>"+strings.Repeat("<span></span>", ingest.DefaultMaxElements+1)+"</body></html>")
	oneLine := strings.Repeat(newsSentence, 10<<20/len(newsSentence)+1)
	write("one-line.txt", oneLine)
	write("one-line.jsonl", `{"id": "gen-one-line", "maintext": "`+oneLine+`"}`)
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "dangling.txt")))
	require.NoError(t, os.Symlink("loop.txt", filepath.Join(dir, "loop.txt")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644))
	require.NoError(t, os.Symlink(os.TempDir(), filepath.Join(dir, "linked-folder.txt")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder.json"), 0o755))
	write("folder.json/inside.txt", "Inside a folder named like a file\n\n"+newsSentence)
}

func TestIngest_badInputs(t *testing.T) {
	gen := t.TempDir()
	writeBadInputs(t, gen)
	dbPath := filepath.Join(t.TempDir(), "bad.db")
	missing := filepath.Join(gen, "missing.txt")

	res := execCLI(t, "ingest", "--db", dbPath, "--quiet", "../../testdata/bad", gen, missing)
	assert.Equal(t, exitPartial, res.code, "stderr:\n%s", res.stderr)

	bad := []struct {
		name, prefix, reason string
	}{
		{"binary.txt", "fail: ", "binary data, not text"},
		{"binary.jsonl", "fail: ", "binary data, not text"},
		{"empty.txt", "fail: ", "no article text"},
		{"truncated.jsonl:2:", "fail: ", "invalid JSON: unexpected end of JSON input"},
		{"photo.jpg", "skip: ", "not a supported article format"},
		{"gold-labels.jsonl", "skip: ", "not news-please articles"},
		{"numbers.json", "skip: ", "not news-please articles"},
		{"bare-word.jsonl:2:", "fail: ", "invalid JSON: a bare word where a value should be (text values need double quotes)"},
		{"number-id.jsonl:1:", "fail: ", `field "id" is a JSON number, want a string`},
		{"no-text.html", "fail: ", "no article text: the page has no main text that reads as an article"},
		{"over-cap.txt", "fail: ", "input over the size limit"},
		{"deep.html", "fail: ", "open stack of elements exceeds"},
		{"dangling.txt", "fail: ", "no such file or directory"},
		{"loop.txt", "fail: ", "too many levels of symbolic links"},
		{"fifo.txt", "fail: ", "not a regular file (named pipe)"},
		{"linked-folder.txt", "fail: ", "not a regular file (folder)"},
		{"missing.txt", "fail: ", "no such file or directory"},
		{"one-line.txt", "fail: ", "over the 1048576-byte limit for one article"},
		{"one-line.jsonl:1", "fail: ", "over the 1048576-byte limit for one article"},
		{"long-page.html", "fail: ", "the page has over 1048576 bytes of text"},
		{"many-elements.html", "fail: ", "the page has over 200000 elements"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			lines := linesAbout(res.stderr, "", tc.name)
			var said []string
			for _, l := range lines {
				if strings.HasPrefix(l, "fail: ") || strings.HasPrefix(l, "skip: ") {
					said = append(said, l)
				}
			}
			require.Len(t, said, 1, "one message for %s in:\n%s", tc.name, res.stderr)
			assert.True(t, strings.HasPrefix(said[0], tc.prefix), said[0])
			assert.Contains(t, said[0], tc.reason)
			assert.NotContains(t, said[0], "\n")
		})
	}
	assert.Contains(t, res.stderr, "failed 18, skipped 3")

	got := storedArticles(t, dbPath)
	var ids []string
	for id := range got {
		ids = append(ids, id)
	}
	assert.ElementsMatch(t, []string{"good", "invalid-utf8", "utf16-bom", "bad-utf16-1", "bad-utf16-2", "bad-truncated-1",
		"inside", "bare-1"}, ids)
	assert.Contains(t, got["invalid-utf8"].Text, "Seven caf\uFFFD owners", "invalid UTF-8 is repaired, not refused")
	assert.True(t, strings.HasPrefix(got["utf16-bom"].Text, "Kosovo brings home 11 citizens"))

	again := execCLI(t, "ingest", "--db", dbPath, "--quiet", "../../testdata/bad", gen, missing)
	assert.Equal(t, exitPartial, again.code)
	assert.Contains(t, again.stderr, "new 0, unchanged 8")
}

func TestIngest_exitStatus(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	require.NoError(t, os.WriteFile(good, []byte(newsSentence), 0o644))
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"all stored", []string{"ingest", "--db", filepath.Join(dir, "ok.db"), good}, exitOK, "new 1"},
		{"no input", []string{"ingest", "--db", filepath.Join(dir, "none.db")}, exitUsage, "no INPUT given"},
		{"unknown flag", []string{"ingest", "--frobnicate", good}, exitUsage, "flag provided but not defined"},
		{"bad date", []string{"ingest", "--published", "May 3", good}, exitUsage, `--published "May 3"`},
		{"huge worker pool", []string{"ingest", "--db", filepath.Join(dir, "w.db"), "--workers", "1000000000", good}, exitUsage, "--workers 1000000000: want 1 to 256"},
		{"database is a folder", []string{"ingest", "--db", dir, good}, exitUsage, "open database " + dir},
		{"database folder missing", []string{"ingest", "--db", filepath.Join(dir, "no", "such", "x.db"), good}, exitUsage, "cannot open database file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := execCLI(t, tc.args...)
			assert.Equal(t, tc.code, res.code, "stderr:\n%s", res.stderr)
			assert.Contains(t, res.stderr, tc.message)
			if tc.code == exitUsage {
				assert.Equal(t, 1, strings.Count(res.stderr, "error: "), "one error line:\n%s", res.stderr)
			}
		})
	}
}
