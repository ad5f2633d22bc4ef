// Package web serves Kindred's HTML pages: server-rendered templates,
// progressive enhancement with htmx, one file per area.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/markdown"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/usecases"
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
	// Set holds the use cases: every change the pages make goes through them.
	usecases.Set
	// SingleSignOn signs people in with the OpenID Connect provider; nil
	// when KINDRED_OIDC_ISSUER is unset.
	SingleSignOn *accounts.SingleSignOn
}

// Server holds the page handlers.
type Server struct {
	Deps
	views     *views
	reports   *emergence.Reports
	facets    cachedFacets
	homeCache store.Cached[homeShared] // see homeData
}

// New parses the templates (failing on a broken one) and returns the server.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Markdown == nil {
		d.Markdown = markdown.New()
	}
	v, err := parsedViews()
	if err != nil {
		return nil, err
	}
	return &Server{
		Deps:    d,
		views:   v,
		reports: emergence.NewReports(),
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

	s.registerAccounts(mux)
	s.registerSingleSignOn(mux)
	mux.Handle("GET /metrics", s.metrics())
	s.registerWebhooks(mux)
	s.registerListening(mux)

	s.registerDirectory(mux)
	s.registerEmergence(mux)
	s.registerPractices(mux)
	s.registerGatherings(mux)
	s.registerConversations(mux)
	s.registerProposals(mux)
	s.registerSeason(mux)
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
