package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsfacts/newsfacts/store"
)

// The review UI's templates and static files are part of the binary.
var (
	//go:embed templates/*.html
	templateFS embed.FS
	//go:embed static
	staticFS embed.FS
)

// pages are the page templates; each is parsed together with layout.html.
var pages = []string{"queue.html", "fact.html", "article.html", "summary.html", "operation.html"}

// contentSecurityPolicy allows the page's own stylesheet and script and
// nothing else: no inline script, no framing, no foreign form targets.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxForm bounds a POST body: a correction is a few hundred bytes.
const maxForm = 64 << 10

func runReview(ctx context.Context, args []string, e env) error {
	fs, dbPath := newFlags("review", e)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port); keep it on 127.0.0.1 unless you mean to share the database")
	reviewer := fs.String("reviewer", os.Getenv("USER"), "`name` recorded with each decision")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("review: unexpected argument %q", pos[0])}
	}
	db, err := openExisting(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := newReviewServer(db, reviewOptions{
		Reviewer: *reviewer,
		Addr:     *addr,
		Log:      slog.New(slog.NewTextHandler(e.stderr, nil)),
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	fmt.Fprintf(e.stderr, "reviewing %s at http://%s/ as %q (Ctrl-C to stop)\n", db.Path(), ln.Addr(), *reviewer)
	if *reviewer == "" {
		fmt.Fprintln(e.stderr, "warning: decisions will carry no reviewer name (set --reviewer)")
	}
	if !isLoopback(hostOf(*addr)) {
		fmt.Fprintf(e.stderr, "warning: %s is reachable from other machines, and the review UI has no login\n", *addr)
	}
	return serve(ctx, ln, srv.handler())
}

// serve runs h on ln until ctx is cancelled, then shuts down gracefully,
// letting requests in flight finish for a few seconds.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// Requests outlive ctx by the shutdown grace period, not more.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("review: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("review: shut down: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// reviewOptions configure the review UI.
type reviewOptions struct {
	Reviewer string // recorded with each decision
	// Addr is the listen address. When its host is a loopback address,
	// requests must name a loopback host, which defeats DNS rebinding.
	Addr string
	Log  *slog.Logger
}

// reviewServer serves the review UI. Its handlers share the database and the
// templates parsed at start-up.
type reviewServer struct {
	db    *store.DB
	opts  reviewOptions
	pages map[string]*template.Template
}

func newReviewServer(db *store.DB, opts reviewOptions) (*reviewServer, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	s := &reviewServer{db: db, opts: opts, pages: map[string]*template.Template{}}
	for _, p := range pages {
		t, err := template.New("layout.html").ParseFS(templateFS, "templates/layout.html", "templates/text.html", "templates/"+p)
		if err != nil {
			return nil, fmt.Errorf("review: parse templates: %w", err)
		}
		s.pages[p] = t
	}
	return s, nil
}

// handler returns the UI's routes behind the host check, the security
// headers and cross-origin protection for every POST.
func (s *reviewServer) handler() http.Handler {
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		// staticFS is embedded at build time with this folder in it.
		static = staticFS
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.queue)
	mux.HandleFunc("GET /facts/{id}", s.fact)
	mux.HandleFunc("POST /facts/{id}/accept", s.accept)
	mux.HandleFunc("POST /facts/{id}/reject", s.reject)
	mux.HandleFunc("POST /facts/{id}/correct", s.correct)
	mux.HandleFunc("POST /facts/{id}/reset", s.reset)
	mux.HandleFunc("GET /articles/{id}", s.article)
	mux.HandleFunc("GET /summary", s.summary)
	mux.HandleFunc("GET /operations/{id}", s.operation)
	mux.HandleFunc("POST /operations/{id}/detach", s.detach)
	mux.HandleFunc("POST /operations/{id}/merge", s.merge)
	mux.HandleFunc("POST /operations/{id}/pick", s.pick)
	mux.HandleFunc("GET /timeline.csv", s.timelineCSV)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainError(w, "cross-origin request refused", http.StatusForbidden)
	}))
	return s.secure(cop.Handler(mux))
}

// secure sets the security headers on every response, and refuses requests
// for a host name the server does not answer to.
func (s *reviewServer) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !s.hostAllowed(r.Host) {
			plainError(w, "unknown host name", http.StatusMisdirectedRequest)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		}
		next.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a request's Host may be served. A server
// listening on loopback answers only to loopback names, so a web page whose
// name was rebound to 127.0.0.1 cannot read it or post to it.
func (s *reviewServer) hostAllowed(host string) bool {
	listen := hostOf(s.opts.Addr)
	if !isLoopback(listen) {
		return true
	}
	h := hostOf(host)
	return h == listen || isLoopback(h)
}

// hostOf returns the host of a host:port, or the input when it has no port.
func hostOf(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// render executes a page into a buffer first, so a template error becomes a
// plain 500 rather than half a page.
func (s *reviewServer) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, data); err != nil {
		s.internalError(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// fail answers an error: a short message for bad input and missing events,
// a generic one (and a log line) for anything else.
func (s *reviewServer) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ve *store.ValidationError
	var fe formError
	switch {
	case errors.As(err, &ve):
		plainError(w, "invalid "+ve.Error(), http.StatusBadRequest)
	case errors.As(err, &fe):
		plainError(w, "invalid "+fe.Error(), http.StatusBadRequest)
	case errors.Is(err, store.ErrNotFound):
		plainError(w, "not found: "+r.PathValue("id"), http.StatusNotFound)
	default:
		s.internalError(w, r, err)
	}
}

func (s *reviewServer) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.opts.Log.Error("review request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	plainError(w, "internal error (see the server log)", http.StatusInternalServerError)
}

// plainError writes msg as a plain-text page: the browser shows it as text
// whatever it contains.
func plainError(w http.ResponseWriter, msg string, code int) {
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}

// formError is a form value the handler cannot parse.
type formError struct{ field, value, msg string }

func (e formError) Error() string { return fmt.Sprintf("%s %q: %s", e.field, e.value, e.msg) }
