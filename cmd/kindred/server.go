package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/kindredhq/kindred/internal/app"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// loadConfig reads the environment; a bad setting is a usage error naming the variable.
func loadConfig() (config.Config, error) {
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return cfg, &exitError{code: 2, err: err}
	}
	return cfg, nil
}

func newLogger(cfg config.Config, sio stdio) *slog.Logger {
	return slog.New(slog.NewTextHandler(sio.err, &slog.HandlerOptions{Level: cfg.LogLevel}))
}

// runServe runs the web server until interrupted.
func runServe(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	return serve(ctx, cfg, sio, func(a *app.App) error {
		link, err := a.SetupLink(ctx)
		if err == nil && link != "" {
			fmt.Fprintf(sio.out, "\nThis Kindred has no accounts yet. Open this one-time link to create the first administrator:\n  %s\n\n", link)
		}
		return err
	})
}

// serve builds the app, runs before (with the app ready, before listening
// starts), then serves until ctx ends.
func serve(ctx context.Context, cfg config.Config, sio stdio, before func(*app.App) error) error {
	started := time.Now()
	log := newLogger(cfg, sio)
	a, err := app.New(ctx, cfg, app.Options{Logger: log})
	if errors.Is(err, store.ErrNewerSchema) {
		return &exitError{code: 1, err: err}
	}
	if err != nil {
		return err
	}
	defer a.Close()
	if err := before(a); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("KINDRED_ADDR: cannot listen on %s: %w", cfg.Addr, err)
	}
	if addr, err := a.ListenSMTP(); err != nil || addr != nil {
		if err != nil {
			return err
		}
		log.Info("taking replies by email", "smtp", addr.String(), "domain", cfg.ReplyDomain())
	}
	log.Info("kindred is running", "url", cfg.BaseURL, "db", engineName(cfg.DB), "startup_ms", time.Since(started).Milliseconds())
	fmt.Fprintf(sio.out, "Kindred is running at %s (press Ctrl+C to stop)\n", cfg.BaseURL)
	return a.Serve(ctx, ln)
}

func engineName(dsn string) string {
	e, _ := config.ParseDB(dsn)
	return string(e)
}

// runDemo serves Kindred with a generated demo network. Without KINDRED_DB it
// uses a fresh kindred-demo.db, so it never touches a real database.
func runDemo(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	sizeFlag := fs.String("size", "small", "demo network size: small (~300 members), medium (~3,000), large (~30,000) or xlarge (300,000, PostgreSQL only)")
	fraction := fs.Float64("fraction", 1, "with --size xlarge: generate this fraction (0 < f <= 1) of its members, organizations, ties, stories and weeks")
	seed := fs.Uint64("seed", 1, "random seed; the same seed makes the same network")
	if err := fs.Parse(args); err != nil {
		return err
	}
	size, err := demo.ParseSize(*sizeFlag)
	if err != nil {
		return usageError("%v", err)
	}
	if *fraction <= 0 || *fraction > 1 || (*fraction != 1 && size != demo.XLarge) {
		return usageError("--fraction %g: set a number above 0 and at most 1, with --size xlarge only", *fraction)
	}
	if os.Getenv("KINDRED_DB") == "" {
		if size == demo.XLarge {
			return usageError("%v", demo.ErrXLargeNeedsPostgres)
		}
		for _, f := range []string{"kindred-demo.db", "kindred-demo.db-wal", "kindred-demo.db-shm"} {
			if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove old demo database: %w", err)
			}
		}
		os.Setenv("KINDRED_DB", "kindred-demo.db")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	return serve(ctx, cfg, sio, func(a *app.App) error {
		fmt.Fprintf(sio.out, "Generating a %s demo network (seed %d)…\n", size, *seed)
		res, err := demo.Generate(ctx, a.Store, size, *seed, demo.WithFraction(*fraction),
			demo.WithProgress(func(line string) { fmt.Fprintln(sio.out, line) }))
		if err != nil {
			return err
		}
		link, err := signInLink(ctx, a, res.Admin.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(sio.out, "Demo network ready: %d people, %d organizations, %d cities.\n\nSign in as the demo administrator (%s) with this link:\n  %s\n\n",
			res.Members, res.Organizations, res.Cities, res.Admin.Email, link)
		return nil
	})
}

// signInLink makes a one-time sign-in link for an account, valid for a day.
func signInLink(ctx context.Context, a *app.App, accountID int64) (string, error) {
	var secret string
	err := a.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		secret, err = tx.CreateMagicLink(ctx, &accountID, store.LinkSignIn, 24*time.Hour, "/")
		return err
	})
	return a.Config.BaseURL + "/signin/link?token=" + secret, err
}

// runMigrate applies migrations and reports the schema version.
func runMigrate(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	status, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(sio.out, "database is at schema version %d (%s)\n", status.Current, engineName(cfg.DB))
	return nil
}

// runVersion prints the version.
func runVersion(ctx context.Context, args []string, sio stdio) error {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	fmt.Fprintf(sio.out, "kindred %s (%s, %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
