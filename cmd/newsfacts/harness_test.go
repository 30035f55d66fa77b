package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// cliResult is what one in-process run of the command printed and returned.
type cliResult struct {
	code           int
	stdout, stderr string
}

// execCLI runs newsfacts in-process with args, as the shell would.
func execCLI(t *testing.T, args ...string) cliResult {
	t.Helper()
	return execCLIEnv(t, env{}, args...)
}

// execCLIEnv is execCLI with e's settings (standard streams are replaced).
func execCLIEnv(t *testing.T, e env, args ...string) cliResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e.stdin, e.stdout, e.stderr = strings.NewReader(""), &stdout, &stderr
	code := run(t.Context(), args, e)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// exportedArticle is the part of "export --table articles" tests look at.
type exportedArticle struct {
	SourceID string `json:"source_id"`
	Text     string `json:"text"`
}

// storedArticles exports the articles in the database at path, by source id.
func storedArticles(t *testing.T, path string) map[string]exportedArticle {
	t.Helper()
	res := execCLI(t, "export", "--db", path, "--table", "articles")
	require.Equal(t, 0, res.code, "export: %s", res.stderr)
	out := map[string]exportedArticle{}
	sc := bufio.NewScanner(strings.NewReader(res.stdout))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var a exportedArticle
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		require.NotContains(t, out, a.SourceID, "article stored twice")
		out[a.SourceID] = a
	}
	require.NoError(t, sc.Err())
	return out
}

// linesAbout returns the lines of out that start with prefix and mention
// name.
func linesAbout(out, prefix, name string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) && strings.Contains(l, name) {
			got = append(got, l)
		}
	}
	return got
}
