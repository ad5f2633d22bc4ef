package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// loadGuests is how many members race for the 20 seats.
const (
	loadGuests = 520
	loadSeats  = 20
)

// TestRSVPRaceTwoInstances fires loadGuests concurrent RSVPs from distinct
// members, each with their own API token, at a 20-seat dinner through the
// HTTP API of two kindred serve processes sharing one database — PostgreSQL,
// and one SQLite file — and checks that exactly 20 are going, the rest are
// waitlisted in the order they were answered, none is lost, and declines
// promote the waitlist in order.
func TestRSVPRaceTwoInstances(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the binary and runs two servers")
	}
	bin := buildKindred(t)
	engines := []struct{ name, dsn string }{{"sqlite", filepath.Join(t.TempDir(), "race.db")}}
	if testutil.PostgresDSN(t) != "" {
		engines = append(engines, struct{ name, dsn string }{"postgres", testutil.FreshPostgres(t)})
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			f := seedRace(t, e.dsn, loadGuests, loadSeats)
			env := []string{"KINDRED_DB=" + e.dsn}
			bases := []string{startInstance(t, bin, env), startInstance(t, bin, env)}
			results := fireRSVPs(t, bases, f, "going")
			checkRace(t, f, results)
			checkPromotionsInOrder(t, bases, f)
		})
	}
}

// raceFixture is the seeded dinner and its would-be guests.
type raceFixture struct {
	store       *store.Store
	gatheringID int64
	adminToken  string
	members     []int64
	tokens      []string
}

// seedRace stores a dinner with seats and guests members, each with an API token.
func seedRace(t *testing.T, dsn string, guests, seats int) *raceFixture {
	t.Helper()
	ctx := context.Background()
	s := testutil.OpenStore(t, dsn)
	f := &raceFixture{store: s, members: make([]int64, guests), tokens: make([]string, guests)}
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		admin, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "admin@race.test", Role: kindred.RoleAdmin}, "")
		if err != nil {
			return err
		}
		if f.adminToken, _, err = tx.CreateAPIToken(ctx, admin.ID, "race"); err != nil {
			return err
		}
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		start := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Race dinner", Capacity: seats, TableSize: 5,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
		if err != nil {
			return err
		}
		f.gatheringID = g.ID
		return seedGuests(ctx, tx, f)
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return f
}

func seedGuests(ctx context.Context, tx *store.Tx, f *raceFixture) error {
	for i := range f.members {
		a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: fmt.Sprintf("guest%03d@race.test", i), Name: fmt.Sprintf("Guest %03d", i)}, "")
		if err != nil {
			return err
		}
		if f.members[i], err = tx.LinkOrCreateMember(ctx, a); err != nil {
			return err
		}
		if f.tokens[i], _, err = tx.CreateAPIToken(ctx, a.ID, "race"); err != nil {
			return err
		}
	}
	return nil
}

// rsvpOutcome is one request's answer.
type rsvpOutcome struct {
	member  int64
	status  string
	code    int
	latency time.Duration
	err     error
}

// fireRSVPs sends one RSVP per guest, all at once, alternating instances.
func fireRSVPs(t *testing.T, bases []string, f *raceFixture, status string) []rsvpOutcome {
	t.Helper()
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: loadGuests, MaxConnsPerHost: 0}}
	out := make([]rsvpOutcome, loadGuests)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range loadGuests {
		wg.Go(func() {
			<-start
			url := fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", bases[i%len(bases)], f.gatheringID)
			out[i] = postRSVP(client, url, f.tokens[i], map[string]any{"status": status})
			out[i].member = f.members[i]
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	lat := make([]time.Duration, 0, len(out))
	for _, o := range out {
		lat = append(lat, o.latency)
	}
	slices.Sort(lat)
	t.Logf("%d concurrent RSVPs over %d instances: %.0f req/s, p50 %v, p99 %v, max %v", loadGuests, len(bases),
		float64(loadGuests)/elapsed.Seconds(), lat[len(lat)/2].Round(time.Millisecond),
		lat[len(lat)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	return out
}

func postRSVP(client *http.Client, url, token string, body map[string]any) rsvpOutcome {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	began := time.Now()
	resp, err := client.Do(req)
	o := rsvpOutcome{latency: time.Since(began), err: err}
	if err != nil {
		return o
	}
	defer resp.Body.Close()
	o.code = resp.StatusCode
	var v struct {
		Status string `json:"status"`
	}
	o.err = json.NewDecoder(resp.Body).Decode(&v)
	o.status = v.Status
	return o
}

// checkRace compares the answers with what is stored.
func checkRace(t *testing.T, f *raceFixture, results []rsvpOutcome) {
	t.Helper()
	answered := map[string]int{}
	for _, o := range results {
		if o.err != nil || o.code != http.StatusCreated {
			t.Fatalf("member %d: %d %v", o.member, o.code, o.err)
		}
		answered[o.status]++
	}
	if answered["going"] != loadSeats || answered["waitlist"] != loadGuests-loadSeats {
		t.Errorf("answers: %v, want %d going and %d waitlist", answered, loadSeats, loadGuests-loadSeats)
	}
	all, err := f.store.ListRSVPs(context.Background(), f.gatheringID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[kindred.RSVPStatus]int{}
	for _, v := range all {
		stored[v.Status]++
	}
	if len(all) != loadGuests || stored[kindred.RSVPGoing] != loadSeats || stored[kindred.RSVPWaitlist] != loadGuests-loadSeats {
		t.Errorf("stored %d RSVPs %v, want %d with %d going", len(all), stored, loadGuests, loadSeats)
	}
	for _, o := range results {
		if got := statusOf(all, o.member); string(got) != o.status {
			t.Errorf("member %d was told %s but is stored as %s", o.member, o.status, got)
		}
	}
}

func statusOf(all []*kindred.RSVP, member int64) kindred.RSVPStatus {
	for _, v := range all {
		if v.MemberID == member {
			return v.Status
		}
	}
	return ""
}

// checkPromotionsInOrder has five seated guests decline at once and checks
// that the first five in line take their seats.
func checkPromotionsInOrder(t *testing.T, bases []string, f *raceFixture) {
	t.Helper()
	ctx := context.Background()
	line, err := f.store.ListRSVPs(ctx, f.gatheringID, kindred.RSVPWaitlist)
	if err != nil {
		t.Fatal(err)
	}
	going, _ := f.store.ListRSVPs(ctx, f.gatheringID, kindred.RSVPGoing)
	client := &http.Client{Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	for i, v := range going[:5] {
		idx := slices.Index(f.members, v.MemberID)
		wg.Go(func() {
			url := fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", bases[i%len(bases)], f.gatheringID)
			if o := postRSVP(client, url, f.tokens[idx], map[string]any{"status": "declined"}); o.err != nil || o.status != "declined" {
				t.Errorf("decline: %+v", o)
			}
		})
	}
	wg.Wait()
	after, _ := f.store.ListRSVPs(ctx, f.gatheringID, kindred.RSVPGoing)
	if len(after) != loadSeats {
		t.Fatalf("%d going after declines, want %d", len(after), loadSeats)
	}
	for _, v := range line[:5] {
		if statusOf(after, v.MemberID) != kindred.RSVPGoing {
			t.Errorf("member %d, early in line, was not promoted", v.MemberID)
		}
	}
	if statusOf(after, line[5].MemberID) == kindred.RSVPGoing {
		t.Errorf("member %d, sixth in line, was promoted", line[5].MemberID)
	}
}
