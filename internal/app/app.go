// Package app wires Kindred together — config → store → jobs → web and API →
// HTTP server — once, for cmd/kindred and for tests that run the real server.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/api"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/inbound"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/usecases"
	"github.com/kindredhq/kindred/internal/web"
)

// MaxRequestBody caps every request body (uploads get their own limits).
const MaxRequestBody = 1 << 20

// MaxStoryBody caps the story form and a teller's edit form: a story is at
// most kindred.MaxStoryRunes, but a teller who pastes a whole document
// (megabytes) must get the form back with the text and "please shorten
// it", which needs the form read, not a bare "too large".
const MaxStoryBody = 8 << 20

// MaxImportBody caps a CSV upload (about 50,000 members).
const MaxImportBody = 64 << 20

// Options tune an App beyond its Config, mostly for tests.
type Options struct {
	Logger       *slog.Logger
	Password     *password.Hasher // nil: argon2id defaults
	PollInterval time.Duration    // how often idle job workers look for work
	Clock        func() time.Time
}

// App is a ready-to-serve Kindred.
type App struct {
	Config  config.Config
	Store   *store.Store
	Queue   *jobs.Queue
	Handler http.Handler
	Logger  *slog.Logger
	// UseCases are the flows pages, the API and the CLI share.
	UseCases usecases.Set
	// routes is the router inside Handler's middleware.
	routes *http.ServeMux
	// inbound takes replies by email (nil without KINDRED_SMTP_LISTEN);
	// smtpLn is its listener once bound (ListenSMTP).
	inbound *inbound.Server
	smtpLn  net.Listener
}

// New opens and migrates the database and builds every part. It refuses a
// database written by a newer Kindred (store.ErrNewerSchema).
func New(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Password == nil {
		opts.Password = password.Default()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	st, err := store.Open(ctx, cfg.DB, store.WithClock(opts.Clock), store.WithLogger(opts.Logger),
		store.WithReplicas(cfg.DBReplicas, store.ReplicaOptions{MaxLag: cfg.ReplicaMaxLag}))
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	a := &App{Config: cfg, Store: st, Logger: opts.Logger}
	if err := a.build(opts); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// build creates the job queue and the HTTP handler.
func (a *App) build(opts Options) error {
	var sender jobs.Sender
	if a.Config.SMTPURL != "" {
		smtp, err := config.ParseSMTP(a.Config.SMTPURL)
		if err != nil {
			return err
		}
		sender = mail.NewSMTP(smtp, a.Config.MailFrom)
	}
	composer, err := mail.NewComposer()
	if err != nil {
		return err
	}
	q, err := jobs.New(jobs.Config{Store: a.Store, Sender: sender, Logger: a.Logger, PollInterval: opts.PollInterval,
		Mail: composer, BaseURL: a.Config.BaseURL, Clock: opts.Clock, Reminders: a.Config.Reminders,
		ReplyDomain: a.Config.ReplyDomain()})
	if err != nil {
		return err
	}
	a.Queue = q
	a.UseCases = usecases.New(a.Store, q)
	if a.Config.SMTPListen != "" {
		a.inbound = inbound.New(a.UseCases.Conversations, a.Config.ReplyDomain(), a.Logger.With("component", "smtp"))
	}
	a.UseCases.Listening.BaseURL = a.Config.BaseURL
	if a.UseCases.Listening.Translator, err = listening.NewTranslator(a.Config.TranslateURL, a.Config.TranslateKey, a.Store); err != nil {
		return err
	}
	a.UseCases.Accounts.Settings = accounts.Settings{LinkTTL: a.Config.MagicLinkTTL, Password: opts.Password,
		Sessions: kindred.SessionLimits{Idle: a.Config.SessionIdle, Lifetime: a.Config.SessionLifetime}}
	a.UseCases.Accounts.Log = a.Logger
	sessions := scs.New()
	sessions.Store = a.Store.Sessions()
	sessions.Lifetime = a.Config.SessionLifetime
	sessions.Cookie.Name = "kindred_session"
	sessions.Cookie.Secure = a.Config.SecureCookies()
	sessions.Cookie.SameSite = http.SameSiteLaxMode
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newReadCollector(a.Store))
	pages, err := web.New(web.Deps{Config: a.Config, Store: a.Store, Queue: q, Mail: composer, Sessions: sessions,
		Password: opts.Password, Logger: a.Logger, Now: opts.Clock, Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		Set: a.UseCases, SingleSignOn: a.singleSignOn(q)})
	if err != nil {
		return err
	}
	a.Handler = a.handler(pages, sessions, reg)
	return nil
}

// singleSignOn is the sign-in with the configured OpenID Connect
// provider, nil when there is none.
func (a *App) singleSignOn(q *jobs.Queue) *accounts.SingleSignOn {
	o := a.Config.OIDC
	if !o.Enabled() {
		return nil
	}
	return accounts.NewSingleSignOn(a.Store, q, accounts.SingleSignOnSettings{Name: o.Name, Issuer: o.Issuer,
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: a.Config.BaseURL + config.CallbackPath,
		CreateProfiles: o.CreateProfiles})
}

// handler assembles routes and middleware; the HTTP metrics go to reg,
// which the pages serve on /metrics.
func (a *App) handler(pages *web.Server, sessions *scs.SessionManager, reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	pages.Register(mux)
	jsonAPI := &api.API{Set: a.UseCases, Store: a.Store, Queue: a.Queue, Logger: a.Logger}
	jsonAPI.Register(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", a.ready)
	mux.HandleFunc("/", pages.NotFound)
	a.routes = mux

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(pages.Forbidden))
	return httpx.Chain(mux,
		httpx.Observe(a.Logger, httpx.NewMetrics(reg), mux),
		httpx.SecurityHeaders(a.Config.SecureCookies()),
		httpx.Recover(a.Logger),
		trackWrites(a.Config.SecureCookies()),
		httpx.LimitBody(MaxRequestBody,
			httpx.BodyRule{Prefix: "/network/members/", Suffix: "/photo", Max: 3 << 20},
			httpx.BodyRule{Prefix: "/network/import", Max: MaxImportBody},
			httpx.BodyRule{Prefix: "/c/", Max: MaxStoryBody},
			httpx.BodyRule{Prefix: "/s/", Max: MaxStoryBody},
			httpx.BodyRule{Prefix: "/listening/", Suffix: "/import", Max: MaxImportBody}),
		sessions.LoadAndSave,
		pages.LoadViewer,
		markLagTolerant(mux),
		httpx.NoStore("/static/"),
		cop.Handler,
		httpx.ValidText(func(w http.ResponseWriter, r *http.Request) {
			if httpx.WantsJSON(r) {
				jsonAPI.Unreadable(w, r)
				return
			}
			pages.Unreadable(w, r)
		}),
	)
}

// ready answers 200 when the database answers.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.Store.Ping(ctx); err != nil {
		a.Logger.Warn("not ready", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// ListenSMTP binds the listener for replies by email on
// KINDRED_SMTP_LISTEN (Serve does it when nothing has) and returns its
// address; nil when Kindred takes no mail.
func (a *App) ListenSMTP() (net.Addr, error) {
	if a.inbound == nil {
		return nil, nil
	}
	if a.smtpLn == nil {
		ln, err := net.Listen("tcp", a.Config.SMTPListen)
		if err != nil {
			return nil, fmt.Errorf("KINDRED_SMTP_LISTEN: cannot listen on %s: %w", a.Config.SMTPListen, err)
		}
		a.smtpLn = ln
	}
	return a.smtpLn.Addr(), nil
}

// Serve starts the job workers and serves HTTP on ln (and SMTP, for
// replies by email, when configured) until ctx ends, then shuts down
// gracefully: in-flight requests, messages and jobs finish first.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if _, err := a.ListenSMTP(); err != nil {
		return err
	}
	if err := a.Queue.Start(ctx); err != nil {
		if ctx.Err() != nil {
			// Stopped (Ctrl+C) while starting: nothing ran, a clean stop.
			return nil
		}
		return err
	}
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if a.inbound != nil {
		go func() { errc <- a.inbound.Serve(a.smtpLn) }()
	}
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := errors.Join(srv.Shutdown(shutdownCtx), a.shutdownSMTP(shutdownCtx), a.Queue.Stop(shutdownCtx))
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serveErr)
	}
	return err
}

// shutdownSMTP stops the listener for replies, letting the messages being
// received finish.
func (a *App) shutdownSMTP(ctx context.Context) error {
	if a.inbound == nil {
		return nil
	}
	return a.inbound.Shutdown(ctx)
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// SetupLink returns a one-time link that creates the first administrator, or
// "" when accounts already exist.
func (a *App) SetupLink(ctx context.Context) (string, error) {
	return a.UseCases.Accounts.SetupLink(ctx, a.Config.BaseURL)
}
