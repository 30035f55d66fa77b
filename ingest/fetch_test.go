package ingest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newsServer serves the fixture pages and every failure Read must survive.
type newsServer struct {
	*httptest.Server
	page       []byte
	flakyCalls atomic.Int32
	userAgent  atomic.Value
	inFlight   atomic.Int32
	maxFlight  atomic.Int32
}

func newNewsServer(t *testing.T) *newsServer {
	t.Helper()
	s := &newsServer{page: readFixture(t, "furniture.html")}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /news/2023/05/02/oak-chest", func(w http.ResponseWriter, r *http.Request) {
		s.userAgent.Store(r.Header.Get("User-Agent"))
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Tue, 02 May 2023 10:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 02 May 2023 10:00:00 GMT")
		w.Write(s.page)
	})
	mux.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/2023/05/02/oak-chest", http.StatusFound)
	})
	mux.HandleFunc("GET /flaky", func(w http.ResponseWriter, r *http.Request) {
		if s.flakyCalls.Add(1) == 1 {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(s.page)
	})
	mux.HandleFunc("GET /down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("GET /huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(s.page)
		w.Write([]byte(strings.Repeat("<p>padding</p>\n", 2000)))
	})
	mux.HandleFunc("GET /photo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("GET /slow/{n}", func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			m := s.maxFlight.Load()
			if n <= m || s.maxFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		w.Write(s.page)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// testFetcher retries fast and caps pages at 8 KiB.
func testFetcher() *Fetcher {
	return NewFetcher(FetchOptions{
		UserAgent: UserAgent("test"),
		Timeout:   10 * time.Second,
		MaxBytes:  8 << 10,
		Retries:   2,
		Backoff:   time.Millisecond,
	})
}

// deadURL returns a URL on a port nothing listens on any more.
func deadURL(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	return u + "/gone"
}

func TestRead_URLs(t *testing.T) {
	srv := newNewsServer(t)
	article := srv.URL + "/news/2023/05/02/oak-chest"
	tests := []struct {
		name    string
		url     string
		wantErr error  // errors.Is target, nil for an article
		wantMsg string // part of the message, after the URL
	}{
		{name: "article", url: article},
		{name: "dead host", url: deadURL(t), wantMsg: "connection refused"},
		{name: "404", url: srv.URL + "/missing", wantMsg: "HTTP 404 Not Found"},
		{name: "500 that recovers on retry", url: srv.URL + "/flaky"},
		{name: "503 every time", url: srv.URL + "/down", wantMsg: "HTTP 503 Service Unavailable (after 3 attempts)"},
		{name: "redirect loop", url: srv.URL + "/loop", wantErr: ErrTooManyRedirects, wantMsg: "HTTP 302: too many redirects (stopped after 10)"},
		{name: "page over the size cap", url: srv.URL + "/huge", wantErr: ErrTooLarge, wantMsg: "HTTP 200: input over the size limit"},
		{name: "non-HTML response", url: srv.URL + "/photo.png", wantErr: ErrUnsupported, wantMsg: `HTTP 200, content type "image/png"`},
		{name: "other scheme", url: "ftp://files.example/story.html", wantErr: ErrUnsupported, wantMsg: `unsupported URL scheme "ftp"`},
		{name: "redirect to the article", url: srv.URL + "/moved"},
	}
	inputs := make([]string, len(tests))
	for i, tc := range tests {
		inputs[i] = tc.url
	}
	type got struct {
		a   Article
		err error
	}
	var results []got
	for a, err := range Read(t.Context(), inputs, Options{Fetcher: testFetcher()}) {
		results = append(results, got{a, err})
	}
	require.Len(t, results, len(tests), "one result for each URL, in order")
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := results[i]
			if tc.wantErr == nil && tc.wantMsg == "" {
				require.NoError(t, r.err)
				assert.Equal(t, tc.url, r.a.SourceID)
				assert.Equal(t, tc.url, r.a.Input)
				assert.Equal(t, "url", r.a.Format)
				assert.Contains(t, r.a.Text, "carved oak chest")
				assert.Equal(t, srv.page, r.a.Raw)
				require.NotNil(t, r.a.Fetched)
				assert.Equal(t, 200, r.a.Fetched.Status)
				_, err := time.Parse(time.RFC3339, r.a.Fetched.FetchedAt)
				assert.NoError(t, err)
				return
			}
			require.Error(t, r.err)
			var pe *ParseError
			require.ErrorAs(t, r.err, &pe)
			assert.Equal(t, tc.url, pe.Path)
			assert.True(t, strings.HasPrefix(r.err.Error(), tc.url+": "), "message %q names the URL", r.err)
			if tc.wantErr != nil {
				assert.ErrorIs(t, r.err, tc.wantErr)
			}
			assert.Contains(t, r.err.Error(), tc.wantMsg)
		})
	}
	t.Run("fetch details", func(t *testing.T) {
		a := results[0].a
		require.NotNil(t, a.Fetched)
		assert.Equal(t, `"v1"`, a.Fetched.ETag)
		assert.Equal(t, "Tue, 02 May 2023 10:00:00 GMT", a.Fetched.LastModified)
		assert.Equal(t, "text/html; charset=utf-8", a.Fetched.Header["Content-Type"])
		assert.Equal(t, "2023-05-02", a.Published)
		assert.Equal(t, UserAgent("test"), srv.userAgent.Load())
		assert.Equal(t, "newsfacts/test (+https://github.com/newsfacts/newsfacts)", UserAgent("test"))
	})
	t.Run("final URL after a redirect", func(t *testing.T) {
		a := results[len(results)-1].a
		assert.Equal(t, article, a.URL)
		assert.Equal(t, article, a.Fetched.URL)
		assert.Equal(t, srv.URL+"/moved", a.SourceID)
	})
}

func TestRead_NotModified(t *testing.T) {
	srv := newNewsServer(t)
	u := srv.URL + "/news/2023/05/02/oak-chest"
	tests := []struct {
		name  string
		known Validators
	}{
		{"etag", Validators{ETag: `"v1"`}},
		{"last-modified", Validators{LastModified: "Tue, 02 May 2023 10:00:00 GMT"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Fetcher: testFetcher(), Known: map[string]Validators{u: tc.known}}
			var errs []error
			for _, err := range Read(t.Context(), []string{u}, opts) {
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], ErrNotModified)
			assert.Equal(t, u+": HTTP 304: not modified since the last fetch", errs[0].Error())
		})
	}
}

func TestRead_PerHostLimit(t *testing.T) {
	srv := newNewsServer(t)
	var inputs []string
	for i := range 8 {
		inputs = append(inputs, srv.URL+"/slow/"+string(rune('a'+i)))
	}
	f := NewFetcher(FetchOptions{PerHost: 2, Concurrency: 8})
	n := 0
	for _, err := range Read(t.Context(), inputs, Options{Fetcher: f}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 8, n)
	assert.LessOrEqual(t, srv.maxFlight.Load(), int32(2))
}

func TestRead_StopEarly(t *testing.T) {
	srv := newNewsServer(t)
	inputs := []string{srv.URL + "/slow/a", srv.URL + "/slow/b", srv.URL + "/slow/c"}
	n := 0
	for range Read(t.Context(), inputs, Options{Fetcher: testFetcher()}) {
		n++
		break
	}
	assert.Equal(t, 1, n)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for range Read(ctx, inputs, Options{Fetcher: testFetcher()}) {
		t.Fatal("a cancelled Read yields nothing")
	}
}

func TestURLList(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
		wantBad []string
	}{
		{
			name:    "comments and blank lines",
			content: "# morning list\n\nhttps://a.example/1\n  http://b.example/2  # from the desk\n\n#https://c.example/3\n",
			want:    []string{"https://a.example/1", "http://b.example/2"},
		},
		{
			name:    "bad lines named by number, good ones kept",
			content: "https://a.example/1\nftp://b.example/2\n\n   c.example/3\nhttps://d.example/4\n",
			want:    []string{"https://a.example/1", "https://d.example/4"},
			wantBad: []string{`urls.txt:2:1: not an http or https URL: "ftp://b.example/2"`, `urls.txt:4:4: not an http or https URL: "c.example/3"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "urls.txt")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o644))
			got, bad, err := URLList(path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			require.Len(t, bad, len(tc.wantBad))
			for i, w := range tc.wantBad {
				assert.Contains(t, bad[i].Error(), w)
				var pe *ParseError
				assert.True(t, errors.As(bad[i], &pe))
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, _, err := URLList(filepath.Join(t.TempDir(), "none.txt"))
		var pe *ParseError
		require.ErrorAs(t, err, &pe)
		assert.ErrorIs(t, err, os.ErrNotExist)
	})
}

// TestFetcher_Concurrent shares one Fetcher between goroutines (run with
// -race).
func TestFetcher_Concurrent(t *testing.T) {
	srv := newNewsServer(t)
	f := testFetcher()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			_, fx, err := f.Fetch(t.Context(), srv.URL+"/slow/"+string(rune('a'+i)), Validators{})
			assert.NoError(t, err)
			assert.Equal(t, 200, fx.Status)
		})
	}
	wg.Wait()
}
