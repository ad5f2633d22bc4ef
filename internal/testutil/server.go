package testutil

import (
	"context"
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
}

// ServerOptions tune StartServer.
type ServerOptions struct {
	DSN     string // database; "" means a fresh SQLite file in a temp dir
	SMTPURL string // "" keeps mail in the outbox
	// MetricsToken is KINDRED_METRICS_TOKEN: "" lets administrators and
	// direct requests from loopback (every test client) read /metrics.
	MetricsToken string
}

// StartServer runs the real server (the same wiring as kindred serve) on
// 127.0.0.1:0 until the test ends.
func StartServer(t testing.TB, o ServerOptions) *Server {
	t.Helper()
	if o.DSN == "" {
		o.DSN = t.TempDir() + "/kindred.db"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), DB: o.DSN, BaseURL: url, SMTPURL: o.SMTPURL, MetricsToken: o.MetricsToken}
	cfg.Defaults()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("KINDRED_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := app.New(context.Background(), cfg, app.Options{Logger: logger, Password: password.Fast(), PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatalf("start server: %v", err)
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
	return &Server{App: a, URL: url}
}

// Client returns an HTTP client with its own cookie jar that does not follow
// redirects, so tests see each response.
func Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
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
