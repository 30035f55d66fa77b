package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// DefaultUserAgent is sent when FetchOptions.UserAgent is empty; the CLI
// passes UserAgent(version) instead.
const DefaultUserAgent = "newsfacts/dev (+https://github.com/newsfacts/newsfacts)"

// UserAgent returns the User-Agent newsfacts identifies itself with.
func UserAgent(version string) string {
	return "newsfacts/" + version + " (+https://github.com/newsfacts/newsfacts)"
}

// Errors a fetch can wrap, for errors.Is.
var (
	// ErrNotModified marks a URL whose server answered 304 Not Modified to
	// the validators in Options.Known: the stored article is current.
	ErrNotModified = errors.New("not modified since the last fetch")
	// ErrTooManyRedirects marks a URL that redirected more often than
	// FetchOptions.MaxRedirects allows (a redirect loop, usually).
	ErrTooManyRedirects = errors.New("too many redirects")
)

// StatusError is an HTTP response status that is not a page: 4xx and 5xx.
type StatusError struct {
	Code     int
	Attempts int // requests made, when retried
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

// Validators are an earlier response's cache validators for one URL. Sent
// back as If-None-Match and If-Modified-Since, they let the server answer
// 304, which Read reports as ErrNotModified.
type Validators struct {
	ETag         string
	LastModified string
}

// FetchOptions configure a Fetcher. The zero value is usable: every zero
// field takes the default its comment names.
type FetchOptions struct {
	UserAgent    string        // default DefaultUserAgent
	Timeout      time.Duration // one request, body included; default 30s
	MaxBytes     int64         // page size cap; default DefaultMaxBytes
	MaxRedirects int           // default 10
	PerHost      int           // requests in flight to one host; default 2
	Concurrency  int           // pages Read fetches at once; default 4
	// Retries is how often a request that timed out, lost its connection
	// or got a 5xx is tried again; default 2, negative for none. 4xx
	// statuses are never retried.
	Retries int
	// Backoff is the wait before the first retry, doubled for each next
	// one up to MaxBackoff; defaults 500ms and 30s.
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Transport sends the requests; nil means a clone of
	// http.DefaultTransport.
	Transport http.RoundTripper
}

func (o FetchOptions) withDefaults() FetchOptions {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MaxRedirects, 10)
	def(&o.PerHost, 2)
	def(&o.Concurrency, 4)
	def(&o.Retries, 2)
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	return o
}

// Fetcher gets article pages over HTTP(S) politely: it names itself, caps
// time, size, redirects and requests per host, and retries transient
// failures with exponential backoff. One Fetcher may be shared by
// concurrent callers.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client

	mu    sync.Mutex
	hosts map[string]chan struct{} // per-host request slots
}

// NewFetcher returns a Fetcher configured by o.
func NewFetcher(o FetchOptions) *Fetcher {
	o = o.withDefaults()
	f := &Fetcher{opts: o, hosts: map[string]chan struct{}{}}
	f.client = &http.Client{
		Transport: o.Transport,
		Timeout:   o.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= o.MaxRedirects {
				return fmt.Errorf("%w (stopped after %d)", ErrTooManyRedirects, len(via))
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: unsupported URL scheme %q: %w", req.URL, req.URL.Scheme, ErrUnsupported)
			}
			return nil
		},
	}
	return f
}

// Fetch gets one HTML page and returns its body and response details.
// known, when set, makes the request conditional. Every error is a
// *ParseError whose Path is rawURL; it names the HTTP status where there
// was one and wraps ErrNotModified (304), ErrTooLarge, ErrUnsupported (a
// scheme other than http or https, or a response that is not HTML),
// ErrTooManyRedirects or a *StatusError.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, known Validators) ([]byte, *Fetch, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, &ParseError{Path: rawURL, Err: fmt.Errorf("invalid URL: %w", unwrapURLError(err))}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, nil, &ParseError{Path: rawURL, Err: fmt.Errorf("unsupported URL scheme %q: %w", u.Scheme, ErrUnsupported)}
	}
	if u.Host == "" {
		return nil, nil, &ParseError{Path: rawURL, Err: errors.New("invalid URL: no host")}
	}
	for attempt := 1; ; attempt++ {
		body, fx, err := f.once(ctx, u, known)
		if err == nil {
			return body, fx, nil
		}
		if attempt > f.opts.Retries || !retryable(err) || ctx.Err() != nil {
			var se *StatusError
			if errors.As(err, &se) {
				se.Attempts = attempt
			} else if attempt > 1 {
				err = fmt.Errorf("%w (after %d attempts)", err, attempt)
			}
			return nil, nil, &ParseError{Path: rawURL, Err: err}
		}
		wait := f.opts.Backoff << (attempt - 1)
		if wait > f.opts.MaxBackoff || wait <= 0 {
			wait = f.opts.MaxBackoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, &ParseError{Path: rawURL, Err: ctx.Err()}
		case <-t.C:
		}
	}
}

// once makes one request.
func (f *Fetcher) once(ctx context.Context, u *url.URL, known Validators) ([]byte, *Fetch, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	if known.ETag != "" {
		req.Header.Set("If-None-Match", known.ETag)
	}
	if known.LastModified != "" {
		req.Header.Set("If-Modified-Since", known.LastModified)
	}
	release, err := f.acquire(ctx, u.Host)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	resp, err := f.client.Do(req)
	if err != nil {
		err = unwrapURLError(err)
		if resp != nil {
			err = fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
		}
		return nil, nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, nil, fmt.Errorf("HTTP 304: %w", ErrNotModified)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, nil, &StatusError{Code: resp.StatusCode}
	}
	max := f.opts.MaxBytes
	if resp.ContentLength > max {
		return nil, nil, fmt.Errorf("HTTP %d: %w (%d bytes, limit %d)", resp.StatusCode, ErrTooLarge, resp.ContentLength, max)
	}
	body, err := readCapped(resp.Body, max)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, nil, fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	case err != nil:
		return nil, nil, fmt.Errorf("HTTP %d: read body: %w", resp.StatusCode, unwrapURLError(err))
	}
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, nil, fmt.Errorf("HTTP %d, content type %q: %w", resp.StatusCode, ct, ErrUnsupported)
	}
	fx := &Fetch{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		Header:       firstValues(resp.Header),
		FetchedAt:    time.Now().UTC().Format(time.RFC3339),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	return body, fx, nil
}

// firstValues keeps the first value of each header field.
func firstValues(h http.Header) map[string]string {
	m := make(map[string]string, len(h))
	for k, v := range h {
		if len(v) > 0 {
			m[k] = v[0]
		}
	}
	return m
}

// acquire takes one of the host's request slots, waiting while all are in
// use; release gives it back.
func (f *Fetcher) acquire(ctx context.Context, host string) (release func(), err error) {
	f.mu.Lock()
	slots, ok := f.hosts[host]
	if !ok {
		slots = make(chan struct{}, f.opts.PerHost)
		f.hosts[host] = slots
	}
	f.mu.Unlock()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// retryable reports whether a failed request may succeed when tried again:
// a 5xx status, a timeout or a dropped connection.
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500
	}
	var ne net.Error
	return (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF)
}

// unwrapURLError drops the "Get \"url\":" prefix of a *url.Error: the
// ParseError names the URL already.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
