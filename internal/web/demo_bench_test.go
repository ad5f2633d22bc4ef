package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// BenchmarkDemoRoutes drives the main pages and API lists of a demo network
// through the real server, to profile them with -cpuprofile. It needs a
// database made by `kindred demo` (KINDRED_DB=FILE kindred demo --size large,
// stopped once ready) named by KINDRED_BENCH_DB; the file is copied first.
//
//	KINDRED_BENCH_DB=/tmp/large.db go test ./internal/web -run '^$' -bench DemoRoutes -cpuprofile cpu.out
func BenchmarkDemoRoutes(b *testing.B) {
	src := os.Getenv("KINDRED_BENCH_DB")
	if src == "" {
		b.Skip("KINDRED_BENCH_DB names no demo database")
	}
	dsn := filepath.Join(b.TempDir(), "kindred.db")
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dsn, data, 0o600); err != nil {
		b.Fatal(err)
	}
	srv := testutil.StartServer(b, testutil.ServerOptions{DSN: dsn})
	ctx := context.Background()
	admin, err := srv.Store.AccountByEmail(ctx, "robin@demo.kindred.example")
	if err != nil {
		b.Fatal(err)
	}
	web := testutil.SignedInClient(b, srv, admin.ID)
	var token string
	err = srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		token, _, err = tx.CreateAPIToken(ctx, admin.ID, "bench")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	ms, _, err := srv.Store.ListMembers(ctx, store.MemberFilter{After: "", Limit: 1})
	if err != nil || len(ms) == 0 {
		b.Fatalf("a member: %v", err)
	}
	pages := memberCursors(b, srv.Store)
	routes := []struct {
		name, path string
		api        bool
	}{
		{"home", "/", false}, {"network", "/network", false}, {"search", "/network?q=organizing", false},
		{"organizations", "/network/organizations", false}, {"member", fmt.Sprintf("/network/members/%d", ms[0].ID), false},
		{"practices", "/practices", false}, {"gatherings", "/gatherings", false}, {"emergence", "/emergence", false},
		{"api-members", "/api/v1/members", true}, {"api-organizations", "/api/v1/organizations", true},
		{"api-cities", "/api/v1/cities", true}, {"api-practices", "/api/v1/practices", true},
		{"api-gatherings", "/api/v1/gatherings", true},
		{"practice", "/practices/rotating-facilitation", false}, {"gathering", "/gatherings/6", false},
		{"api-members-uncached", "/api/v1/members?bench=", true},
		{"api-organizations-uncached", "/api/v1/organizations?bench=", true},
		{"api-practices-uncached", "/api/v1/practices?bench=", true},
		{"api-gatherings-uncached", "/api/v1/gatherings?bench=", true},
		{"api-members-pages-uncached", "/api/v1/members?next=PAGE&bench=", true},
	}
	n := 0
	for _, rt := range routes {
		b.Run(rt.name, func(b *testing.B) {
			for b.Loop() {
				path := rt.path
				if strings.HasSuffix(path, "bench=") {
					n++ // a URL of its own, so the answer cache never serves it
					path += strconv.Itoa(n)
				}
				path = strings.Replace(path, "PAGE", url.QueryEscape(pages[n%len(pages)]), 1)
				req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
				c := web
				if rt.api {
					req.Header.Set("Authorization", "Bearer "+token)
					c = http.DefaultClient
				}
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", rt.path, resp.StatusCode)
				}
			}
		})
	}
}

// memberCursors returns the cursors of every page of 50 members (the API's
// default; "" for the first), so a route can ask for another page each time.
func memberCursors(b *testing.B, s *store.Store) []string {
	cursors := []string{""}
	for {
		_, next, err := s.ListMembers(context.Background(), store.MemberFilter{After: cursors[len(cursors)-1], Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		if next == "" {
			return cursors
		}
		cursors = append(cursors, next)
	}
}
