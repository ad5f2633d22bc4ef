package listening_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// BenchmarkThemesPage reads the themes of a campaign of 100,000 generated
// stories (demo.GenerateStories, themed once by sensemaking.Run) on SQLite,
// as the themes page, the themes API and the report read them.
// KINDRED_BENCH_STORIES sets another number of stories. Setting up takes
// about 40 s (telling, then theming). The warm readings are what most
// readers get; "cold" is the first reader after a change, who builds the
// view for everyone.
//
//	go test ./internal/listening -run '^$' -bench ThemesPage -benchmem -benchtime 10x
func BenchmarkThemesPage(b *testing.B) {
	n := 100_000
	if s := os.Getenv("KINDRED_BENCH_STORIES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("KINDRED_BENCH_STORIES: %v", err)
		}
	}
	ctx := context.Background()
	st := testutil.OpenStore(b, testutil.FreshSQLite(b))
	q, err := jobs.New(jobs.Config{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	began := time.Now()
	c, err := demo.GenerateStories(ctx, st, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	told := time.Since(began)
	run, err := sensemaking.Run(ctx, st, c.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d stories told in %v, themed in %v: %d themes", n, told.Round(time.Second), time.Since(began.Add(told)).Round(time.Second), len(run.Result.Themes))
	admin := &kindred.Viewer{Account: testutil.CreateAccount(b, st, "admin@example.org", kindred.RoleAdmin)}
	member := &kindred.Viewer{Account: testutil.CreateAccount(b, st, "member@example.org", kindred.RoleMember)}
	svc := listening.New(st, q)
	for i, t := range run.Result.Themes {
		sel := store.Selection{StoryID: t.Members[0], Theme: t.Label, Reason: "It matters.", BrightSpot: i%2 == 0}
		if err := svc.Select(ctx, admin, c.Slug, sel); err != nil {
			b.Fatal(err)
		}
	}
	page := func(svc *listening.Service, v *kindred.Viewer) func() error {
		return func() error { _, err := svc.ThemesPage(ctx, v, c.Slug); return err }
	}
	for _, bc := range []struct {
		name string
		read func() error
	}{
		{"page-organizer", page(svc, admin)},
		{"page-member", page(svc, member)},
		{"api", func() error { _, _, err := svc.Themes(ctx, member, c.Slug); return err }},
		{"report", func() error { _, err := svc.Report(ctx, member, c.Slug); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if err := bc.read(); err != nil { // the view is built by then: what most readers get
				b.Fatal(err)
			}
			for b.Loop() {
				if err := bc.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The first reader after a change builds the view for everyone.
	b.Run("page-organizer-cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			read := page(listening.New(st, q), admin) // an empty cache
			b.StartTimer()
			if err := read(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
