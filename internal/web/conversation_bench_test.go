package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// threadPosts is the length of the thread BenchmarkConversationPage reads.
const threadPosts = 1000

// BenchmarkConversationPage reads a practice's conversation of 1,000 posts
// through the real server, signed in as the demo's administrator: its
// newest page, a page in the middle, and the API's largest page. It reports
// p50 and p99 latencies (target: p99 < 50 ms). With KINDRED_BENCH_DB (a
// database made by `kindred demo --size large`, copied first) it runs on
// that network; otherwise on a fresh small demo.
//
//	KINDRED_BENCH_DB=/tmp/large.db go test ./internal/web -run '^$' -bench ConversationPage -benchtime 400x
func BenchmarkConversationPage(b *testing.B) {
	srv := benchDemoServer(b)
	ctx := context.Background()
	admin, err := srv.Store.AccountByEmail(ctx, demo.AdminEmail)
	if err != nil {
		b.Fatal(err)
	}
	place, middle := longThread(b, srv.Store)
	web := testutil.SignedInClient(b, srv, admin.ID)
	var token string
	err = srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		token, _, err = tx.CreateAPIToken(ctx, admin.ID, "bench")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, rt := range []struct{ name, path, token string }{
		{"newest", place.Path(), ""},
		{"middle", fmt.Sprintf("%s?from=%d", place.Path(), middle), ""},
		{"api-200", "/api/v1" + place.Path() + "?limit=200", token},
	} {
		b.Run(rt.name, func(b *testing.B) {
			var took []time.Duration
			cpu0 := cpuTime(b)
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+rt.path, nil)
				client := web
				if rt.token != "" {
					client = testutil.Client()
					req.Header.Set("Authorization", "Bearer "+rt.token)
				}
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				took = append(took, time.Since(start))
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s: status %d", rt.path, resp.StatusCode)
				}
			}
			// The machine may be shared: CPU time per request (client and
			// server are this process) does not depend on its load.
			b.ReportMetric(ms(cpuTime(b)-cpu0)/float64(len(took)), "cpu-ms/op")
			slices.Sort(took)
			b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
			b.ReportMetric(ms(took[min(len(took)-1, len(took)*99/100)]), "p99-ms")
		})
	}
}

// cpuTime is the CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchDemoServer serves a copy of KINDRED_BENCH_DB, or a fresh small demo.
func benchDemoServer(b *testing.B) *testutil.Server {
	b.Helper()
	if src := os.Getenv("KINDRED_BENCH_DB"); src != "" {
		dsn := filepath.Join(b.TempDir(), "kindred.db")
		data, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(dsn, data, 0o600); err != nil {
			b.Fatal(err)
		}
		return testutil.StartServer(b, testutil.ServerOptions{DSN: dsn})
	}
	srv := testutil.StartServer(b, testutil.ServerOptions{})
	if _, err := demo.Generate(context.Background(), srv.Store, demo.Small, 1); err != nil {
		b.Fatal(err)
	}
	return srv
}

// longThread writes threadPosts posts by demo members in the first
// practice's conversation and returns its place and the id of the post in
// the middle.
func longThread(b *testing.B, s *store.Store) (kindred.Place, int64) {
	b.Helper()
	ctx := context.Background()
	practices, err := s.ListPractices(ctx, store.PracticeFilter{Limit: 1})
	if err != nil || len(practices) == 0 {
		b.Fatalf("no practice: %v", err)
	}
	members, _, err := s.ListMembers(ctx, store.MemberFilter{Limit: 100})
	if err != nil || len(members) == 0 {
		b.Fatalf("no members: %v", err)
	}
	place := kindred.Place{Kind: kindred.PlacePractice, RefID: practices[0].Practice.ID}
	var middle int64
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		th, err := tx.EnsureThread(ctx, place, practices[0].Practice.Title)
		if err != nil {
			return err
		}
		for i := range threadPosts {
			body := fmt.Sprintf("Post %d. We tried this with **%d volunteers** and it [worked](/practices) better than we hoped.\n\n- first step\n- second step", i, i%40)
			id, err := tx.AddPost(ctx, kindred.Post{ThreadID: th.ID, AuthorMemberID: members[i%len(members)].ID, Body: body, Via: kindred.ViaWeb})
			if err != nil {
				return err
			}
			if i == threadPosts/2 {
				middle = id
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return place, middle
}
