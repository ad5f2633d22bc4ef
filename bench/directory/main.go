// Command directory benchmarks the network directory: importing the large
// demo network (about 30,000 members and 45,000 affiliations) from CSV on
// SQLite and PostgreSQL, and directory search latency on the result.
//
//	go run ./bench/directory [-postgres DSN] [-searches 500]
//
// Without -postgres it uses KINDRED_TEST_POSTGRES when set (./test.sh's
// server, or any empty scratch server), else SQLite only.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/kindredhq/kindred/bench/benchutil"
	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/importer"
	"github.com/kindredhq/kindred/internal/imports"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

func main() {
	pg := flag.String("postgres", os.Getenv("KINDRED_TEST_POSTGRES"), "PostgreSQL server DSN (a scratch database is created and dropped)")
	searches := flag.Int("searches", 500, "directory searches to time")
	size := flag.String("size", "large", "demo network size")
	flag.Parse()
	if err := run(*pg, *searches, demo.Size(*size)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(pg string, searches int, size demo.Size) error {
	files, stats, err := makeFiles(size)
	if err != nil {
		return err
	}
	fmt.Printf("input: %d organizations, %d members, %d affiliations (demo network %q, seed 1)\n\n", stats[0], stats[1], stats[2], size)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tfile\trows\tseconds\trows/s\t")
	engines := []struct{ name, dsn string }{{"sqlite", filepath.Join(os.TempDir(), fmt.Sprintf("kindred-bench-%d.db", os.Getpid()))}}
	if pg != "" {
		dsn, drop, err := benchutil.ScratchPostgres(pg, "kindred_bench")
		if err != nil {
			return err
		}
		defer drop()
		engines = append(engines, struct{ name, dsn string }{"postgres", dsn})
	}
	var lat []string
	for _, e := range engines {
		st, err := open(e.dsn)
		if err != nil {
			return err
		}
		if err := importAll(st, e.name, files, tw); err != nil {
			return err
		}
		lat = append(lat, searchLatency(st, e.name, searches))
		st.Close()
		if e.name == "sqlite" {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(e.dsn + suffix)
			}
		}
	}
	tw.Flush()
	fmt.Println("\ndirectory search (store.ListMembers with a full-text query, 30 per page):")
	for _, l := range lat {
		fmt.Println(l)
	}
	return nil
}

// makeFiles writes the demo network as the three CSV files.
func makeFiles(size demo.Size) (map[imports.Kind][]byte, [3]int, error) {
	net := demo.Network(size, 1)
	var stats [3]int
	orgs := make([]kindred.Organization, len(net.Organizations))
	cityIDs := map[string]int64{}
	cityNames := map[int64]string{}
	for i, c := range demo.Cities {
		cityIDs[c.Name], cityNames[int64(i+1)] = int64(i+1), c.Name
	}
	for i, o := range net.Organizations {
		orgs[i] = o.Organization
		for _, c := range o.Cities {
			orgs[i].CityIDs = append(orgs[i].CityIDs, cityIDs[c])
		}
	}
	members := make([]*kindred.Member, len(net.Members))
	for i := range net.Members {
		m := net.Members[i].Member
		m.Affiliations = nil
		for _, a := range net.Members[i].Affiliations {
			af := a.Affiliation
			af.OrganizationName = net.Organizations[a.Organization].Organization.Name
			m.Affiliations = append(m.Affiliations, af)
			stats[2]++
		}
		members[i] = &m
	}
	stats[0], stats[1] = len(orgs), len(members)
	out := map[imports.Kind][]byte{}
	var b bytes.Buffer
	if err := importer.WriteOrganizations(&b, orgs, func(id int64) string { return cityNames[id] }); err != nil {
		return nil, stats, err
	}
	out[imports.Organizations] = slices.Clone(b.Bytes())
	b.Reset()
	if err := importer.WriteMembers(&b, members); err != nil {
		return nil, stats, err
	}
	out[imports.Members] = slices.Clone(b.Bytes())
	b.Reset()
	if err := importer.WriteAffiliations(&b, members); err != nil {
		return nil, stats, err
	}
	out[imports.Affiliations] = slices.Clone(b.Bytes())
	return out, stats, nil
}

func open(dsn string) (*store.Store, error) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	return st, st.WithTx(ctx, func(tx *store.Tx) error {
		for _, c := range demo.Cities {
			if _, err := tx.CreateCity(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

func importAll(st *store.Store, engine string, files map[imports.Kind][]byte, tw *tabwriter.Writer) error {
	var total time.Duration
	var rows int
	for _, k := range []imports.Kind{imports.Organizations, imports.Members, imports.Affiliations} {
		start := time.Now()
		rep, err := imports.Run(context.Background(), st, k, bytes.NewReader(files[k]), imports.Options{})
		if err != nil {
			return fmt.Errorf("%s %s: %w", engine, k, err)
		}
		if !rep.Applied || len(rep.Errors) > 0 {
			return fmt.Errorf("%s %s: not applied, %d errors, first %v", engine, k, len(rep.Errors), rep.Errors[0])
		}
		d := time.Since(start)
		total += d
		rows += rep.Rows
		fmt.Fprintf(tw, "%s\t%s.csv\t%d\t%.1f\t%.0f\t\n", engine, k, rep.Rows, d.Seconds(), float64(rep.Rows)/d.Seconds())
	}
	fmt.Fprintf(tw, "%s\tall three\t%d\t%.1f\t%.0f\t\n", engine, rows, total.Seconds(), float64(rows)/total.Seconds())
	return nil
}

// searchLatency times searches for words people would type: tags and names.
func searchLatency(st *store.Store, engine string, n int) string {
	ctx := context.Background()
	words := []string{"organizing", "fundraising", "digital", "membership", "relational", "Silva", "Chen", "coalition",
		"storytelling", "volunteer", "base building", "data", "Ana", "power mapping", "surveys", "Okafor"}
	rng := rand.New(rand.NewPCG(1, 2))
	var ds []time.Duration
	hits := 0
	for i := 0; i < n; i++ {
		q := words[rng.IntN(len(words))]
		start := time.Now()
		ms, _, err := st.ListMembers(ctx, store.MemberFilter{Query: q, Limit: 30})
		ds = append(ds, time.Since(start))
		if err != nil {
			return fmt.Sprintf("%s: error %v", engine, err)
		}
		hits += len(ms)
	}
	slices.Sort(ds)
	pct := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	return fmt.Sprintf("  %-8s  %d searches, %.1f results each: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
		engine, n, float64(hits)/float64(n), pct(.5), pct(.95), pct(.99), pct(1))
}
