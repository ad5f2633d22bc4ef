package testutil

import (
	"context"
	"hash/fnv"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/app"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/password"
)

// Server is a real Kindred running in-process on a loopback port.
type Server struct {
	*app.App
	URL string
	// SMTPAddr is where the server takes replies by email (with
	// ServerOptions.ReplyByMail), "" otherwise.
	SMTPAddr string
}

// ServerOptions tune StartServer.
type ServerOptions struct {
	DSN     string // database; "" means a fresh, migrated SQLite file (FreshSQLite)
	SMTPURL string // "" keeps mail in the outbox
	// MetricsToken is KINDRED_METRICS_TOKEN: "" lets administrators and
	// direct requests from loopback (every test client) read /metrics.
	MetricsToken string
	// Replicas are KINDRED_DB_REPLICAS (see NewReplicaPair).
	Replicas []string
	// ReplyByMail starts the SMTP listener for replies on a free loopback
	// port, with reply addresses at ReplyDomain.
	ReplyByMail bool
	// Clock is the server's clock (app.Options.Clock); nil is time.Now.
	Clock func() time.Time
	// OIDC is single sign-on (StartOIDCProvider's Settings); zero is off.
	OIDC config.OIDC
	// TranslateURL is KINDRED_TRANSLATE_URL: "" turns machine translation off.
	TranslateURL string
}

// ReplyDomain is the domain of reply addresses on test servers.
const ReplyDomain = "reply.kindred.test"

// StartServer runs the real server (the same wiring as kindred serve) on
// 127.0.0.1:0 until the test ends.
func StartServer(t testing.TB, o ServerOptions) *Server {
	t.Helper()
	if o.DSN == "" {
		o.DSN = FreshSQLite(t)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), DB: o.DSN, BaseURL: url, SMTPURL: o.SMTPURL, MetricsToken: o.MetricsToken,
		DBReplicas: o.Replicas, OIDC: o.OIDC, TranslateURL: o.TranslateURL}
	if o.ReplyByMail {
		cfg.SMTPListen, cfg.MailDomain = "127.0.0.1:0", ReplyDomain
	}
	cfg.Defaults()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("KINDRED_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := app.New(context.Background(), cfg, app.Options{Logger: logger, Password: password.Fast(), PollInterval: TestPollInterval,
		Clock: o.Clock})
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	srv := &Server{App: a, URL: url}
	if addr, err := a.ListenSMTP(); err != nil {
		t.Fatalf("start server: %v", err)
	} else if addr != nil {
		srv.SMTPAddr = addr.String()
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		a.Close()
	})
	return srv
}

// TestPollInterval is how often a test server's idle job workers look for
// work, as in production (jobs.New's default). Each look re-prepares River's
// job query, which SQLite parses anew: under the race detector an idle server
// polling every 20 ms burned 0.6 of a core, and at 100 ms the polling of the
// page tests' servers was still the largest part of the test binary's CPU
// (146 of 575 s in a profile of internal/web). Jobs queued inside a
// transaction (all of Kindred's) wait for the next look, so a test waiting for
// a mail waits on average half of this longer — the tests' waits allow
// minutes, and the two cores they share are the suite's bottleneck.
const TestPollInterval = 250 * time.Millisecond

// Client returns an HTTP client with its own cookie jar that does not follow
// redirects, so tests see each response.
func Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// ForOneServer runs fn as a subtest against a fresh server on one engine:
// a browser journey exercises the pages, which are the same on both
// engines, and costs too much to run twice (the store and use-case tests run
// every rule on both). The engine alternates by test name, so that some
// journeys run on PostgreSQL and some on SQLite; without PostgreSQL, all run
// on SQLite.
func ForOneServer(t *testing.T, o ServerOptions, fn func(t *testing.T, srv *Server)) {
	engines := Engines(t)
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	e := engines[int(h.Sum32()%2)%len(engines)]
	t.Run(e.Name, func(t *testing.T) {
		opts := o
		if e.Name != "sqlite" {
			opts.DSN = e.DSN(t)
		}
		fn(t, StartServer(t, opts))
	})
}

// ForEachServer runs fn as a subtest against a fresh server per engine:
// SQLite always, PostgreSQL when KINDRED_TEST_POSTGRES is set.
func ForEachServer(t *testing.T, o ServerOptions, fn func(t *testing.T, srv *Server)) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			opts := o
			if e.Name != "sqlite" {
				opts.DSN = e.DSN(t)
			}
			fn(t, StartServer(t, opts))
		})
	}
}
