package ingest

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// addSamples seeds f with the repository's sample file of the given name.
func addSamples(f *testing.F, names ...string) {
	f.Helper()
	for _, n := range names {
		data, err := os.ReadFile("../testdata/sample/" + n)
		if err != nil {
			f.Fatalf("seed: %v", err)
		}
		f.Add(data, uint16(0))
	}
}

// jsonSeeds are records that reach each branch of the JSON readers.
var jsonSeeds = []string{
	`{"id": "a", "maintext": "Ten women came home."}`,
	`[{"id": "a", "maintext": "One."}, {"id": "b", "maintext": "Two."}]`,
	`[{"id": "a", "maintext": "One."}, {"id": 5, "maintext": "Two."}]`,
	`{"id": "a", "maintext": "tru`,
	`{"id": "a", "title": "T"}`,
	`{"events": []}`,
	`{"url": "https://example.org/x", "maintext": "e\u0301 \r\n caf\u00e9\u0000", "date_publish": "2021-02-03 04:05:06"}`,
	`{"id": "a", "maintext": "   "}`,
	"{\"id\": \"a\", \"maintext\": \"bad \xff\xfe utf-8\"}",
	`[]`, `[1, "x", null]`, `null`, ``,
	"\uFEFF{\"id\": \"bom\", \"maintext\": \"After a BOM.\"}",
	"\xFF\xFE{\x00}\x00", "\xFE\xFF\x00{\x00}\x00",
	"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n\n",
}

// checkYield returns a yield function that fails t when the reader breaks
// its contract: articles carry clean text, errors are *ParseError naming the
// input.
func checkYield(t *testing.T, path string) yieldFunc {
	return func(a Article, err error) bool {
		t.Helper()
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if !strings.HasPrefix(pe.Path, path) || !strings.HasPrefix(err.Error(), path) {
				t.Fatalf("error %q does not name the input %s", err, path)
			}
			if pe.Err == nil {
				t.Fatalf("ParseError without a cause: %q", err)
			}
			return true
		}
		checkArticle(t, a)
		if !strings.HasPrefix(a.Input, path) {
			t.Fatalf("article input %q does not name the file %s", a.Input, path)
		}
		if a.SourceID == "" {
			t.Fatalf("article from %s has no source id", a.Input)
		}
		return true
	}
}

// checkArticle fails t unless a's text is what the store expects: valid,
// NFC-normalised UTF-8, trimmed, non-empty, without NUL or CR.
func checkArticle(t *testing.T, a Article) {
	t.Helper()
	for name, s := range map[string]string{"text": a.Text, "title": a.Title} {
		if !utf8.ValidString(s) {
			t.Fatalf("%s is not valid UTF-8: %q", name, s)
		}
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("%s is not NFC: %q", name, s)
		}
		if strings.ContainsAny(s, "\x00\r") {
			t.Fatalf("%s holds NUL or CR: %q", name, s)
		}
	}
	if a.Text == "" || a.Text != strings.TrimSpace(a.Text) {
		t.Fatalf("text is empty or untrimmed: %q", a.Text)
	}
}

func FuzzReadJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s), uint16(0))
	}
	addSamples(f, "belgium-children.json")
	f.Fuzz(func(t *testing.T, data []byte, _ uint16) {
		const path = "fuzz/in.json"
		readJSON(context.Background(), path, data, Options{}, checkYield(t, path))
	})
}

func FuzzReadJSONL(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s+"\n"+s), uint16(0))
		f.Add([]byte(s+"\r\n"+`{"id": "next", "maintext": "Next."}`), uint16(20))
	}
	addSamples(f, "wire.jsonl")
	f.Fuzz(func(t *testing.T, data []byte, maxBytes uint16) {
		const path = "fuzz/in.jsonl"
		opts := Options{MaxBytes: int64(maxBytes)} // 0: the default cap
		readJSONL(context.Background(), path, strings.NewReader(string(data)), opts, checkYield(t, path))
	})
}
