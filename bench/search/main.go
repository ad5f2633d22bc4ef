// Command search benchmarks full-text search over the practice library and
// harvest notes with permission filtering, as the practices page runs it:
// store.SearchNotes (the network's notes, those of the invite-only dinners
// the viewer may see and the viewer's own tables' off-the-record ones, each
// hit checked by the visibility rule) and
// store.ListPractices with a query. The documents are made by the demo's
// generator (demo.CorpusPractice, demo.CorpusNote) and written through the
// store, so they are indexed exactly as in use:
//
//	go run ./bench/search                       # SQLite only
//	go run ./bench/search -postgres postgres://…  # and PostgreSQL (a scratch database is created and dropped)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/kindredhq/kindred/bench/benchutil"
	"github.com/kindredhq/kindred/internal/store"
)

// queries are what people type into the practices page's search box.
var queries = []string{"sms", "one-to-ones", "dues", "volunteer onboarding", "budget circles", "crm", "interpreters",
	"house meetings", "text banking", "new leaders", "coalition", "turnout", "facilitation", "power map", "whatsapp",
	"sign-in", "bilingual", "story circles", "council vote", "neighbours"}

type config struct {
	practices, notes, members, searches int
	sqlitePath                          string // kept between runs when set; an existing file is not loaded again
}

func main() {
	pg := flag.String("postgres", os.Getenv("KINDRED_TEST_POSTGRES"), "PostgreSQL server DSN (a scratch database is created and dropped)")
	var c config
	flag.IntVar(&c.practices, "practices", 10000, "practices to generate")
	flag.IntVar(&c.notes, "notes", 40000, "harvest notes to generate")
	flag.IntVar(&c.members, "members", 600, "members (note-takers and table mates)")
	flag.IntVar(&c.searches, "searches", 400, "searches to time per engine")
	flag.StringVar(&c.sqlitePath, "sqlite", "", "SQLite file to keep (and reuse when it exists) instead of a temporary one")
	flag.Parse()
	if err := run(*pg, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type engine struct{ name, dsn string }

func run(pg string, c config) error {
	engines := []engine{{"sqlite", filepath.Join(os.TempDir(), fmt.Sprintf("kindred-search-%d.db", os.Getpid()))}}
	if c.sqlitePath != "" {
		engines[0].dsn = c.sqlitePath
	}
	if pg != "" {
		dsn, drop, err := benchutil.ScratchPostgres(pg, "kindred_search")
		if err != nil {
			return err
		}
		defer drop()
		engines = append(engines, engine{"postgres", dsn})
	}
	fmt.Printf("search benchmark: %d practices + %d harvest notes = %d documents, %d searches per engine\n\n",
		c.practices, c.notes, c.practices+c.notes, c.searches)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tsearch\tload s\thits\tp50 ms\tp95 ms\tp99 ms\tmax ms\t")
	for _, e := range engines {
		if err := runEngine(e, c, tw); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if e.name == "sqlite" && c.sqlitePath == "" {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(e.dsn + suffix)
			}
		}
	}
	return tw.Flush()
}

func runEngine(e engine, c config, tw *tabwriter.Writer) error {
	ctx := context.Background()
	_, statErr := os.Stat(e.dsn) // before Open creates the file
	st, err := store.Open(ctx, e.dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	reuse := e.name == "sqlite" && c.sqlitePath != "" && statErr == nil
	members, err := load(ctx, st, c, reuse)
	if err != nil {
		return err
	}
	if err := st.Analyze(ctx); err != nil {
		return err
	}
	loaded := time.Since(start).Seconds()
	fmt.Fprintf(os.Stderr, "  %s: loaded in %.0f s\n", e.name, loaded)
	for _, r := range measure(ctx, st, members, c.searches) {
		if r.err != nil {
			return r.err
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", e.name, r.what, loaded, r.hits, r.pct(.5), r.pct(.95), r.pct(.99), r.pct(1))
	}
	return nil
}
