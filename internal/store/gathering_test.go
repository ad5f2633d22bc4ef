package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

var dinnerStart = time.Date(2026, 4, 15, 23, 30, 0, 0, time.UTC) // 18:30 in Chicago

func createGathering(t *testing.T, s *store.Store, g kindred.Gathering) *kindred.Gathering {
	t.Helper()
	var out *kindred.Gathering
	err := s.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = tx.CreateGathering(context.Background(), g)
		return err
	})
	if err != nil {
		t.Fatalf("create gathering: %v", err)
	}
	return out
}

func guests(t *testing.T, s *store.Store, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		m := createMember(t, s, &kindred.Member{Name: fmt.Sprintf("Guest %03d", i), Email: fmt.Sprintf("guest%03d@example.org", i)})
		ids[i] = m.ID
	}
	return ids
}

func rsvp(t *testing.T, s *store.Store, gid, mid int64, st kindred.RSVPStatus) *kindred.RSVPResult {
	t.Helper()
	var res *kindred.RSVPResult
	err := s.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		res, err = tx.RSVP(context.Background(), kindred.RSVPRequest{GatheringID: gid, MemberID: mid, Status: st})
		return err
	})
	if err != nil {
		t.Fatalf("rsvp %d %s: %v", mid, st, err)
	}
	return res
}

func dinner(f fixture, capacity int) kindred.Gathering {
	return kindred.Gathering{CityID: f.chicago, Title: "Chicago CoP dinner", Capacity: capacity, TableSize: 6,
		StartsAt: dinnerStart, EndsAt: dinnerStart.Add(3 * time.Hour), Status: kindred.GatheringOpen,
		Questions: []string{"What practice are you bringing?"}, DietsServed: []string{"vegan", "halal"}}
}

func TestGatheringCreateAndRead(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		host := createMember(t, s, &kindred.Member{Name: "Hana Host", Email: "hana@example.org"})
		var series kindred.Series
		err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
			series, err = tx.CreateSeries(ctx, kindred.Series{Name: "Spring Community of Practice dinners"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		g := dinner(f, 12)
		g.SeriesID, g.HostIDs, g.OrganizationIDs = series.ID, []int64{host.ID}, []int64{f.union, f.clinic}
		got := createGathering(t, s, g)
		if got.TimeZone != "America/Chicago" || got.SeriesName != series.Name || got.CityName != "Chicago" {
			t.Errorf("got zone %q series %q city %q", got.TimeZone, got.SeriesName, got.CityName)
		}
		if !got.StartsAt.Equal(dinnerStart) || got.LocalStart().Hour() != 18 {
			t.Errorf("got start %v (local %v), want %v at 18:30 local", got.StartsAt, got.LocalStart(), dinnerStart)
		}
		if len(got.HostIDs) != 1 || len(got.OrganizationIDs) != 2 || len(got.Questions) != 1 || len(got.DietsServed) != 2 {
			t.Errorf("got parts %+v", got)
		}
		up, err := s.ListGatherings(ctx, store.GatheringFilter{Now: dinnerStart.Add(-time.Hour), SeriesID: series.ID})
		if err != nil || len(up) != 1 {
			t.Fatalf("upcoming in series: %d, %v", len(up), err)
		}
		past, err := s.ListGatherings(ctx, store.GatheringFilter{Now: dinnerStart.Add(24 * time.Hour), Past: true})
		if err != nil || len(past) != 1 {
			t.Fatalf("past: %d, %v", len(past), err)
		}
	})
}

func TestGatheringValidation(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		f := seedDirectory(t, s)
		tests := []struct {
			name  string
			edit  func(*kindred.Gathering)
			field string
		}{
			{"no title", func(g *kindred.Gathering) { g.Title = " " }, "title"},
			{"no seats", func(g *kindred.Gathering) { g.Capacity = 0 }, "capacity"},
			{"ends before start", func(g *kindred.Gathering) { g.EndsAt = g.StartsAt.Add(-time.Hour) }, "ends_at"},
			{"unknown city", func(g *kindred.Gathering) { g.CityID = 999 }, "city_id"},
			{"bad status", func(g *kindred.Gathering) { g.Status = "maybe" }, "status"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				g := dinner(f, 10)
				tt.edit(&g)
				err := s.WithTx(context.Background(), func(tx *store.Tx) error {
					_, err := tx.CreateGathering(context.Background(), g)
					return err
				})
				if kindred.ErrorFields(err)[tt.field] == "" {
					t.Errorf("got %v, want a problem with %s", err, tt.field)
				}
			})
		}
	})
}

func TestParseLocalTimeDSTGap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date, clock string
		want        string // UTC, or "" for an error
	}{
		{"2026-03-08", "02:30", ""}, // clocks jump 02:00 → 03:00 in Chicago
		{"2026-03-08", "03:30", "2026-03-08T08:30:00Z"},
		{"2026-11-01", "01:30", "2026-11-01T06:30:00Z"}, // ambiguous: the earlier (CDT) instant
		{"2026-04-15", "18:30", "2026-04-15T23:30:00Z"},
		{"2026-04-31", "18:30", ""},
	}
	for _, tt := range tests {
		got, err := kindred.ParseLocalTime(tt.date, tt.clock, "America/Chicago", "starts_at")
		if tt.want == "" {
			if kindred.ErrorFields(err)["starts_at"] == "" {
				t.Errorf("%s %s: got %v, %v; want a starts_at problem", tt.date, tt.clock, got, err)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("%s %s: got %v, %v; want %s", tt.date, tt.clock, got, err, tt.want)
		}
	}
}

func TestRSVPWaitlistAndPromotionInOrder(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 2))
		ids := guests(t, s, 5)
		want := []kindred.RSVPStatus{kindred.RSVPGoing, kindred.RSVPGoing, kindred.RSVPWaitlist, kindred.RSVPWaitlist, kindred.RSVPWaitlist}
		for i, id := range ids {
			if got := rsvp(t, s, g.ID, id, kindred.RSVPGoing).RSVP.Status; got != want[i] {
				t.Errorf("guest %d: got %s, want %s", i, got, want[i])
			}
		}
		// Saying yes again keeps one's place in line.
		if got := rsvp(t, s, g.ID, ids[3], kindred.RSVPGoing); got.RSVP.Status != kindred.RSVPWaitlist || got.Changed {
			t.Errorf("repeat yes: got %s changed=%v", got.RSVP.Status, got.Changed)
		}
		res := rsvp(t, s, g.ID, ids[0], kindred.RSVPDeclined)
		if len(res.Promoted) != 1 || res.Promoted[0].MemberID != ids[2] {
			t.Fatalf("first decline promoted %+v, want guest 2", res.Promoted)
		}
		res = rsvp(t, s, g.ID, ids[1], kindred.RSVPDeclined)
		if len(res.Promoted) != 1 || res.Promoted[0].MemberID != ids[3] {
			t.Fatalf("second decline promoted %+v, want guest 3", res.Promoted)
		}
		// A declined guest who comes back joins the end of the line.
		if got := rsvp(t, s, g.ID, ids[0], kindred.RSVPGoing).RSVP.Status; got != kindred.RSVPWaitlist {
			t.Errorf("returning guest: got %s, want waitlist", got)
		}
		list, err := s.ListRSVPs(ctx, g.ID, kindred.RSVPWaitlist)
		if err != nil || len(list) != 2 || list[0].MemberID != ids[4] || list[1].MemberID != ids[0] {
			t.Errorf("waitlist order: %v %v", list, err)
		}
	})
}

func TestCapacityLoweredBelowGoing(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 4))
		ids := guests(t, s, 5)
		for _, id := range ids {
			rsvp(t, s, g.ID, id, kindred.RSVPGoing)
		}
		g.Capacity = 2
		err := s.WithTx(ctx, func(tx *store.Tx) error { _, _, err := tx.UpdateGathering(ctx, *g, false); return err })
		if kindred.ErrorFields(err)["capacity"] == "" {
			t.Fatalf("got %v, want a capacity problem", err)
		}
		var demoted []*kindred.RSVP
		err = s.WithTx(ctx, func(tx *store.Tx) (err error) { _, demoted, err = tx.UpdateGathering(ctx, *g, true); return err })
		if err != nil || len(demoted) != 2 || demoted[0].MemberID != ids[2] || demoted[1].MemberID != ids[3] {
			t.Fatalf("demoted %v, %v; want guests 2 and 3", demoted, err)
		}
		line, _ := s.ListRSVPs(ctx, g.ID, kindred.RSVPWaitlist)
		if len(line) != 3 || line[0].MemberID != ids[2] || line[1].MemberID != ids[3] || line[2].MemberID != ids[4] {
			t.Errorf("waitlist after demotion: %v", line)
		}
		g.Capacity = 3
		var promoted []*kindred.RSVP
		err = s.WithTx(ctx, func(tx *store.Tx) (err error) { promoted, _, err = tx.UpdateGathering(ctx, *g, false); return err })
		if err != nil || len(promoted) != 1 || promoted[0].MemberID != ids[2] {
			t.Errorf("raising capacity promoted %v, %v", promoted, err)
		}
	})
}

func TestRSVPRefusals(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		ids := guests(t, s, 1)
		cancelled := dinner(f, 5)
		cancelled.Status = kindred.GatheringCancelled
		g := createGathering(t, s, cancelled)
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: ids[0], Status: kindred.RSVPGoing})
			return err
		})
		if kindred.ErrorCode(err) != kindred.EINVALID {
			t.Errorf("cancelled: got %v", err)
		}
		open := createGathering(t, s, dinner(f, 5))
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: open.ID, MemberID: ids[0], Status: kindred.RSVPAttended})
			return err
		})
		if kindred.ErrorFields(err)["status"] == "" {
			t.Errorf("member setting attended: got %v", err)
		}
	})
}

func TestApprovalAndCheckIn(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := dinner(seedDirectory(t, s), 5)
		d.ApprovalRequired = true
		g := createGathering(t, s, d)
		ids := guests(t, s, 1)
		if got := rsvp(t, s, g.ID, ids[0], kindred.RSVPGoing).RSVP.Status; got != kindred.RSVPPending {
			t.Fatalf("curated: got %s, want pending", got)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			res, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: ids[0], Status: kindred.RSVPGoing, ByOrganizer: true})
			if err == nil && res.RSVP.Status != kindred.RSVPGoing {
				err = fmt.Errorf("approved: got %s", res.RSVP.Status)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var v *kindred.RSVP
		err = s.WithTx(ctx, func(tx *store.Tx) (err error) { v, err = tx.CheckIn(ctx, g.ID, ids[0], true); return err })
		if err != nil || v.Status != kindred.RSVPAttended || v.CheckedInAt == nil {
			t.Fatalf("check-in: %+v, %v", v, err)
		}
	})
}

func TestInviteRefusesMembersWithoutEmail(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 5))
		noMail := createMember(t, s, &kindred.Member{Name: "Nomi No-Mail"})
		err := s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.Invite(ctx, g.ID, []int64{noMail.ID}, 0); return err })
		if kindred.ErrorCode(err) != kindred.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
		ids := guests(t, s, 2)
		var inv *store.Invitation
		err = s.WithTx(ctx, func(tx *store.Tx) (err error) {
			inv, err = tx.Invite(ctx, g.ID, append(ids, noMail.ID), 0)
			return err
		})
		if err != nil || len(inv.Invited) != 2 || len(inv.NoEmail) != 1 {
			t.Fatalf("got %+v, %v", inv, err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) (err error) { inv, err = tx.Invite(ctx, g.ID, ids, 0); return err })
		if err != nil || len(inv.Already) != 2 {
			t.Errorf("re-invite: %+v %v", inv, err)
		}
	})
}

// TestRSVPConcurrent races many RSVPs against a small dinner through the
// store; the end-to-end version over HTTP is in cmd/kindred.
func TestRSVPConcurrent(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 5))
		ids := guests(t, s, 40)
		var wg sync.WaitGroup
		errs := make(chan error, len(ids))
		for _, id := range ids {
			wg.Go(func() {
				errs <- s.WithTx(ctx, func(tx *store.Tx) error {
					_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing})
					return err
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		going, _ := s.ListRSVPs(ctx, g.ID, kindred.RSVPGoing)
		line, _ := s.ListRSVPs(ctx, g.ID, kindred.RSVPWaitlist)
		if len(going) != 5 || len(line) != 35 {
			t.Errorf("got %d going and %d waitlisted, want 5 and 35", len(going), len(line))
		}
	})
}
