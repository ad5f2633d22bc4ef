// Package web serves Kindred's HTML pages: server-rendered templates,
// progressive enhancement with htmx, one file per area.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/markdown"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
)

// Deps are what the pages need; cmd/kindred (through internal/app) builds them.
type Deps struct {
	Config   config.Config
	Store    *store.Store
	Queue    *jobs.Queue
	Mail     *mail.Composer
	Sessions *scs.SessionManager
	Password *password.Hasher
	Markdown *markdown.Renderer
	Logger   *slog.Logger
	Now      func() time.Time
	// Metrics serves the Prometheus metrics on GET /metrics, to those
	// httpx.GuardMetrics lets through; nil answers 404.
	Metrics http.Handler
}

// Server holds the page handlers.
type Server struct {
	Deps
	views        *views
	signinLimit  *httpx.Limiter // sign-in link requests per client address
	emailLimit   *httpx.Limiter // sign-in link requests per email address
	passwordFail *httpx.Limiter // password attempts per address and email
	reports      *emergence.Reports
	facets       cachedFacets
	homeCache    store.Cached[homeShared] // see homeData
}

// New parses the templates (failing on a broken one) and returns the server.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Markdown == nil {
		d.Markdown = markdown.New()
	}
	v, err := newViews()
	if err != nil {
		return nil, err
	}
	return &Server{
		Deps:         d,
		views:        v,
		signinLimit:  httpx.NewLimiter(20, 10*time.Minute, d.Now),
		emailLimit:   httpx.NewLimiter(5, 15*time.Minute, d.Now),
		passwordFail: httpx.NewLimiter(8, 15*time.Minute, d.Now),
		reports:      emergence.NewReports(),
	}, nil
}

// Mux is where Register adds routes; *http.ServeMux satisfies it, and the
// authorization test records the patterns through it.
type Mux interface {
	Handle(pattern string, h http.Handler)
	HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request))
}

// Register adds the page routes to mux.
func (s *Server) Register(mux Mux) {
	mux.Handle("GET /static/{hash}/{file...}", s.views.staticHandler())
	mux.HandleFunc("GET /{$}", s.home)

	mux.HandleFunc("GET /signin", s.signinPage)
	mux.HandleFunc("POST /signin/link", s.requestLink)
	mux.HandleFunc("GET /signin/link", s.confirmLink)
	mux.HandleFunc("POST /signin/link/use", s.useLink)
	mux.HandleFunc("POST /signin/password", s.signinPassword)
	mux.HandleFunc("POST /signout", s.signout)
	mux.HandleFunc("GET /setup", s.setupPage)
	mux.HandleFunc("POST /setup", s.setup)

	mux.Handle("GET /me", s.signedIn(s.profile))
	mux.Handle("POST /me", s.signedIn(s.updateProfile))
	mux.Handle("POST /me/password", s.signedIn(s.changePassword))
	mux.Handle("POST /me/digest", s.signedIn(s.setDigest))
	mux.Handle("GET /me/export.json", s.signedIn(s.exportMyData))
	mux.Handle("POST /me/delete", s.signedIn(s.deleteMyAccount))
	mux.Handle("POST /me/tokens", s.signedIn(s.createToken))
	mux.Handle("POST /me/tokens/{id}/revoke", s.signedIn(s.revokeToken))

	mux.Handle("GET /admin/accounts", s.adminOnly(s.accounts))
	mux.Handle("POST /admin/accounts", s.adminOnly(s.inviteAccount))
	mux.Handle("POST /admin/accounts/{id}/role", s.adminOnly(s.changeRole))
	mux.Handle("GET /admin/outbox", s.adminOnly(s.outbox))
	mux.Handle("GET /admin/outbox/{id}", s.adminOnly(s.outboxMessage))
	mux.Handle("GET /admin/audit", s.adminOnly(s.auditLog))
	mux.Handle("GET /metrics", s.metrics())
	s.registerListening(mux)

	s.registerDirectory(mux)
	s.registerEmergence(mux)
	s.registerPractices(mux)
	s.registerGatherings(mux)
	for _, a := range areas {
		if !a.Built {
			mux.Handle("GET /"+a.Slug, s.signedIn(s.areaPage(a)))
		}
	}
}

// metrics is GET /metrics: the Prometheus handler behind httpx.GuardMetrics,
// where a signed-in administrator counts when no token is set.
func (s *Server) metrics() http.Handler {
	h := s.Metrics
	if h == nil {
		h = http.NotFoundHandler()
	}
	return httpx.GuardMetrics(s.Config.MetricsToken, func(r *http.Request) bool { return accountFrom(r.Context()).IsAdmin() }, h)
}
