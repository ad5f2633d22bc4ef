// Command rsvp measures RSVP throughput and latency under a race: many
// members, each with their own API token, answer "going" to one small dinner
// at the same moment, through the HTTP API of two Kindred instances sharing
// one database (SQLite file, and PostgreSQL when given). It checks that the
// seats are never oversold and no answer is lost.
//
//	go run ./bench/rsvp [-guests 500] [-seats 20] [-postgres DSN]
//
// Without -postgres it uses KINDRED_TEST_POSTGRES when set. The instances run
// in this process (each with its own pools and job workers); the end-to-end
// test with two kindred serve processes is cmd/kindred's TestRSVPRaceTwoInstances.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/kindredhq/kindred/bench/benchutil"
	"github.com/kindredhq/kindred/internal/app"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

func main() {
	guests := flag.Int("guests", 500, "members answering at once")
	seats := flag.Int("seats", 20, "seats at the dinner")
	pg := flag.String("postgres", os.Getenv("KINDRED_TEST_POSTGRES"), "PostgreSQL server DSN (a scratch database is created and dropped)")
	flag.Parse()
	engines := []struct{ name, dsn string }{{"sqlite", filepath.Join(os.TempDir(), fmt.Sprintf("kindred-rsvp-%d.db", os.Getpid()))}}
	if *pg != "" {
		dsn, drop, err := benchutil.ScratchPostgres(*pg, "kindred_rsvp")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer drop()
		engines = append(engines, struct{ name, dsn string }{"postgres", dsn})
	}
	fmt.Printf("%d members race for %d seats through 2 instances\n\n%-9s %8s %8s %8s %8s %6s %9s\n", *guests, *seats, "engine", "req/s", "p50", "p99", "max", "going", "waitlist")
	for _, e := range engines {
		if err := run(e.name, e.dsn, *guests, *seats); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", e.name+":", err)
			os.Exit(1)
		}
	}
}

// run seeds a dinner on dsn, starts two instances, fires the RSVPs and
// prints one line.
func run(name, dsn string, guests, seats int) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if name == "sqlite" {
		defer os.Remove(dsn)
	}
	bases := make([]string, 2)
	for i := range bases {
		base, err := startInstance(ctx, dsn)
		if err != nil {
			return err
		}
		bases[i] = base
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	gid, tokens, err := seed(ctx, st, guests, seats)
	if err != nil {
		return err
	}
	lat, elapsed, err := fire(bases, gid, tokens)
	if err != nil {
		return err
	}
	going, _ := st.ListRSVPs(ctx, gid, kindred.RSVPGoing)
	line, _ := st.ListRSVPs(ctx, gid, kindred.RSVPWaitlist)
	slices.Sort(lat)
	fmt.Printf("%-9s %8.0f %8v %8v %8v %6d %9d\n", name, float64(guests)/elapsed.Seconds(), lat[len(lat)/2].Round(time.Millisecond),
		lat[len(lat)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), len(going), len(line))
	if len(going) != seats || len(going)+len(line) != guests {
		return fmt.Errorf("%d going and %d waitlisted, want %d and %d", len(going), len(line), seats, guests-seats)
	}
	return nil
}

// startInstance serves a Kindred on a loopback port until ctx ends.
func startInstance(ctx context.Context, dsn string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	base := "http://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), DB: dsn, BaseURL: base}
	cfg.Defaults()
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return "", err
	}
	go func() { _ = a.Serve(ctx, ln); a.Close() }()
	return base, nil
}

// seed stores an admin, an open dinner and guests with API tokens.
func seed(ctx context.Context, st *store.Store, guests, seats int) (int64, []string, error) {
	var gid int64
	tokens := make([]string, guests)
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		// The first account of an install is its administrator; make it
		// someone other than a guest, who must answer as a member.
		if _, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "admin@bench.test"}, ""); err != nil {
			return err
		}
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		start := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Bench dinner", Capacity: seats,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
		if err != nil {
			return err
		}
		gid = g.ID
		for i := range guests {
			a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: fmt.Sprintf("guest%04d@bench.test", i)}, "")
			if err != nil {
				return err
			}
			if _, err := tx.LinkOrCreateMember(ctx, a); err != nil {
				return err
			}
			if tokens[i], _, err = tx.CreateAPIToken(ctx, a.ID, "bench"); err != nil {
				return err
			}
		}
		return nil
	})
	return gid, tokens, err
}

// fire sends every RSVP at once, alternating instances, and returns each
// request's latency and the wall time of the whole race.
func fire(bases []string, gid int64, tokens []string) ([]time.Duration, time.Duration, error) {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: len(tokens)}}
	lat := make([]time.Duration, len(tokens))
	errs := make([]error, len(tokens))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", bases[i%len(bases)], gid),
				bytes.NewReader([]byte(`{"status": "going"}`)))
			req.Header.Set("Authorization", "Bearer "+tok)
			began := time.Now()
			resp, err := client.Do(req)
			lat[i] = time.Since(began)
			if err == nil {
				var v struct{ Status string }
				err = json.NewDecoder(resp.Body).Decode(&v)
				resp.Body.Close()
				if err == nil && resp.StatusCode != http.StatusCreated {
					err = fmt.Errorf("status %d", resp.StatusCode)
				}
			}
			errs[i] = err
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, 0, err
		}
	}
	return lat, time.Since(began), nil
}
