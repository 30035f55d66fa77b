package review

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"

	"github.com/newsfacts/newsfacts/extract"
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
var pages = []string{"queue.html", "fact.html", "article.html", "summary.html", "orphans.html", "bulk.html", "operation.html"}

// contentSecurityPolicy allows the page's own stylesheet and script and
// nothing else: no inline script, no framing, no foreign form targets.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxForm bounds a POST body: a correction is a few hundred bytes.
const maxForm = 64 << 10

// Options configure the review UI.
type Options struct {
	Reviewer string // recorded with each decision
	// Addr is the listen address. When its host is a loopback address,
	// requests must name a loopback host, which defeats DNS rebinding.
	Addr string
	Log  *slog.Logger // internal errors; nil discards them
	// PageSize is how many events a queue page lists; 0 means 100.
	PageSize int
	// Partners are the partner ids a correction may add, usually an
	// Extractor's PartnerIDs. The form's partner field checks them as
	// typed, and the store refuses others. With the zero value the field
	// has no pattern and a correction can only keep or drop the event's
	// own partners.
	Partners extract.PartnerIDs
}

// New returns the review UI for db: its pages and forms behind the host
// check, the security headers and cross-origin protection. It parses every
// template first and fails if one is missing or broken.
func New(db *store.DB, opts Options) (http.Handler, error) {
	s, err := newServer(db, opts)
	if err != nil {
		return nil, err
	}
	return s.handler(), nil
}

// IsLoopback reports whether a listen address's host is a loopback one,
// reachable only from this machine.
func IsLoopback(addr string) bool { return isLoopback(hostOf(addr)) }

// server serves the review UI. Its handlers share the database and the
// templates parsed at start-up.
type server struct {
	db    *store.DB
	opts  Options
	pages map[string]*template.Template
}

func newServer(db *store.DB, opts Options) (*server, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	s := &server{db: db, opts: opts, pages: map[string]*template.Template{}}
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
func (s *server) handler() http.Handler {
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
	mux.HandleFunc("POST /facts/{id}/undo", s.undo)
	mux.HandleFunc("GET /articles/{id}", s.article)
	mux.HandleFunc("GET /summary", s.summary)
	mux.HandleFunc("GET /orphans", s.orphans)
	mux.HandleFunc("GET /bulk", s.bulk)
	mux.HandleFunc("POST /bulk", s.acceptBulk)
	mux.HandleFunc("POST /orphans/{id}/reattach", s.reattachOrphan)
	mux.HandleFunc("POST /orphans/{id}/discard", s.discardOrphan)
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
func (s *server) secure(next http.Handler) http.Handler {
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
func (s *server) hostAllowed(host string) bool {
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
func (s *server) render(w http.ResponseWriter, r *http.Request, page string, data any) {
	s.renderCode(w, r, page, data, http.StatusOK)
}

// renderCode is render with a status code: a page that answers a refused
// decision is not a 200.
func (s *server) renderCode(w http.ResponseWriter, r *http.Request, page string, data any, code int) {
	var buf bytes.Buffer
	if err := s.pages[page].Execute(&buf, data); err != nil {
		s.internalError(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// fail answers an error: a short message for bad input and missing events,
// a generic one (and a log line) for anything else.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
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

func (s *server) internalError(w http.ResponseWriter, r *http.Request, err error) {
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
